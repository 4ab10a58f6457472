/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query FuzzUnreadCount { unreadNotificationCount }": typeof types.FuzzUnreadCountDocument,
    "\n    mutation FuzzSend($input: SendNotificationInput!) { sendNotification(input: $input) { sent notificationId } }\n  ": typeof types.FuzzSendDocument,
    "\n    mutation FuzzSendPersonal($input: SendNotificationInput!) { sendPersonalNotification(input: $input) { sent notificationId } }\n  ": typeof types.FuzzSendPersonalDocument,
    "\n    mutation FuzzSendSystem($input: SendNotificationInput!) { sendSystemNotification(input: $input) { sent notificationId } }\n  ": typeof types.FuzzSendSystemDocument,
    "\n    mutation FuzzSendMany($inputs: [SendNotificationInput!]!) { sendNotifications(inputs: $inputs) { index sent notificationId error { code message } } }\n  ": typeof types.FuzzSendManyDocument,
    "\n    mutation FuzzMarkManyRead($ids: [ID!]!, $read: Boolean) { markNotificationsRead(ids: $ids, read: $read) { ids read unreadCount } }\n  ": typeof types.FuzzMarkManyReadDocument,
    "\n    mutation FuzzMarkRead($id: ID!, $read: Boolean, $scope: NotificationReadScope) { markNotificationRead(id: $id, read: $read, scope: $scope) { ids read unreadCount } }\n  ": typeof types.FuzzMarkReadDocument,
    "mutation FuzzMarkAllRead { markAllNotificationsRead { unreadCount } }": typeof types.FuzzMarkAllReadDocument,
    "\n    mutation FuzzAnswer($id: ID!, $text: String!) { answerNotification(id: $id, text: $text) { answered messages } }\n  ": typeof types.FuzzAnswerDocument,
    "\n    mutation FuzzConfirm($id: ID!, $value: String!) { confirmNotification(id: $id, value: $value) { confirmed messages unreadCount } }\n  ": typeof types.FuzzConfirmDocument,
    "\n    mutation FuzzDelete($input: DeleteNotificationsInput!) { deleteNotifications(input: $input) { deleted unreadCount } }\n  ": typeof types.FuzzDeleteDocument,
    "\n  mutation Send($input: SendNotificationInput!) { sendNotification(input: $input) { sent notificationId } }\n": typeof types.SendDocument,
    "\n  mutation SendPersonal($input: SendNotificationInput!) { sendPersonalNotification(input: $input) { sent notificationId } }\n": typeof types.SendPersonalDocument,
    "\n  mutation SendSystem($input: SendNotificationInput!) { sendSystemNotification(input: $input) { sent notificationId } }\n": typeof types.SendSystemDocument,
    "\n  mutation SendMany($inputs: [SendNotificationInput!]!) { sendNotifications(inputs: $inputs) { index sent notificationId error { code message } } }\n": typeof types.SendManyDocument,
    "\n  mutation MarkRead($id: ID!, $read: Boolean, $scope: NotificationReadScope) { markNotificationRead(id: $id, read: $read, scope: $scope) { ids read unreadCount } }\n": typeof types.MarkReadDocument,
    "\n  mutation MarkManyRead($ids: [ID!]!, $read: Boolean) { markNotificationsRead(ids: $ids, read: $read) { ids read unreadCount } }\n": typeof types.MarkManyReadDocument,
    "mutation MarkAllRead { markAllNotificationsRead { unreadCount } }": typeof types.MarkAllReadDocument,
    "mutation Answer($id: ID!, $text: String!) { answerNotification(id: $id, text: $text) { answered messages } }": typeof types.AnswerDocument,
    "mutation Confirm($id: ID!, $value: String!) { confirmNotification(id: $id, value: $value) { confirmed messages unreadCount } }": typeof types.ConfirmDocument,
    "mutation Delete($input: DeleteNotificationsInput!) { deleteNotifications(input: $input) { deleted unreadCount } }": typeof types.DeleteDocument,
    "\n  query Inbox($first: Int!, $after: String) {\n    notifications(first: $first, after: $after) {\n      totalCount\n      unreadCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id kind text read date canAnswer author { id name } buttons { title value kind } attachments } }\n    }\n    notificationSchema { modules { id name types { id name } } }\n  }\n": typeof types.InboxDocument,
    "\n  query History($filter: NotificationHistoryFilter!, $first: Int, $after: String) {\n    notificationHistory(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id text author { id } } }\n    }\n  }\n": typeof types.HistoryDocument,
    "query HistoryBackward($filter: NotificationHistoryFilter!) { notificationHistory(filter: $filter, last: 2) { totalCount } }": typeof types.HistoryBackwardDocument,
    "query PageSize($first: Int!) { notifications(first: $first) { totalCount } }": typeof types.PageSizeDocument,
    "query Counters { unreadNotificationCount viewer { id name } }": typeof types.CountersDocument,
    "query WsUnreadCount { unreadNotificationCount }": typeof types.WsUnreadCountDocument,
    "query WsViewer { viewer { id name } }": typeof types.WsViewerDocument,
    "\n  mutation WsSend($input: SendNotificationInput!) { sendNotification(input: $input) { sent notificationId } }\n": typeof types.WsSendDocument,
};
const documents: Documents = {
    "query FuzzUnreadCount { unreadNotificationCount }": types.FuzzUnreadCountDocument,
    "\n    mutation FuzzSend($input: SendNotificationInput!) { sendNotification(input: $input) { sent notificationId } }\n  ": types.FuzzSendDocument,
    "\n    mutation FuzzSendPersonal($input: SendNotificationInput!) { sendPersonalNotification(input: $input) { sent notificationId } }\n  ": types.FuzzSendPersonalDocument,
    "\n    mutation FuzzSendSystem($input: SendNotificationInput!) { sendSystemNotification(input: $input) { sent notificationId } }\n  ": types.FuzzSendSystemDocument,
    "\n    mutation FuzzSendMany($inputs: [SendNotificationInput!]!) { sendNotifications(inputs: $inputs) { index sent notificationId error { code message } } }\n  ": types.FuzzSendManyDocument,
    "\n    mutation FuzzMarkManyRead($ids: [ID!]!, $read: Boolean) { markNotificationsRead(ids: $ids, read: $read) { ids read unreadCount } }\n  ": types.FuzzMarkManyReadDocument,
    "\n    mutation FuzzMarkRead($id: ID!, $read: Boolean, $scope: NotificationReadScope) { markNotificationRead(id: $id, read: $read, scope: $scope) { ids read unreadCount } }\n  ": types.FuzzMarkReadDocument,
    "mutation FuzzMarkAllRead { markAllNotificationsRead { unreadCount } }": types.FuzzMarkAllReadDocument,
    "\n    mutation FuzzAnswer($id: ID!, $text: String!) { answerNotification(id: $id, text: $text) { answered messages } }\n  ": types.FuzzAnswerDocument,
    "\n    mutation FuzzConfirm($id: ID!, $value: String!) { confirmNotification(id: $id, value: $value) { confirmed messages unreadCount } }\n  ": types.FuzzConfirmDocument,
    "\n    mutation FuzzDelete($input: DeleteNotificationsInput!) { deleteNotifications(input: $input) { deleted unreadCount } }\n  ": types.FuzzDeleteDocument,
    "\n  mutation Send($input: SendNotificationInput!) { sendNotification(input: $input) { sent notificationId } }\n": types.SendDocument,
    "\n  mutation SendPersonal($input: SendNotificationInput!) { sendPersonalNotification(input: $input) { sent notificationId } }\n": types.SendPersonalDocument,
    "\n  mutation SendSystem($input: SendNotificationInput!) { sendSystemNotification(input: $input) { sent notificationId } }\n": types.SendSystemDocument,
    "\n  mutation SendMany($inputs: [SendNotificationInput!]!) { sendNotifications(inputs: $inputs) { index sent notificationId error { code message } } }\n": types.SendManyDocument,
    "\n  mutation MarkRead($id: ID!, $read: Boolean, $scope: NotificationReadScope) { markNotificationRead(id: $id, read: $read, scope: $scope) { ids read unreadCount } }\n": types.MarkReadDocument,
    "\n  mutation MarkManyRead($ids: [ID!]!, $read: Boolean) { markNotificationsRead(ids: $ids, read: $read) { ids read unreadCount } }\n": types.MarkManyReadDocument,
    "mutation MarkAllRead { markAllNotificationsRead { unreadCount } }": types.MarkAllReadDocument,
    "mutation Answer($id: ID!, $text: String!) { answerNotification(id: $id, text: $text) { answered messages } }": types.AnswerDocument,
    "mutation Confirm($id: ID!, $value: String!) { confirmNotification(id: $id, value: $value) { confirmed messages unreadCount } }": types.ConfirmDocument,
    "mutation Delete($input: DeleteNotificationsInput!) { deleteNotifications(input: $input) { deleted unreadCount } }": types.DeleteDocument,
    "\n  query Inbox($first: Int!, $after: String) {\n    notifications(first: $first, after: $after) {\n      totalCount\n      unreadCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id kind text read date canAnswer author { id name } buttons { title value kind } attachments } }\n    }\n    notificationSchema { modules { id name types { id name } } }\n  }\n": types.InboxDocument,
    "\n  query History($filter: NotificationHistoryFilter!, $first: Int, $after: String) {\n    notificationHistory(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id text author { id } } }\n    }\n  }\n": types.HistoryDocument,
    "query HistoryBackward($filter: NotificationHistoryFilter!) { notificationHistory(filter: $filter, last: 2) { totalCount } }": types.HistoryBackwardDocument,
    "query PageSize($first: Int!) { notifications(first: $first) { totalCount } }": types.PageSizeDocument,
    "query Counters { unreadNotificationCount viewer { id name } }": types.CountersDocument,
    "query WsUnreadCount { unreadNotificationCount }": types.WsUnreadCountDocument,
    "query WsViewer { viewer { id name } }": types.WsViewerDocument,
    "\n  mutation WsSend($input: SendNotificationInput!) { sendNotification(input: $input) { sent notificationId } }\n": types.WsSendDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query FuzzUnreadCount { unreadNotificationCount }"): (typeof documents)["query FuzzUnreadCount { unreadNotificationCount }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation FuzzSend($input: SendNotificationInput!) { sendNotification(input: $input) { sent notificationId } }\n  "): (typeof documents)["\n    mutation FuzzSend($input: SendNotificationInput!) { sendNotification(input: $input) { sent notificationId } }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation FuzzSendPersonal($input: SendNotificationInput!) { sendPersonalNotification(input: $input) { sent notificationId } }\n  "): (typeof documents)["\n    mutation FuzzSendPersonal($input: SendNotificationInput!) { sendPersonalNotification(input: $input) { sent notificationId } }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation FuzzSendSystem($input: SendNotificationInput!) { sendSystemNotification(input: $input) { sent notificationId } }\n  "): (typeof documents)["\n    mutation FuzzSendSystem($input: SendNotificationInput!) { sendSystemNotification(input: $input) { sent notificationId } }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation FuzzSendMany($inputs: [SendNotificationInput!]!) { sendNotifications(inputs: $inputs) { index sent notificationId error { code message } } }\n  "): (typeof documents)["\n    mutation FuzzSendMany($inputs: [SendNotificationInput!]!) { sendNotifications(inputs: $inputs) { index sent notificationId error { code message } } }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation FuzzMarkManyRead($ids: [ID!]!, $read: Boolean) { markNotificationsRead(ids: $ids, read: $read) { ids read unreadCount } }\n  "): (typeof documents)["\n    mutation FuzzMarkManyRead($ids: [ID!]!, $read: Boolean) { markNotificationsRead(ids: $ids, read: $read) { ids read unreadCount } }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation FuzzMarkRead($id: ID!, $read: Boolean, $scope: NotificationReadScope) { markNotificationRead(id: $id, read: $read, scope: $scope) { ids read unreadCount } }\n  "): (typeof documents)["\n    mutation FuzzMarkRead($id: ID!, $read: Boolean, $scope: NotificationReadScope) { markNotificationRead(id: $id, read: $read, scope: $scope) { ids read unreadCount } }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation FuzzMarkAllRead { markAllNotificationsRead { unreadCount } }"): (typeof documents)["mutation FuzzMarkAllRead { markAllNotificationsRead { unreadCount } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation FuzzAnswer($id: ID!, $text: String!) { answerNotification(id: $id, text: $text) { answered messages } }\n  "): (typeof documents)["\n    mutation FuzzAnswer($id: ID!, $text: String!) { answerNotification(id: $id, text: $text) { answered messages } }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation FuzzConfirm($id: ID!, $value: String!) { confirmNotification(id: $id, value: $value) { confirmed messages unreadCount } }\n  "): (typeof documents)["\n    mutation FuzzConfirm($id: ID!, $value: String!) { confirmNotification(id: $id, value: $value) { confirmed messages unreadCount } }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation FuzzDelete($input: DeleteNotificationsInput!) { deleteNotifications(input: $input) { deleted unreadCount } }\n  "): (typeof documents)["\n    mutation FuzzDelete($input: DeleteNotificationsInput!) { deleteNotifications(input: $input) { deleted unreadCount } }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Send($input: SendNotificationInput!) { sendNotification(input: $input) { sent notificationId } }\n"): (typeof documents)["\n  mutation Send($input: SendNotificationInput!) { sendNotification(input: $input) { sent notificationId } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendPersonal($input: SendNotificationInput!) { sendPersonalNotification(input: $input) { sent notificationId } }\n"): (typeof documents)["\n  mutation SendPersonal($input: SendNotificationInput!) { sendPersonalNotification(input: $input) { sent notificationId } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendSystem($input: SendNotificationInput!) { sendSystemNotification(input: $input) { sent notificationId } }\n"): (typeof documents)["\n  mutation SendSystem($input: SendNotificationInput!) { sendSystemNotification(input: $input) { sent notificationId } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendMany($inputs: [SendNotificationInput!]!) { sendNotifications(inputs: $inputs) { index sent notificationId error { code message } } }\n"): (typeof documents)["\n  mutation SendMany($inputs: [SendNotificationInput!]!) { sendNotifications(inputs: $inputs) { index sent notificationId error { code message } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkRead($id: ID!, $read: Boolean, $scope: NotificationReadScope) { markNotificationRead(id: $id, read: $read, scope: $scope) { ids read unreadCount } }\n"): (typeof documents)["\n  mutation MarkRead($id: ID!, $read: Boolean, $scope: NotificationReadScope) { markNotificationRead(id: $id, read: $read, scope: $scope) { ids read unreadCount } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkManyRead($ids: [ID!]!, $read: Boolean) { markNotificationsRead(ids: $ids, read: $read) { ids read unreadCount } }\n"): (typeof documents)["\n  mutation MarkManyRead($ids: [ID!]!, $read: Boolean) { markNotificationsRead(ids: $ids, read: $read) { ids read unreadCount } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation MarkAllRead { markAllNotificationsRead { unreadCount } }"): (typeof documents)["mutation MarkAllRead { markAllNotificationsRead { unreadCount } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Answer($id: ID!, $text: String!) { answerNotification(id: $id, text: $text) { answered messages } }"): (typeof documents)["mutation Answer($id: ID!, $text: String!) { answerNotification(id: $id, text: $text) { answered messages } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Confirm($id: ID!, $value: String!) { confirmNotification(id: $id, value: $value) { confirmed messages unreadCount } }"): (typeof documents)["mutation Confirm($id: ID!, $value: String!) { confirmNotification(id: $id, value: $value) { confirmed messages unreadCount } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Delete($input: DeleteNotificationsInput!) { deleteNotifications(input: $input) { deleted unreadCount } }"): (typeof documents)["mutation Delete($input: DeleteNotificationsInput!) { deleteNotifications(input: $input) { deleted unreadCount } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Inbox($first: Int!, $after: String) {\n    notifications(first: $first, after: $after) {\n      totalCount\n      unreadCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id kind text read date canAnswer author { id name } buttons { title value kind } attachments } }\n    }\n    notificationSchema { modules { id name types { id name } } }\n  }\n"): (typeof documents)["\n  query Inbox($first: Int!, $after: String) {\n    notifications(first: $first, after: $after) {\n      totalCount\n      unreadCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id kind text read date canAnswer author { id name } buttons { title value kind } attachments } }\n    }\n    notificationSchema { modules { id name types { id name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query History($filter: NotificationHistoryFilter!, $first: Int, $after: String) {\n    notificationHistory(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id text author { id } } }\n    }\n  }\n"): (typeof documents)["\n  query History($filter: NotificationHistoryFilter!, $first: Int, $after: String) {\n    notificationHistory(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id text author { id } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query HistoryBackward($filter: NotificationHistoryFilter!) { notificationHistory(filter: $filter, last: 2) { totalCount } }"): (typeof documents)["query HistoryBackward($filter: NotificationHistoryFilter!) { notificationHistory(filter: $filter, last: 2) { totalCount } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PageSize($first: Int!) { notifications(first: $first) { totalCount } }"): (typeof documents)["query PageSize($first: Int!) { notifications(first: $first) { totalCount } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Counters { unreadNotificationCount viewer { id name } }"): (typeof documents)["query Counters { unreadNotificationCount viewer { id name } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query WsUnreadCount { unreadNotificationCount }"): (typeof documents)["query WsUnreadCount { unreadNotificationCount }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query WsViewer { viewer { id name } }"): (typeof documents)["query WsViewer { viewer { id name } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WsSend($input: SendNotificationInput!) { sendNotification(input: $input) { sent notificationId } }\n"): (typeof documents)["\n  mutation WsSend($input: SendNotificationInput!) { sendNotification(input: $input) { sent notificationId } }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;