// Resuming live events from a cursor: the handoff from the inbox query, a short gap, a gap past
// the watcher's linger, a facade restart, and cursors that are refused. Real sandbox, real
// graphql-ws, and SSE.
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config.js';
import { type App, createApp } from '../../src/server.js';
import { type TestApp, startTestApp } from '../support/app.js';

const ENV = { B24_POLL_INTERVAL_MS: '150', B24_RATE_LIMIT: '50/20', B24_WATCHER_LINGER_MS: '300' };
const SETTLE_MS = 700;

let app: TestApp;
let me: number;
const clients: Client[] = [];
const apps: App[] = [];

beforeAll(async () => {
  app = await startTestApp({ env: ENV });
  me = app.webhooks[0].userId;
}, 30_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await Promise.all(apps.map((a) => a.close(100)));
  await app?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(done: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

const EVENTS = `subscription Resume($after: String) {
  notificationEvents(after: $after) {
    __typename cursor unreadCount
    ... on NotificationAdded { notification { id } }
    ... on NotificationUpdated { notification { id read } }
    ... on NotificationRemoved { id }
    ... on NotificationEventsResync { reason }
  }
}`;

interface Heard {
  events: any[];
  errors: any[];
  stop(): void;
}

function listen(url: string, after?: string, connectionParams?: Record<string, unknown>): Heard {
  const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams });
  clients.push(client);
  const heard: Heard = { events: [], errors: [], stop: () => {} };
  const unsubscribe = client.subscribe(
    { query: EVENTS, variables: { after } },
    {
      next: (result) => (result.errors ? heard.errors.push(...result.errors) : heard.events.push(result.data!.notificationEvents)),
      error: (error) => heard.errors.push(error),
      complete: () => {},
    },
  );
  heard.stop = () => {
    unsubscribe();
    void client.dispose();
  };
  return heard;
}

const summary = (events: any[]) => events.map((e) => `${e.__typename}:${e.notification?.id ?? e.id ?? e.reason ?? ''}`);
const lastCursor = (heard: Heard) => heard.events.at(-1).cursor as string;

async function send(message: string): Promise<number> {
  const reply = await app.sandbox.call({ webhook: app.webhooks[1] }, 'im.notify.personal.add', { USER_ID: me, MESSAGE: message });
  expect(reply.body.result, reply.text).toBeTypeOf('number');
  return reply.body.result;
}

async function eventCursor(url = app.url): Promise<string> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ notifications(first: 5) { eventCursor } }' }) });
  const body = (await res.json()) as any;
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data.notifications.eventCursor;
}

/** Keeps one subscriber listening until `heard` got a first event, so its watcher has a view. */
async function heardOne(url = app.url): Promise<Heard> {
  const heard = listen(url, await eventCursor(url));
  await sleep(SETTLE_MS);
  await send('warm up');
  await until(() => heard.events.length >= 1, 'the first event');
  return heard;
}

describe('notificationEvents(after:)', () => {
  it('after the inbox query\'s eventCursor, hears exactly the 3 notifications that arrived between the query and the subscription', async () => {
    const cursor = await eventCursor();
    const sent = [await send('one'), await send('two'), await send('three')];
    const heard = listen(app.url, cursor);
    await until(() => heard.events.length >= 3, 'three additions');
    await sleep(SETTLE_MS);
    expect(heard.errors).toEqual([]);
    expect(summary(heard.events)).toEqual(sent.map((id) => `NotificationAdded:${id}`));
    heard.stop();
  });

  it('after a 2 s gap with 2 arrivals and 1 read, hears exactly 2 additions and 1 update, and cursors keep increasing', async () => {
    const first = await heardOne();
    const read = first.events[0].notification.id;
    const cursor = lastCursor(first);
    first.stop();
    const sent = [await send('gap one'), await send('gap two')];
    await app.sandbox.call({ webhook: app.webhooks[0] }, 'im.notify.read.list', { IDS: [Number(read)], ACTION: 'Y' });
    await sleep(2000);
    const resumed = listen(app.url, cursor);
    await until(() => resumed.events.length >= 3, 'the changes of the gap');
    await sleep(SETTLE_MS);
    expect(resumed.errors).toEqual([]);
    expect(summary(resumed.events)).toEqual([`NotificationUpdated:${read}`, ...sent.map((id) => `NotificationAdded:${id}`)]);
    const cursors = [cursor, ...resumed.events.map((e) => e.cursor)];
    expect(new Set(cursors).size).toBe(cursors.length);
    resumed.stop();
  });

  it('after a gap past the watcher\'s linger with 3 arrivals, hears exactly those 3', async () => {
    const first = await heardOne();
    const cursor = lastCursor(first);
    first.stop();
    await sleep(1200); // the linger is 300 ms: the watcher has stopped
    const sent = [await send('late one'), await send('late two'), await send('late three')];
    const resumed = listen(app.url, cursor);
    await until(() => resumed.events.length >= 3, 'the additions past the linger');
    await sleep(SETTLE_MS);
    expect(resumed.errors).toEqual([]);
    expect(summary(resumed.events)).toEqual(sent.map((id) => `NotificationAdded:${id}`));
    resumed.stop();
  });

  it('after a facade restart during the gap, hears the additions and then one resync', async () => {
    const before = createApp(loadConfig({ B24_WEBHOOK_URL: app.webhooks[0].url, PORT: '0', ...ENV }));
    const url = `${await before.listen()}/graphql`;
    const first = await heardOne(url);
    const cursor = lastCursor(first);
    first.stop();
    await before.close(100);
    const sent = [await send('while down one'), await send('while down two')];

    const after = createApp(loadConfig({ B24_WEBHOOK_URL: app.webhooks[0].url, PORT: '0', ...ENV }));
    apps.push(after);
    const resumed = listen(`${await after.listen()}/graphql`, cursor);
    await until(() => resumed.events.length >= 3, 'the additions and the resync');
    await sleep(SETTLE_MS);
    expect(resumed.errors).toEqual([]);
    expect(summary(resumed.events)).toEqual([...sent.map((id) => `NotificationAdded:${id}`), 'NotificationEventsResync:HISTORY_LOST']);
    resumed.stop();
  });

  it('refuses a garbage cursor and another user\'s cursor with INVALID_CURSOR, asking the portal nothing', async () => {
    const otherApp = createApp(loadConfig({ B24_WEBHOOK_URL: app.webhooks[1].url, PORT: '0', ...ENV }));
    apps.push(otherApp);
    const theirs = await eventCursor(`${await otherApp.listen()}/graphql`);
    await sleep(SETTLE_MS); // earlier tests' watchers finish lingering
    await app.sandbox.admin('DELETE', 'requests');
    for (const after of ['garbage', theirs]) {
      const heard = listen(app.url, after);
      await until(() => heard.errors.length > 0, `the refusal of ${after}`);
      expect(heard.events).toEqual([]);
      expect(heard.errors[0].extensions?.code, JSON.stringify(heard.errors)).toBe('INVALID_CURSOR');
    }
    expect((await app.sandbox.requests()).total).toBe(0);
  });

  it('resumes over SSE through the same after argument', async () => {
    const cursor = await eventCursor();
    const sent = await send('over sse');
    const controller = new AbortController();
    const res = await fetch(app.url, {
      method: 'POST',
      signal: controller.signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: EVENTS, variables: { after: cursor } }),
    });
    const reader = res.body!.getReader();
    let text = '';
    const deadline = Date.now() + 5000;
    while (!text.includes('NotificationAdded') && Date.now() < deadline) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(text).toContain(`"id":"${sent}"`);
  });

  it('polls once per interval for two tokens of one user; one token expires, the other subscriber never notices, and a fresh token resumes from its cursor', async () => {
    const oauth = createApp(loadConfig({ B24_PORTAL_URL: app.sandbox.url, PORT: '0', ...ENV }));
    apps.push(oauth);
    const url = `${await oauth.listen()}/graphql`;
    const portalApp = await app.sandbox.givenApp();
    const [a, b] = [await app.sandbox.givenToken(portalApp.clientId, me), await app.sandbox.givenToken(portalApp.clientId, me)];
    const first = listen(url, undefined, { authorization: `Bearer ${a.access_token}` });
    const second = listen(url, undefined, { authorization: `Bearer ${b.access_token}` });
    await sleep(SETTLE_MS);
    const before = await send('for both');
    await until(() => first.events.length >= 1 && second.events.length >= 1, 'the addition on both tokens');

    await app.sandbox.admin('DELETE', 'requests');
    await sleep(1500);
    const { requests } = await app.sandbox.requests();
    const polls = requests.filter((r: any) => r.userId === me && /im\.notify\.get|batch/.test(r.method)).length;
    // 1.5 s at 150 ms is 10 polls; two watchers would make about 20.
    expect(polls).toBeLessThanOrEqual(12);

    const cursor = lastCursor(first);
    await app.sandbox.admin('POST', 'tokens/expire', { access_token: a.access_token });
    await until(() => first.errors.length > 0, 'the expired token\'s subscription to end', 15_000);
    expect(first.errors[0].extensions?.code ?? first.errors[0][0]?.extensions?.code, JSON.stringify(first.errors)).toBe('expired_token');
    const missed = await send('while renewing');
    const fresh = await app.sandbox.givenToken(portalApp.clientId, me);
    const resumed = listen(url, cursor, { authorization: `Bearer ${fresh.access_token}` });
    await until(() => resumed.events.length >= 1 && second.events.length >= 2, 'the addition after the expiry');
    await sleep(SETTLE_MS);
    expect(summary(resumed.events)).toEqual([`NotificationAdded:${missed}`]);
    expect(summary(second.events)).toEqual([`NotificationAdded:${before}`, `NotificationAdded:${missed}`]);
    expect(second.errors).toEqual([]);
  }, 30_000);

  it('never lets a token without the im scope hear the user\'s inbox that another token polls: it ends with insufficient_scope', async () => {
    const oauth = createApp(loadConfig({ B24_PORTAL_URL: app.sandbox.url, PORT: '0', ...ENV }));
    apps.push(oauth);
    const url = `${await oauth.listen()}/graphql`;
    const portalApp = await app.sandbox.givenApp();
    const full = await app.sandbox.givenToken(portalApp.clientId, me);
    const narrow = await app.sandbox.givenToken(portalApp.clientId, me, { scopes: ['user'] });
    const polling = listen(url, undefined, { authorization: `Bearer ${full.access_token}` });
    await sleep(SETTLE_MS);
    const sneaky = listen(url, undefined, { authorization: `Bearer ${narrow.access_token}` });
    const sent = await send('not for the narrow token');
    await until(() => polling.events.length >= 1 && sneaky.errors.length > 0, 'the addition, and the narrow token\'s refusal');
    await sleep(SETTLE_MS);
    expect(sneaky.events).toEqual([]);
    expect(JSON.stringify(sneaky.errors)).toContain('insufficient_scope');
    expect(summary(polling.events)).toEqual([`NotificationAdded:${sent}`]);
  });

  it('ends the subscriber of an expired token that is not the polling one at its next re-proof, while the polling token goes on', async () => {
    const oauth = createApp(loadConfig({ B24_PORTAL_URL: app.sandbox.url, PORT: '0', ...ENV, B24_TOKEN_REPROOF_MS: '400' }));
    apps.push(oauth);
    const url = `${await oauth.listen()}/graphql`;
    const portalApp = await app.sandbox.givenApp();
    const [a, b] = [await app.sandbox.givenToken(portalApp.clientId, me), await app.sandbox.givenToken(portalApp.clientId, me)];
    const polling = listen(url, undefined, { authorization: `Bearer ${a.access_token}` });
    await sleep(SETTLE_MS);
    const quiet = listen(url, undefined, { authorization: `Bearer ${b.access_token}` });
    const before = await send('for both');
    await until(() => polling.events.length >= 1 && quiet.events.length >= 1, 'the addition on both tokens');

    await app.sandbox.admin('DELETE', 'requests');
    await app.sandbox.admin('POST', 'tokens/expire', { access_token: b.access_token });
    await until(() => quiet.errors.length > 0, 'the expired token\'s subscription to end', 5000);
    expect(JSON.stringify(quiet.errors)).toContain('expired_token');
    // The refusal came from the re-proof; the polls went on with the valid token.
    const { requests } = await app.sandbox.requests();
    const mine = requests.filter((r: any) => r.userId === me || r.error === 'expired_token');
    expect(mine.filter((r: any) => r.error === 'expired_token').length).toBeGreaterThanOrEqual(1);
    expect(mine.filter((r: any) => r.status === 200).length).toBeGreaterThan(1);

    const after = await send('only for the valid token');
    await until(() => polling.events.length >= 2, 'the addition after the expiry');
    await sleep(SETTLE_MS);
    expect(summary(quiet.events)).toEqual([`NotificationAdded:${before}`]);
    expect(summary(polling.events)).toEqual([`NotificationAdded:${before}`, `NotificationAdded:${after}`]);
    expect(polling.errors).toEqual([]);
  });

  it('past the log\'s retention, hears the additions recovered from the portal and then one HISTORY_EXPIRED resync', async () => {
    const short = createApp(loadConfig({ B24_WEBHOOK_URL: app.webhooks[0].url, PORT: '0', ...ENV, EVENT_LOG_MAX_EVENTS: '1' }));
    apps.push(short);
    const url = `${await short.listen()}/graphql`;
    const first = await heardOne(url);
    const cursor = lastCursor(first);
    const sent = [await send('kept one'), await send('kept two')];
    await until(() => first.events.length >= 3, 'two more additions on the open subscription');
    first.stop();
    const resumed = listen(url, cursor);
    await until(() => resumed.events.length >= 3, 'the recovered additions and the resync');
    await sleep(SETTLE_MS);
    expect(summary(resumed.events)).toEqual([...sent.map((id) => `NotificationAdded:${id}`), 'NotificationEventsResync:HISTORY_EXPIRED']);
    expect(resumed.events.at(-1).cursor).toBe(lastCursor(first));
  });
});
