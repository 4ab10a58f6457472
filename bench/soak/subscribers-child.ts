// The soak's subscribers, in a process of their own: `sockets` graphql-ws clients (real
// WebSockets, no retries, not lazy), each holding `perSocket` notificationEvents subscriptions
// whose filters cycle through the list given. A socket that closes stays closed, and its
// subscriptions count as ended: the figures then show what a client without a reconnect lost.
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { ExpectedEvent, FromSubscribers, ToSubscribers } from './protocol.js';
import { type Filter, type SubscriptionLog, type StoredKind, matches, tallyDeliveries } from './tally.js';

const EVENTS = `subscription SoakEvents($kinds: [NotificationKind!], $modules: [String!]) {
  notificationEvents(kinds: $kinds, modules: $modules) {
    __typename
    unreadCount
    ... on NotificationAdded { notification { id kind module } }
  }
}`;
const ACK_TIMEOUT_MS = 20_000;

interface Subscription extends SubscriptionLog {
  /** When it last heard any event, ms. */
  lastEventAt: number;
}

type Added = { __typename: string; notification?: { id: string; kind: StoredKind; module: string } };

const send = (m: FromSubscribers) => process.send!(m);
const subscriptions: Subscription[] = [];
const clients: Client[] = [];
/** Notification id → when its first NotificationAdded arrived on any subscription. */
const firstArrival = new Map<number, number>();
let firstError: string | undefined;

const describe = (error: unknown): string => {
  if (error instanceof Error) return error.message;
  const close = error as { code?: unknown; reason?: unknown } | null;
  if (close && typeof close.code === 'number') return `socket closed ${close.code} ${String(close.reason ?? '')}`.trim();
  return JSON.stringify(error);
};

/** Opens one socket with its subscriptions; resolves true once acknowledged. */
function openSocket(url: string, perSocket: number, filters: Filter[], offset: number): Promise<boolean> {
  return new Promise((resolve) => {
    let acknowledged = false;
    const mine: Subscription[] = [];
    const timer = setTimeout(() => settle(false, new Error(`no connection_ack within ${ACK_TIMEOUT_MS / 1000} s`)), ACK_TIMEOUT_MS);
    function settle(ok: boolean, error?: unknown) {
      clearTimeout(timer);
      if (!ok) firstError ??= describe(error);
      resolve(ok);
    }
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      // Its default prints the whole CloseEvent; the `closed` listener records why instead.
      onNonLazyError: () => {},
      on: {
        connected: () => {
          acknowledged = true;
          settle(true);
        },
        closed: (event) => {
          const why = describe(event);
          for (const sub of mine) sub.ended ??= why;
          if (!acknowledged) settle(false, event);
        },
      },
    });
    clients.push(client);
    for (let i = 0; i < perSocket; i++) {
      const sub: Subscription = { filter: filters[(offset + i) % filters.length], received: new Map(), lastEventAt: 0 };
      mine.push(sub);
      subscriptions.push(sub);
      client.subscribe<{ notificationEvents?: Added }>(
        { query: EVENTS, variables: { kinds: sub.filter.kinds ?? null, modules: sub.filter.modules ?? null } },
        {
          next: (value) => {
            const now = Date.now();
            sub.lastEventAt = now;
            const added = value.data?.notificationEvents?.notification;
            if (value.data?.notificationEvents?.__typename !== 'NotificationAdded' || !added) return;
            const id = Number(added.id);
            sub.received.set(id, (sub.received.get(id) ?? 0) + 1);
            if (!firstArrival.has(id)) firstArrival.set(id, now);
          },
          error: (error) => {
            sub.ended ??= `subscription error: ${describe(Array.isArray(error) ? error[0] : error)}`;
            firstError ??= sub.ended;
          },
          complete: () => {
            sub.ended ??= 'completed by the server';
          },
        },
      );
    }
  });
}

async function handle(message: ToSubscribers): Promise<void> {
  if (message.type === 'connect') {
    const opened = await Promise.all(Array.from({ length: message.sockets }, (_, s) => openSocket(message.url, message.perSocket, message.filters, s * message.perSocket)));
    const ok = opened.filter(Boolean).length;
    send({ type: 'connected', sockets: ok, failedSockets: opened.length - ok, subscriptions: subscriptions.length, firstError });
  } else if (message.type === 'live') {
    const ended = subscriptions.filter((s) => s.ended !== undefined);
    const live = subscriptions.filter((s) => s.ended === undefined && s.lastEventAt >= message.since).length;
    send({ type: 'live', live, ended: ended.length, firstEnd: ended[0]?.ended });
  } else if (message.type === 'delivered') {
    const { event } = message;
    const matching = subscriptions.filter((s) => matches(s.filter, event));
    send({ type: 'delivered', received: matching.filter((s) => s.received.has(event.id)).length, matching: matching.length });
  } else if (message.type === 'report') {
    const tally = tallyDeliveries(subscriptions, message.expected as ExpectedEvent[], message.baseline);
    const firstArrivals = [...firstArrival].filter(([id]) => id > message.baseline);
    send({ type: 'report', ...tally, firstArrivals });
  } else {
    await Promise.allSettled(clients.map((c) => c.dispose()));
    send({ type: 'closed' });
    process.exit(0);
  }
}

if (process.send) {
  // The measuring process going away must not leave a thousand subscriptions open.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: ToSubscribers) => {
    handle(message).catch((error: unknown) => send({ type: 'failed', error: describe(error) }));
  });
  send({ type: 'ready' });
}
