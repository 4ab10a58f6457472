// The README's "Resuming after a reconnect" recipes (recipes/*.ts, the README's code), run as
// written against the real facade and sandbox: the socket is cut while notifications arrive and
// are read, graphql-ws reconnects by itself, and every change is heard exactly once.
import { createClient } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useTestApp } from '../support/app.js';
import { createApollo, followInbox as followWithApollo } from './recipes/apollo.js';
import { INBOX, type NotificationEvent } from './recipes/documents.js';
import { createUrql, followInbox as followWithUrql } from './recipes/urql.js';

const app = useTestApp({ env: { B24_POLL_INTERVAL_MS: '150', B24_RATE_LIMIT: '50/20' } });

type Heard = NotificationEvent & { socket: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, done: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
}

// A WebSocket the test can cut, which also keeps what graphql-ws sent on it.
function cuttableSockets() {
  const sockets: Cuttable[] = [];
  class Cuttable extends WebSocket {
    readonly sent: any[] = [];
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      sockets.push(this);
    }
    override send(data: any, ...rest: any[]): void {
      this.sent.push(JSON.parse(String(data)));
      (super.send as (...args: any[]) => void)(data, ...rest);
    }
  }
  return { Cuttable, sockets, subscribesOn: (socket: Cuttable) => socket.sent.filter((m) => m.type === 'subscribe') };
}

// graphql-ws waits on this before each retry, so the changes made meanwhile happen while the
// client is away and can only reach it through the replay after its cursor.
function downtime() {
  let open!: () => void;
  const reopened = new Promise<void>((resolve) => (open = resolve));
  return { wait: () => reopened, open: () => open() };
}

const me = () => app.webhooks[0].userId;
const add = async (message: string) => String((await app.sandbox.givenNotification({ userId: me(), authorId: app.webhooks[1].userId, message })).id);
async function markRead(id: string): Promise<void> {
  const reply = await app.sandbox.call({ webhook: app.webhooks[0] }, 'im.notify.read', { ID: Number(id), ONLY_CURRENT: 'Y' });
  if (reply.body?.result !== true) throw new Error(`im.notify.read answered ${reply.status}: ${reply.text}`);
}

const describeEvent = (e: NotificationEvent) => {
  if ('notification' in e) return `${e.__typename} ${e.notification.id}${e.notification.read ? ' read' : ' unread'}`;
  if ('id' in e) return `${e.__typename} ${e.id}`;
  return e.__typename;
};
const sorted = (xs: string[]) => [...xs].sort();
const heardAdded = (heard: Heard[], id: string) => heard.some((e) => e.__typename === 'NotificationAdded' && e.notification.id === id);
// Three polls: the facade's watcher has logged every change made before this.
const letTheWatcherPoll = () => sleep(3 * 150 + 100);

describe('resuming live events after graphql-ws reconnects', () => {
  it('a plain graphql-ws subscription re-sends the `after` it started with, so it hears again what it heard before the drop', async () => {
    const { Cuttable, sockets } = cuttableSockets();
    const wsClient = createClient({ url: app.url.replace('http', 'ws'), webSocketImpl: Cuttable, retryAttempts: 3, retryWait: async () => void (await sleep(100)) });
    const start = await app.request<any, never>(INBOX);
    const added: string[] = [];
    const stop = wsClient.subscribe<{ notificationEvents: NotificationEvent }>(
      { query: 'subscription ($after: String) { notificationEvents(after: $after) { __typename cursor ... on NotificationAdded { notification { id } } } }', variables: { after: start.data.notifications.eventCursor } },
      { next: ({ data }) => data?.notificationEvents.__typename === 'NotificationAdded' && added.push(data.notificationEvents.notification.id), error: () => {}, complete: () => {} },
    );
    try {
      const id = await add('heard twice without the recipe');
      await until('the addition is heard', () => added.includes(id));
      sockets[0].terminate();
      await until('the replay repeats it', () => added.length === 2);
      expect(added).toEqual([id, id]);
    } finally {
      stop();
      await wsClient.dispose();
    }
  });

  it('Apollo Client hears each addition and read once across a dropped socket, resuming from the last cursor it heard', async () => {
    const { Cuttable, sockets, subscribesOn } = cuttableSockets();
    const down = downtime();
    const wsClient = createClient({ url: app.url.replace('http', 'ws'), webSocketImpl: Cuttable, retryAttempts: 3, retryWait: down.wait });
    const apollo = createApollo(app.url, wsClient);
    const heard: Heard[] = [];
    const errors: unknown[] = [];
    let cursorAtDrop: string | undefined;
    wsClient.on('closed', () => (cursorAtDrop ??= heard.at(-1)?.cursor));

    const { data } = await apollo.query({ query: INBOX });
    const stop = followWithApollo(apollo, wsClient, data!.notifications.eventCursor, (e) => heard.push({ ...e, socket: sockets.length }), (e) => errors.push(e));
    try {
      const first = await add('before the drop');
      await until('the first addition is heard', () => heardAdded(heard, first));
      const second = await add('just before the drop');
      await until('the second addition is heard', () => heardAdded(heard, second));
      // Cut while a third arrives: it may or may not have been delivered on the old socket.
      const third = await add('while the socket drops');
      sockets[0].terminate();
      const whileAway = await add('while away');
      await markRead(first);
      await letTheWatcherPoll();
      down.open();
      await until('graphql-ws reconnects', () => sockets.length === 2 && sockets[1].readyState === WebSocket.OPEN);
      const afterwards = await add('after the reconnect');
      await until('the live addition after the reconnect is heard', () => heardAdded(heard, afterwards));
      await letTheWatcherPoll();

      expect(errors).toEqual([]);
      expect(sorted(heard.map(describeEvent))).toEqual(sorted([
        `NotificationAdded ${first} unread`,
        `NotificationAdded ${second} unread`,
        `NotificationAdded ${third} unread`,
        `NotificationAdded ${whileAway} unread`,
        `NotificationUpdated ${first} read`,
        `NotificationAdded ${afterwards} unread`,
      ]));
      expect(new Set(heard.map((e) => e.cursor)).size, 'every event has its own cursor').toBe(heard.length);
      // What changed while away came through the replay on the new socket.
      expect(heard.filter((e) => e.socket === 2).map(describeEvent)).toEqual(expect.arrayContaining([`NotificationAdded ${whileAway} unread`, `NotificationUpdated ${first} read`]));
      expect(subscribesOn(sockets[1]).map((m) => m.payload.variables), 'one subscribe on the new socket, from the last cursor heard').toEqual([{ after: cursorAtDrop }]);
      expect(cursorAtDrop).not.toBe(data!.notifications.eventCursor);
    } finally {
      stop();
      await wsClient.dispose();
    }
  });

  it('urql hears each addition and read once across a dropped socket, resuming from the last cursor it heard', async () => {
    const { Cuttable, sockets, subscribesOn } = cuttableSockets();
    const down = downtime();
    const wsClient = createClient({ url: app.url.replace('http', 'ws'), webSocketImpl: Cuttable, retryAttempts: 3, retryWait: down.wait });
    const urql = createUrql(app.url, wsClient);
    const heard: Heard[] = [];
    const errors: unknown[] = [];

    const { data, error } = await urql.query(INBOX, {}, { requestPolicy: 'network-only' }).toPromise();
    expect(error).toBeUndefined();
    const unreadOnFirstPage = data!.notifications.edges.find((e) => !e.node.read)?.node.id;
    expect(unreadOnFirstPage, 'the demo inbox has an unread notification').toBeDefined();
    const stop = followWithUrql(urql, wsClient, data!.notifications.eventCursor, (e) => heard.push({ ...e, socket: sockets.length }), (e) => errors.push(e));
    try {
      const before = await add('before the drop');
      await until('the addition is heard', () => heardAdded(heard, before));
      const cursorAtDrop = heard.at(-1)!.cursor;
      sockets[0].terminate();
      const whileAway = await add('while away');
      await markRead(unreadOnFirstPage!);
      await letTheWatcherPoll();
      down.open();
      await until('the changes made while away are heard', () => heard.length >= 3);
      await letTheWatcherPoll();

      expect(errors).toEqual([]);
      expect(sorted(heard.map(describeEvent))).toEqual(sorted([
        `NotificationAdded ${before} unread`,
        `NotificationAdded ${whileAway} unread`,
        `NotificationUpdated ${unreadOnFirstPage} read`,
      ]));
      expect(subscribesOn(sockets[1]).map((m) => m.payload.variables), 'one subscribe on the new socket, from the last cursor heard').toEqual([{ after: cursorAtDrop }]);
    } finally {
      stop();
      await wsClient.dispose();
    }
  });
});
