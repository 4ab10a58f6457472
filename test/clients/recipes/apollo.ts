import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import type { Client } from 'graphql-ws';
import { EVENTS, type NotificationEvent } from './documents.js';

export function createApollo(httpUrl: string, wsClient: Client) {
  return new ApolloClient({
    link: ApolloLink.split(
      ({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION,
      new GraphQLWsLink(wsClient),
      new HttpLink({ uri: httpUrl }),
    ),
    // NotificationEvent is an interface: without its members the cache cannot match the fragments.
    cache: new InMemoryCache({
      possibleTypes: {
        NotificationEvent: ['NotificationAdded', 'NotificationUpdated', 'NotificationRemoved', 'UnreadCountChanged', 'NotificationEventsResync'],
      },
    }),
  });
}

/**
 * Every inbox change after `after` (the inbox query's eventCursor), across reconnects.
 * On NotificationEventsResync, query INBOX again (fetchPolicy: 'network-only').
 */
export function followInbox(
  apollo: ApolloClient,
  wsClient: Client,
  after: string,
  onEvent: (event: NotificationEvent) => void,
  onError: (error: unknown) => void = console.error,
): () => void {
  let lastCursor = after;
  const listen = () =>
    apollo.subscribe({ query: EVENTS, variables: { after: lastCursor } }).subscribe({
      next: ({ data, error }) => {
        if (error) return onError(error);
        if (!data) return;
        lastCursor = data.notificationEvents.cursor;
        onEvent(data.notificationEvents);
      },
      error: onError,
    });
  let subscription = listen();

  // After a drop, graphql-ws would re-send the subscribe message it was first given, with the
  // `after` of back then, and hear again the events handled since. When the new socket is
  // acknowledged, before that re-send, swap in a subscription from the last cursor heard.
  let dropped = false;
  const offClosed = wsClient.on('closed', () => {
    dropped = true;
  });
  const offConnected = wsClient.on('connected', () => {
    if (!dropped) return;
    dropped = false;
    subscription.unsubscribe();
    subscription = listen();
  });

  return () => {
    offClosed();
    offConnected();
    subscription.unsubscribe();
  };
}
