import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';

export type NotificationEvent = { cursor: string; unreadCount: number } & (
  | { __typename: 'NotificationAdded'; notification: { id: string; read: boolean; text: string } }
  | { __typename: 'NotificationUpdated'; notification: { id: string; read: boolean } }
  | { __typename: 'NotificationRemoved'; id: string }
  | { __typename: 'UnreadCountChanged' }
  | { __typename: 'NotificationEventsResync'; reason: string }
);

export const INBOX = parse(`
  query Inbox {
    notifications(first: 50) { eventCursor edges { node { id read text } } }
  }
`) as TypedDocumentNode<
  { notifications: { eventCursor: string; edges: Array<{ node: { id: string; read: boolean; text: string } }> } },
  Record<string, never>
>;

export const EVENTS = parse(`
  subscription InboxEvents($after: String) {
    notificationEvents(after: $after) {
      __typename cursor unreadCount
      ... on NotificationAdded { notification { id read text } }
      ... on NotificationUpdated { notification { id read } }
      ... on NotificationRemoved { id }
      ... on NotificationEventsResync { reason }
    }
  }
`) as TypedDocumentNode<{ notificationEvents: NotificationEvent }, { after: string }>;
