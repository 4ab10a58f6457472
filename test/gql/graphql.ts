/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 date-time with offset, e.g. `2026-03-03T09:00:00+03:00`. */
  DateTime: { input: any; output: any; }
  /** Any JSON value (attachments, notification params), nested at most 32 levels. */
  JSON: { input: any; output: any; }
};

export type AnswerNotificationPayload = {
  __typename?: 'AnswerNotificationPayload';
  /** False when the notification is not the viewer's (nothing happened). */
  answered: Scalars['Boolean']['output'];
  /** What the handling module said. */
  messages: Array<Scalars['String']['output']>;
};

export type ConfirmNotificationPayload = {
  __typename?: 'ConfirmNotificationPayload';
  /** False when it is not the viewer's confirm notification. */
  confirmed: Scalars['Boolean']['output'];
  /** What the handling module said; empty when no button has that value. */
  messages: Array<Scalars['String']['output']>;
  /** A confirmed notification is deleted; the unread count after that. */
  unreadCount: Scalars['Int']['output'];
};

/** Exactly one of ids, tag or subTag. */
export type DeleteNotificationsInput = {
  /** Webhook mode only: the client id whose tag space to use (the portal requires one). */
  clientId?: InputMaybe<Scalars['String']['input']>;
  /** The viewer's own notifications. */
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Like tag, on the sub-tag: portal-wide. */
  subTag?: InputMaybe<Scalars['String']['input']>;
  /** Removes this application's notifications with the tag for EVERY recipient on the portal, not just the viewer. */
  tag?: InputMaybe<Scalars['String']['input']>;
};

export type DeleteNotificationsPayload = {
  __typename?: 'DeleteNotificationsPayload';
  /** By ids or subTag: whether anything matched. By tag the portal always says true. */
  deleted: Scalars['Boolean']['output'];
  unreadCount: Scalars['Int']['output'];
};

export type MarkAllNotificationsReadPayload = {
  __typename?: 'MarkAllNotificationsReadPayload';
  /** Confirm notifications stay unread until answered. */
  unreadCount: Scalars['Int']['output'];
};

export type MarkNotificationsReadPayload = {
  __typename?: 'MarkNotificationsReadPayload';
  /** The ids asked for (notifications of other users are ignored by the portal). */
  ids: Array<Scalars['ID']['output']>;
  read: Scalars['Boolean']['output'];
  /** The viewer's unread count after the change. */
  unreadCount: Scalars['Int']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** im.notify.answer: reply to a notification. Nothing stored changes. */
  answerNotification: AnswerNotificationPayload;
  /** im.notify.confirm: press a button (use a NotificationButton.value). The notification is then deleted. */
  confirmNotification: ConfirmNotificationPayload;
  /** im.notify.delete. Careful: by tag or subTag it deletes matching notifications of every recipient on the portal. */
  deleteNotifications: DeleteNotificationsPayload;
  /** im.notify.read.all: everything read except confirm notifications. */
  markAllNotificationsRead: MarkAllNotificationsReadPayload;
  /** im.notify.read: one notification (scope ONLY_THIS, the default) or it and all newer ones. */
  markNotificationRead: MarkNotificationsReadPayload;
  /** im.notify.read.list: marks exactly these notifications read (or unread with read: false; unread also revives notifications sharing their tag). */
  markNotificationsRead: MarkNotificationsReadPayload;
  /** im.notify: a personal or system notification. */
  sendNotification: SendNotificationPayload;
  /** Many notifications at once (at most 1000): batched 50 per upstream request, paced to the portal's rate limit, never sent twice. Each input gets its own result or error. */
  sendNotifications: Array<SendNotificationsResult>;
  /** im.notify.personal.add: authored by the viewer (kind is ignored). */
  sendPersonalNotification: SendNotificationPayload;
  /** im.notify.system.add: no author (kind is ignored). */
  sendSystemNotification: SendNotificationPayload;
};


export type MutationAnswerNotificationArgs = {
  id: Scalars['ID']['input'];
  text: Scalars['String']['input'];
};


export type MutationConfirmNotificationArgs = {
  id: Scalars['ID']['input'];
  value: Scalars['String']['input'];
};


export type MutationDeleteNotificationsArgs = {
  input: DeleteNotificationsInput;
};


export type MutationMarkNotificationReadArgs = {
  id: Scalars['ID']['input'];
  read?: InputMaybe<Scalars['Boolean']['input']>;
  scope?: InputMaybe<NotificationReadScope>;
};


export type MutationMarkNotificationsReadArgs = {
  ids: Array<Scalars['ID']['input']>;
  read?: InputMaybe<Scalars['Boolean']['input']>;
};


export type MutationSendNotificationArgs = {
  input: SendNotificationInput;
};


export type MutationSendNotificationsArgs = {
  inputs: Array<SendNotificationInput>;
};


export type MutationSendPersonalNotificationArgs = {
  input: SendNotificationInput;
};


export type MutationSendSystemNotificationArgs = {
  input: SendNotificationInput;
};

export type Notification = {
  __typename?: 'Notification';
  attachments?: Maybe<Scalars['JSON']['output']>;
  /** Null for system notifications. */
  author?: Maybe<User>;
  buttons: Array<NotificationButton>;
  /** Whether answerNotification makes sense for it. */
  canAnswer: Scalars['Boolean']['output'];
  date: Scalars['DateTime']['output'];
  event: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  kind: NotificationKind;
  module: Scalars['String']['output'];
  /** The raw params bag (ATTACH, USERS, CAN_ANSWER, …). */
  params?: Maybe<Scalars['JSON']['output']>;
  read: Scalars['Boolean']['output'];
  settingName: Scalars['String']['output'];
  subTag?: Maybe<Scalars['String']['output']>;
  tag?: Maybe<Scalars['String']['output']>;
  text: Scalars['String']['output'];
  title?: Maybe<Scalars['String']['output']>;
};

/** A new notification (delivered oldest first). */
export type NotificationAdded = NotificationEvent & {
  __typename?: 'NotificationAdded';
  /** Opaque, increasing with every event of the viewer. Pass the last one heard to notificationEvents(after:) to resume. */
  cursor: Scalars['String']['output'];
  notification: Notification;
  unreadCount: Scalars['Int']['output'];
};

export type NotificationButton = {
  __typename?: 'NotificationButton';
  kind: NotificationButtonKind;
  title: Scalars['String']['output'];
  /** Pass to confirmNotification(value:). */
  value: Scalars['String']['output'];
};

export type NotificationButtonKind =
  | 'ACCEPT'
  | 'CANCEL';

/** A change in the viewer's inbox. Every event carries the unread count after it, and its place in the stream. */
export type NotificationEvent = {
  /** Opaque, increasing with every event of the viewer. Pass the last one heard to notificationEvents(after:) to resume. */
  cursor: Scalars['String']['output'];
  unreadCount: Scalars['Int']['output'];
};

/** Changes were missed that cannot be told one by one (read states and removals; additions are told before this event when they can be recovered). Read the first page again; later events follow from here. */
export type NotificationEventsResync = NotificationEvent & {
  __typename?: 'NotificationEventsResync';
  /** Opaque, increasing with every event of the viewer. Pass the last one heard to notificationEvents(after:) to resume. */
  cursor: Scalars['String']['output'];
  reason: NotificationEventsResyncReason;
  unreadCount: Scalars['Int']['output'];
};

export type NotificationEventsResyncReason =
  /** The events after the cursor are older than the event log keeps. */
  | 'HISTORY_EXPIRED'
  /** The event log the cursor points into is gone, e.g. the server restarted. */
  | 'HISTORY_LOST'
  /** More notifications arrived than one look reads (2,500); some additions were not told. */
  | 'TOO_MANY_CHANGES';

export type NotificationHistory = {
  __typename?: 'NotificationHistory';
  edges: Array<NotificationHistoryEdge>;
  pageInfo: PageInfo;
  /** All matches; only on the first page. */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type NotificationHistoryEdge = {
  __typename?: 'NotificationHistoryEdge';
  cursor: Scalars['String']['output'];
  node: Notification;
};

/** All given criteria must match. A text shorter than 3 characters needs another criterion. */
export type NotificationHistoryFilter = {
  /** Authors; 0 selects system notifications. */
  authorIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** That day: [date, date + 1 day]. */
  date?: InputMaybe<Scalars['DateTime']['input']>;
  /** With dateTo: [dateFrom, dateTo + 1 day]. */
  dateFrom?: InputMaybe<Scalars['DateTime']['input']>;
  dateTo?: InputMaybe<Scalars['DateTime']['input']>;
  /** Narrows the other criteria; not a criterion on its own. */
  group?: InputMaybe<NotificationHistoryGroup>;
  /** Every word must occur in the text. */
  text?: InputMaybe<Scalars['String']['input']>;
  /** One `module` or `module|event`; several items match modules only. */
  types?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type NotificationHistoryGroup =
  | 'ADMIN'
  | 'CONFIRM'
  | 'MENTION';

export type NotificationKind =
  /** Has buttons; answered with confirmNotification. */
  | 'CONFIRM'
  /** Sent by a user (the author). */
  | 'PERSONAL'
  /** Sent by the portal or an application; no author. */
  | 'SYSTEM';

export type NotificationModule = {
  __typename?: 'NotificationModule';
  id: Scalars['String']['output'];
  name: Scalars['String']['output'];
  types: Array<NotificationType>;
};

export type NotificationReadScope =
  /** Just this notification (the default here). */
  | 'ONLY_THIS'
  /** This one and every newer one: the REST default, which this API does not copy. */
  | 'THIS_AND_NEWER';

/** A notification on the first page was deleted, confirmed, or replaced by a newer one with its tag. */
export type NotificationRemoved = NotificationEvent & {
  __typename?: 'NotificationRemoved';
  /** Opaque, increasing with every event of the viewer. Pass the last one heard to notificationEvents(after:) to resume. */
  cursor: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** As it was last seen. */
  notification: Notification;
  unreadCount: Scalars['Int']['output'];
};

/** Which modules send notifications, and of which types. */
export type NotificationSchema = {
  __typename?: 'NotificationSchema';
  modules: Array<NotificationModule>;
};

export type NotificationSendKind =
  | 'PERSONAL'
  | 'SYSTEM';

/** A kind of notification a module sends, e.g. `im|mention`. */
export type NotificationType = {
  __typename?: 'NotificationType';
  /** `module|event`, as in Notification.settingName. */
  id: Scalars['String']['output'];
  name: Scalars['String']['output'];
};

/** A notification on the first page changed its read state. */
export type NotificationUpdated = NotificationEvent & {
  __typename?: 'NotificationUpdated';
  /** Opaque, increasing with every event of the viewer. Pass the last one heard to notificationEvents(after:) to resume. */
  cursor: Scalars['String']['output'];
  notification: Notification;
  unreadCount: Scalars['Int']['output'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /** Search the viewer's notifications, newest first. Pages forward only. */
  notificationHistory: NotificationHistory;
  notificationSchema: NotificationSchema;
  /** The viewer's notifications: confirm notifications first, then the newest. Pages forward only. */
  notifications: QueryNotificationsConnection;
  /** Unread notifications of the viewer (stops at 100, as the portal counts). */
  unreadNotificationCount: Scalars['Int']['output'];
  /** The portal user this API acts as. */
  viewer: User;
};


export type QueryNotificationHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter: NotificationHistoryFilter;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryNotificationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type QueryNotificationsConnection = {
  __typename?: 'QueryNotificationsConnection';
  edges: Array<QueryNotificationsConnectionEdge>;
  /** The live position when this page was read: notificationEvents(after: eventCursor) hears every change after it, none lost. Changes the page already shows may be heard again; apply events by id. */
  eventCursor: Scalars['String']['output'];
  pageInfo: PageInfo;
  /** All of the viewer's notifications. */
  totalCount: Scalars['Int']['output'];
  /** Unread notifications; the portal stops counting at 100. */
  unreadCount: Scalars['Int']['output'];
};

export type QueryNotificationsConnectionEdge = {
  __typename?: 'QueryNotificationsConnectionEdge';
  cursor: Scalars['String']['output'];
  node: Notification;
};

export type SendNotificationError = {
  __typename?: 'SendNotificationError';
  code: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

export type SendNotificationInput = {
  /** ATTACH blocks (upper-case keys); under 60,000 characters of JSON. */
  attach?: InputMaybe<Scalars['JSON']['input']>;
  /** PERSONAL is authored by the viewer; SYSTEM has no author. */
  kind?: InputMaybe<NotificationSendKind>;
  /** BB codes allowed; `[BR]` or a newline breaks lines. */
  message: Scalars['String']['input'];
  /** Text for e-mail and push. */
  messageOut?: InputMaybe<Scalars['String']['input']>;
  /** OAuth mode only. */
  subTag?: InputMaybe<Scalars['String']['input']>;
  /** OAuth mode only. A newer notification with the same tag replaces older ones. */
  tag?: InputMaybe<Scalars['String']['input']>;
  /** Recipient. */
  userId: Scalars['ID']['input'];
};

/** `sent` is false when the portal stored nothing (unknown, inactive or external recipient). */
export type SendNotificationPayload = {
  __typename?: 'SendNotificationPayload';
  notificationId?: Maybe<Scalars['ID']['output']>;
  sent: Scalars['Boolean']['output'];
};

/** One result per input, in input order. */
export type SendNotificationsResult = {
  __typename?: 'SendNotificationsResult';
  error?: Maybe<SendNotificationError>;
  index: Scalars['Int']['output'];
  notificationId?: Maybe<Scalars['ID']['output']>;
  outcome: SendOutcome;
  sent: Scalars['Boolean']['output'];
};

/** What became of one notification of a bulk send: resend only NOT_SENT ones. */
export type SendOutcome =
  /** Provably not stored: refused by the portal or by the facade, withdrawn before it was sent, or `sent: false`. */
  | 'NOT_SENT'
  /** The portal stored it. */
  | 'SENT'
  /** The answer was lost after it was sent (UPSTREAM_OUTCOME_UNKNOWN): it may be stored. Check before sending it again. */
  | 'UNKNOWN';

export type Subscription = {
  __typename?: 'Subscription';
  /** Changes in the viewer's inbox: additions always (none lost), updates and removals within the first page (50). With `after`, every event after that cursor first, then live. */
  notificationEvents: NotificationEvent;
  /** The viewer's unread count: the current value first, then every change. */
  unreadNotificationCount: Scalars['Int']['output'];
};


export type SubscriptionNotificationEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  kinds?: InputMaybe<Array<NotificationKind>>;
  modules?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** The unread count changed without a change on the first page. */
export type UnreadCountChanged = NotificationEvent & {
  __typename?: 'UnreadCountChanged';
  /** Opaque, increasing with every event of the viewer. Pass the last one heard to notificationEvents(after:) to resume. */
  cursor: Scalars['String']['output'];
  unreadCount: Scalars['Int']['output'];
};

/** A portal user: a notification author, or the viewer. */
export type User = {
  __typename?: 'User';
  active: Scalars['Boolean']['output'];
  avatarUrl?: Maybe<Scalars['String']['output']>;
  color: Scalars['String']['output'];
  email?: Maybe<Scalars['String']['output']>;
  firstName: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  isBot: Scalars['Boolean']['output'];
  lastName: Scalars['String']['output'];
  name: Scalars['String']['output'];
  workPosition: Scalars['String']['output'];
};

export type FuzzUnreadCountQueryVariables = Exact<{ [key: string]: never; }>;


export type FuzzUnreadCountQuery = { __typename?: 'Query', unreadNotificationCount: number };

export type FuzzSendMutationVariables = Exact<{
  input: SendNotificationInput;
}>;


export type FuzzSendMutation = { __typename?: 'Mutation', sendNotification: { __typename?: 'SendNotificationPayload', sent: boolean, notificationId?: string | null } };

export type FuzzSendPersonalMutationVariables = Exact<{
  input: SendNotificationInput;
}>;


export type FuzzSendPersonalMutation = { __typename?: 'Mutation', sendPersonalNotification: { __typename?: 'SendNotificationPayload', sent: boolean, notificationId?: string | null } };

export type FuzzSendSystemMutationVariables = Exact<{
  input: SendNotificationInput;
}>;


export type FuzzSendSystemMutation = { __typename?: 'Mutation', sendSystemNotification: { __typename?: 'SendNotificationPayload', sent: boolean, notificationId?: string | null } };

export type FuzzSendManyMutationVariables = Exact<{
  inputs: Array<SendNotificationInput> | SendNotificationInput;
}>;


export type FuzzSendManyMutation = { __typename?: 'Mutation', sendNotifications: Array<{ __typename?: 'SendNotificationsResult', index: number, sent: boolean, notificationId?: string | null, error?: { __typename?: 'SendNotificationError', code: string, message: string } | null }> };

export type FuzzMarkManyReadMutationVariables = Exact<{
  ids: Array<Scalars['ID']['input']> | Scalars['ID']['input'];
  read?: InputMaybe<Scalars['Boolean']['input']>;
}>;


export type FuzzMarkManyReadMutation = { __typename?: 'Mutation', markNotificationsRead: { __typename?: 'MarkNotificationsReadPayload', ids: Array<string>, read: boolean, unreadCount: number } };

export type FuzzMarkReadMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  read?: InputMaybe<Scalars['Boolean']['input']>;
  scope?: InputMaybe<NotificationReadScope>;
}>;


export type FuzzMarkReadMutation = { __typename?: 'Mutation', markNotificationRead: { __typename?: 'MarkNotificationsReadPayload', ids: Array<string>, read: boolean, unreadCount: number } };

export type FuzzMarkAllReadMutationVariables = Exact<{ [key: string]: never; }>;


export type FuzzMarkAllReadMutation = { __typename?: 'Mutation', markAllNotificationsRead: { __typename?: 'MarkAllNotificationsReadPayload', unreadCount: number } };

export type FuzzAnswerMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  text: Scalars['String']['input'];
}>;


export type FuzzAnswerMutation = { __typename?: 'Mutation', answerNotification: { __typename?: 'AnswerNotificationPayload', answered: boolean, messages: Array<string> } };

export type FuzzConfirmMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  value: Scalars['String']['input'];
}>;


export type FuzzConfirmMutation = { __typename?: 'Mutation', confirmNotification: { __typename?: 'ConfirmNotificationPayload', confirmed: boolean, messages: Array<string>, unreadCount: number } };

export type FuzzDeleteMutationVariables = Exact<{
  input: DeleteNotificationsInput;
}>;


export type FuzzDeleteMutation = { __typename?: 'Mutation', deleteNotifications: { __typename?: 'DeleteNotificationsPayload', deleted: boolean, unreadCount: number } };

export type SendMutationVariables = Exact<{
  input: SendNotificationInput;
}>;


export type SendMutation = { __typename?: 'Mutation', sendNotification: { __typename?: 'SendNotificationPayload', sent: boolean, notificationId?: string | null } };

export type SendPersonalMutationVariables = Exact<{
  input: SendNotificationInput;
}>;


export type SendPersonalMutation = { __typename?: 'Mutation', sendPersonalNotification: { __typename?: 'SendNotificationPayload', sent: boolean, notificationId?: string | null } };

export type SendSystemMutationVariables = Exact<{
  input: SendNotificationInput;
}>;


export type SendSystemMutation = { __typename?: 'Mutation', sendSystemNotification: { __typename?: 'SendNotificationPayload', sent: boolean, notificationId?: string | null } };

export type SendManyMutationVariables = Exact<{
  inputs: Array<SendNotificationInput> | SendNotificationInput;
}>;


export type SendManyMutation = { __typename?: 'Mutation', sendNotifications: Array<{ __typename?: 'SendNotificationsResult', index: number, sent: boolean, notificationId?: string | null, error?: { __typename?: 'SendNotificationError', code: string, message: string } | null }> };

export type MarkReadMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  read?: InputMaybe<Scalars['Boolean']['input']>;
  scope?: InputMaybe<NotificationReadScope>;
}>;


export type MarkReadMutation = { __typename?: 'Mutation', markNotificationRead: { __typename?: 'MarkNotificationsReadPayload', ids: Array<string>, read: boolean, unreadCount: number } };

export type MarkManyReadMutationVariables = Exact<{
  ids: Array<Scalars['ID']['input']> | Scalars['ID']['input'];
  read?: InputMaybe<Scalars['Boolean']['input']>;
}>;


export type MarkManyReadMutation = { __typename?: 'Mutation', markNotificationsRead: { __typename?: 'MarkNotificationsReadPayload', ids: Array<string>, read: boolean, unreadCount: number } };

export type MarkAllReadMutationVariables = Exact<{ [key: string]: never; }>;


export type MarkAllReadMutation = { __typename?: 'Mutation', markAllNotificationsRead: { __typename?: 'MarkAllNotificationsReadPayload', unreadCount: number } };

export type AnswerMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  text: Scalars['String']['input'];
}>;


export type AnswerMutation = { __typename?: 'Mutation', answerNotification: { __typename?: 'AnswerNotificationPayload', answered: boolean, messages: Array<string> } };

export type ConfirmMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  value: Scalars['String']['input'];
}>;


export type ConfirmMutation = { __typename?: 'Mutation', confirmNotification: { __typename?: 'ConfirmNotificationPayload', confirmed: boolean, messages: Array<string>, unreadCount: number } };

export type DeleteMutationVariables = Exact<{
  input: DeleteNotificationsInput;
}>;


export type DeleteMutation = { __typename?: 'Mutation', deleteNotifications: { __typename?: 'DeleteNotificationsPayload', deleted: boolean, unreadCount: number } };

export type InboxQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type InboxQuery = { __typename?: 'Query', notifications: { __typename?: 'QueryNotificationsConnection', totalCount: number, unreadCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, edges: Array<{ __typename?: 'QueryNotificationsConnectionEdge', cursor: string, node: { __typename?: 'Notification', id: string, kind: NotificationKind, text: string, read: boolean, date: any, canAnswer: boolean, attachments?: any | null, author?: { __typename?: 'User', id: string, name: string } | null, buttons: Array<{ __typename?: 'NotificationButton', title: string, value: string, kind: NotificationButtonKind }> } }> }, notificationSchema: { __typename?: 'NotificationSchema', modules: Array<{ __typename?: 'NotificationModule', id: string, name: string, types: Array<{ __typename?: 'NotificationType', id: string, name: string }> }> } };

export type HistoryQueryVariables = Exact<{
  filter: NotificationHistoryFilter;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type HistoryQuery = { __typename?: 'Query', notificationHistory: { __typename?: 'NotificationHistory', totalCount?: number | null, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, edges: Array<{ __typename?: 'NotificationHistoryEdge', node: { __typename?: 'Notification', id: string, text: string, author?: { __typename?: 'User', id: string } | null } }> } };

export type HistoryBackwardQueryVariables = Exact<{
  filter: NotificationHistoryFilter;
}>;


export type HistoryBackwardQuery = { __typename?: 'Query', notificationHistory: { __typename?: 'NotificationHistory', totalCount?: number | null } };

export type PageSizeQueryVariables = Exact<{
  first: Scalars['Int']['input'];
}>;


export type PageSizeQuery = { __typename?: 'Query', notifications: { __typename?: 'QueryNotificationsConnection', totalCount: number } };

export type CountersQueryVariables = Exact<{ [key: string]: never; }>;


export type CountersQuery = { __typename?: 'Query', unreadNotificationCount: number, viewer: { __typename?: 'User', id: string, name: string } };

export type WsUnreadCountQueryVariables = Exact<{ [key: string]: never; }>;


export type WsUnreadCountQuery = { __typename?: 'Query', unreadNotificationCount: number };

export type WsViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type WsViewerQuery = { __typename?: 'Query', viewer: { __typename?: 'User', id: string, name: string } };

export type WsSendMutationVariables = Exact<{
  input: SendNotificationInput;
}>;


export type WsSendMutation = { __typename?: 'Mutation', sendNotification: { __typename?: 'SendNotificationPayload', sent: boolean, notificationId?: string | null } };


export const FuzzUnreadCountDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FuzzUnreadCount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unreadNotificationCount"}}]}}]} as unknown as DocumentNode<FuzzUnreadCountQuery, FuzzUnreadCountQueryVariables>;
export const FuzzSendDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FuzzSend"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SendNotificationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendNotification"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sent"}},{"kind":"Field","name":{"kind":"Name","value":"notificationId"}}]}}]}}]} as unknown as DocumentNode<FuzzSendMutation, FuzzSendMutationVariables>;
export const FuzzSendPersonalDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FuzzSendPersonal"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SendNotificationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendPersonalNotification"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sent"}},{"kind":"Field","name":{"kind":"Name","value":"notificationId"}}]}}]}}]} as unknown as DocumentNode<FuzzSendPersonalMutation, FuzzSendPersonalMutationVariables>;
export const FuzzSendSystemDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FuzzSendSystem"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SendNotificationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendSystemNotification"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sent"}},{"kind":"Field","name":{"kind":"Name","value":"notificationId"}}]}}]}}]} as unknown as DocumentNode<FuzzSendSystemMutation, FuzzSendSystemMutationVariables>;
export const FuzzSendManyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FuzzSendMany"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"inputs"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SendNotificationInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendNotifications"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"inputs"},"value":{"kind":"Variable","name":{"kind":"Name","value":"inputs"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"sent"}},{"kind":"Field","name":{"kind":"Name","value":"notificationId"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<FuzzSendManyMutation, FuzzSendManyMutationVariables>;
export const FuzzMarkManyReadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FuzzMarkManyRead"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"read"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"markNotificationsRead"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}},{"kind":"Argument","name":{"kind":"Name","value":"read"},"value":{"kind":"Variable","name":{"kind":"Name","value":"read"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ids"}},{"kind":"Field","name":{"kind":"Name","value":"read"}},{"kind":"Field","name":{"kind":"Name","value":"unreadCount"}}]}}]}}]} as unknown as DocumentNode<FuzzMarkManyReadMutation, FuzzMarkManyReadMutationVariables>;
export const FuzzMarkReadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FuzzMarkRead"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"read"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"scope"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"NotificationReadScope"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"markNotificationRead"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"read"},"value":{"kind":"Variable","name":{"kind":"Name","value":"read"}}},{"kind":"Argument","name":{"kind":"Name","value":"scope"},"value":{"kind":"Variable","name":{"kind":"Name","value":"scope"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ids"}},{"kind":"Field","name":{"kind":"Name","value":"read"}},{"kind":"Field","name":{"kind":"Name","value":"unreadCount"}}]}}]}}]} as unknown as DocumentNode<FuzzMarkReadMutation, FuzzMarkReadMutationVariables>;
export const FuzzMarkAllReadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FuzzMarkAllRead"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"markAllNotificationsRead"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unreadCount"}}]}}]}}]} as unknown as DocumentNode<FuzzMarkAllReadMutation, FuzzMarkAllReadMutationVariables>;
export const FuzzAnswerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FuzzAnswer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"text"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"answerNotification"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"text"},"value":{"kind":"Variable","name":{"kind":"Name","value":"text"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"answered"}},{"kind":"Field","name":{"kind":"Name","value":"messages"}}]}}]}}]} as unknown as DocumentNode<FuzzAnswerMutation, FuzzAnswerMutationVariables>;
export const FuzzConfirmDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FuzzConfirm"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"value"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confirmNotification"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"value"},"value":{"kind":"Variable","name":{"kind":"Name","value":"value"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confirmed"}},{"kind":"Field","name":{"kind":"Name","value":"messages"}},{"kind":"Field","name":{"kind":"Name","value":"unreadCount"}}]}}]}}]} as unknown as DocumentNode<FuzzConfirmMutation, FuzzConfirmMutationVariables>;
export const FuzzDeleteDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FuzzDelete"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteNotificationsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteNotifications"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleted"}},{"kind":"Field","name":{"kind":"Name","value":"unreadCount"}}]}}]}}]} as unknown as DocumentNode<FuzzDeleteMutation, FuzzDeleteMutationVariables>;
export const SendDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Send"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SendNotificationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendNotification"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sent"}},{"kind":"Field","name":{"kind":"Name","value":"notificationId"}}]}}]}}]} as unknown as DocumentNode<SendMutation, SendMutationVariables>;
export const SendPersonalDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SendPersonal"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SendNotificationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendPersonalNotification"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sent"}},{"kind":"Field","name":{"kind":"Name","value":"notificationId"}}]}}]}}]} as unknown as DocumentNode<SendPersonalMutation, SendPersonalMutationVariables>;
export const SendSystemDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SendSystem"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SendNotificationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendSystemNotification"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sent"}},{"kind":"Field","name":{"kind":"Name","value":"notificationId"}}]}}]}}]} as unknown as DocumentNode<SendSystemMutation, SendSystemMutationVariables>;
export const SendManyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SendMany"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"inputs"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SendNotificationInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendNotifications"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"inputs"},"value":{"kind":"Variable","name":{"kind":"Name","value":"inputs"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"sent"}},{"kind":"Field","name":{"kind":"Name","value":"notificationId"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<SendManyMutation, SendManyMutationVariables>;
export const MarkReadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"MarkRead"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"read"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"scope"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"NotificationReadScope"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"markNotificationRead"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"read"},"value":{"kind":"Variable","name":{"kind":"Name","value":"read"}}},{"kind":"Argument","name":{"kind":"Name","value":"scope"},"value":{"kind":"Variable","name":{"kind":"Name","value":"scope"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ids"}},{"kind":"Field","name":{"kind":"Name","value":"read"}},{"kind":"Field","name":{"kind":"Name","value":"unreadCount"}}]}}]}}]} as unknown as DocumentNode<MarkReadMutation, MarkReadMutationVariables>;
export const MarkManyReadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"MarkManyRead"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"read"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"markNotificationsRead"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}},{"kind":"Argument","name":{"kind":"Name","value":"read"},"value":{"kind":"Variable","name":{"kind":"Name","value":"read"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ids"}},{"kind":"Field","name":{"kind":"Name","value":"read"}},{"kind":"Field","name":{"kind":"Name","value":"unreadCount"}}]}}]}}]} as unknown as DocumentNode<MarkManyReadMutation, MarkManyReadMutationVariables>;
export const MarkAllReadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"MarkAllRead"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"markAllNotificationsRead"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unreadCount"}}]}}]}}]} as unknown as DocumentNode<MarkAllReadMutation, MarkAllReadMutationVariables>;
export const AnswerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Answer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"text"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"answerNotification"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"text"},"value":{"kind":"Variable","name":{"kind":"Name","value":"text"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"answered"}},{"kind":"Field","name":{"kind":"Name","value":"messages"}}]}}]}}]} as unknown as DocumentNode<AnswerMutation, AnswerMutationVariables>;
export const ConfirmDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Confirm"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"value"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confirmNotification"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"value"},"value":{"kind":"Variable","name":{"kind":"Name","value":"value"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confirmed"}},{"kind":"Field","name":{"kind":"Name","value":"messages"}},{"kind":"Field","name":{"kind":"Name","value":"unreadCount"}}]}}]}}]} as unknown as DocumentNode<ConfirmMutation, ConfirmMutationVariables>;
export const DeleteDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Delete"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteNotificationsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteNotifications"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleted"}},{"kind":"Field","name":{"kind":"Name","value":"unreadCount"}}]}}]}}]} as unknown as DocumentNode<DeleteMutation, DeleteMutationVariables>;
export const InboxDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Inbox"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notifications"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"unreadCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"read"}},{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"canAnswer"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"buttons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}},{"kind":"Field","name":{"kind":"Name","value":"attachments"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"notificationSchema"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modules"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"types"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<InboxQuery, InboxQueryVariables>;
export const HistoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"History"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"NotificationHistoryFilter"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationHistory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<HistoryQuery, HistoryQueryVariables>;
export const HistoryBackwardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"HistoryBackward"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"NotificationHistoryFilter"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationHistory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"2"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]} as unknown as DocumentNode<HistoryBackwardQuery, HistoryBackwardQueryVariables>;
export const PageSizeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PageSize"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notifications"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]} as unknown as DocumentNode<PageSizeQuery, PageSizeQueryVariables>;
export const CountersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Counters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unreadNotificationCount"}},{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<CountersQuery, CountersQueryVariables>;
export const WsUnreadCountDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WsUnreadCount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unreadNotificationCount"}}]}}]} as unknown as DocumentNode<WsUnreadCountQuery, WsUnreadCountQueryVariables>;
export const WsViewerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WsViewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<WsViewerQuery, WsViewerQueryVariables>;
export const WsSendDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WsSend"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SendNotificationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendNotification"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sent"}},{"kind":"Field","name":{"kind":"Name","value":"notificationId"}}]}}]}}]} as unknown as DocumentNode<WsSendMutation, WsSendMutationVariables>;