// A crowd of graphql-ws clients for the subscriber processes of the bench: one real WebSocket
// per client, each holding the same notificationEvents subscription, no retries, so a socket
// that fails stays failed and is counted.
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export const NOTIFICATION_EVENTS = 'subscription { notificationEvents { __typename unreadCount ... on NotificationAdded { notification { id } } } }';
/** Sockets opened at once. */
const CONNECT_CHUNK = 250;

export interface Tally {
  /** Sockets acknowledged and not failed. */
  total: number;
  failed: number;
  /** Acknowledged sockets that closed later. */
  closed: number;
  /** Subscriptions that ended with an error. */
  errors: number;
  firstError?: string;
}

/**
 * `onAdded(id)` runs for every NotificationAdded any subscriber receives. `ackTimeoutMs`: how
 * long a socket may wait for connection_ack before it counts as failed. @default 20_000
 */
export function subscriberCrowd(onAdded: (id: string) => void, ackTimeoutMs = 20_000) {
  const clients: Client[] = [];
  const tally: Tally = { total: 0, failed: 0, closed: 0, errors: 0 };
  const note = (error: unknown) => (tally.firstError ??= error instanceof Error ? error.message : JSON.stringify(error));

  const open = (url: string, authorization: string | null): Promise<void> =>
    new Promise((resolve) => {
      let settled = false;
      const finish = (ok: boolean, error?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (ok) tally.total++;
        else {
          tally.failed++;
          note(error);
        }
        resolve();
      };
      const timer = setTimeout(() => finish(false, new Error(`no connection_ack within ${ackTimeoutMs / 1000} s`)), ackTimeoutMs);
      const client = createClient({
        url,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        connectionParams: authorization === null ? undefined : { authorization },
        on: {
          connected: () => finish(true),
          closed: (event) => {
            if (settled) tally.closed++;
            finish(false, event);
          },
          error: (error) => finish(false, error),
        },
      });
      clients.push(client);
      client.subscribe<{ notificationEvents?: { notification?: { id: string } } }>(
        { query: NOTIFICATION_EVENTS },
        {
          next: (value) => {
            const id = value.data?.notificationEvents?.notification?.id;
            if (id !== undefined) onAdded(id);
          },
          error: (error) => {
            tally.errors++;
            note(error);
          },
          complete: () => {},
        },
      );
    });

  return {
    tally,
    /** Opens one socket per entry (a bearer authorization, or null for none), a chunk at a time. */
    async openAll(url: string, authorizations: (string | null)[]): Promise<void> {
      for (let at = 0; at < authorizations.length; at += CONNECT_CHUNK) {
        await Promise.all(authorizations.slice(at, at + CONNECT_CHUNK).map((authorization) => open(url, authorization)));
      }
    },
    async dispose(): Promise<void> {
      await Promise.allSettled(clients.map((c) => c.dispose()));
    },
  };
}
