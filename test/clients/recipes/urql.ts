import { Client, cacheExchange, fetchExchange, subscriptionExchange } from '@urql/core';
import type { Client as WsClient } from 'graphql-ws';
import { EVENTS, type NotificationEvent } from './documents.js';

export function createUrql(httpUrl: string, wsClient: WsClient) {
  return new Client({
    url: httpUrl,
    // urql sends short queries as GET, which the facade takes only with this header.
    fetchOptions: { headers: { 'x-graphql-csrf': '1' } },
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: wsClient.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
}

/**
 * Every inbox change after `after` (the inbox query's eventCursor), across reconnects.
 * On NotificationEventsResync, query INBOX again ({ requestPolicy: 'network-only' }).
 */
export function followInbox(
  urql: Client,
  wsClient: WsClient,
  after: string,
  onEvent: (event: NotificationEvent) => void,
  onError: (error: unknown) => void = console.error,
): () => void {
  let lastCursor = after;
  const listen = () =>
    urql.subscription(EVENTS, { after: lastCursor }).subscribe(({ data, error }) => {
      if (error) return onError(error);
      if (!data) return;
      lastCursor = data.notificationEvents.cursor;
      onEvent(data.notificationEvents);
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
