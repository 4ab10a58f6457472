// Subscriptions over graphql-ws against the sandbox: every change arrives exactly once.
import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type TestApp, startTestApp } from '../support/app.js';

let app: TestApp;
let client: Client;
const events: any[] = [];
let me: number;
let other: { userId: number; secret: string };

// Waits, bounded, until `count` events have arrived (or the time is up).
async function eventsAfter(start: number, count: number, timeoutMs = 5000): Promise<any[]> {
  const until = Date.now() + timeoutMs;
  while (events.length - start < count && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  // One more poll interval: nothing extra (no duplicates) may follow.
  await new Promise((r) => setTimeout(r, 500));
  return events.slice(start);
}

beforeAll(async () => {
  app = await startTestApp({ env: { B24_POLL_INTERVAL_MS: '150' } });
  me = app.webhooks[0].userId;
  other = app.webhooks[1];
  client = createClient({ url: app.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
  const query = `subscription { notificationEvents { __typename unreadCount ... on NotificationAdded { notification { id text read author { id } } } ... on NotificationUpdated { notification { id read } } ... on NotificationRemoved { id } } }`;
  client.subscribe({ query }, { next: (value) => events.push(value.data?.notificationEvents ?? value), error: (e) => events.push({ error: e }), complete: () => {} });
  // Let the watcher take its first look (the baseline) before changing anything.
  await new Promise((r) => setTimeout(r, 600));
}, 30_000);
afterAll(async () => {
  await client?.dispose();
  await app?.close();
});

const sendToMe = (message: string) => app.sandbox.call({ webhook: other }, 'im.notify.personal.add', { USER_ID: me, MESSAGE: message });

describe('notificationEvents', () => {
  it('delivers an added notification once, with its author and the unread count', async () => {
    const start = events.length;
    const id = (await sendToMe('live hello')).body.result;
    const got = await eventsAfter(start, 1);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ __typename: 'NotificationAdded', notification: { id: String(id), text: 'live hello', read: false, author: { id: String(other.userId) } } });
    expect(got[0].unreadCount).toBeGreaterThan(0);
  });

  it('delivers read and unread changes once each', async () => {
    const id = (await sendToMe('to read')).body.result;
    await eventsAfter(events.length, 1);
    const start = events.length;
    await app.sandbox.call({ webhook: app.webhooks[0] }, 'im.notify.read', { ID: id, ONLY_CURRENT: 'Y' });
    const read = await eventsAfter(start, 1);
    expect(read.map((e) => [e.__typename, e.notification?.read])).toEqual([['NotificationUpdated', true]]);
    const again = events.length;
    await app.sandbox.call({ webhook: app.webhooks[0] }, 'im.notify.read', { ID: id, ACTION: 'N', ONLY_CURRENT: 'Y' });
    expect((await eventsAfter(again, 1)).map((e) => [e.__typename, e.notification?.read])).toEqual([['NotificationUpdated', false]]);
  });

  it('delivers a deletion and a confirmation as removals, once each', async () => {
    const id = (await sendToMe('to delete')).body.result;
    const confirm = (await app.sandbox.givenNotification({ userId: me, authorId: other.userId, type: 'confirm', message: 'ok?' })).id;
    await eventsAfter(events.length, 2);
    const start = events.length;
    await app.sandbox.call({ webhook: app.webhooks[0] }, 'im.notify.delete', { ID: id });
    await app.sandbox.call({ webhook: app.webhooks[0] }, 'im.notify.confirm', { ID: confirm, NOTIFY_VALUE: 'Y' });
    const got = await eventsAfter(start, 2);
    expect(got.map((e) => e.__typename)).toEqual(['NotificationRemoved', 'NotificationRemoved']);
    expect(got.map((e) => e.id).sort()).toEqual([String(id), String(confirm)].sort());
  });

  it('delivers 120 notifications that arrived during an outage as 120 added events once it ends, oldest first, none twice', async () => {
    // Every poll fails until the faults go: the next good poll must page back through 120.
    await app.sandbox.admin('POST', 'faults', { method: 'im.notify.get', status: 500 });
    await new Promise((r) => setTimeout(r, 400));
    const start = events.length;
    const ids: number[] = [];
    const sent = await app.sandbox.call({ webhook: other }, 'batch', { cmd: Array.from({ length: 50 }, (_, i) => `im.notify.system.add?USER_ID=${me}&MESSAGE=bulk${i}`) });
    ids.push(...(Object.values(sent.body.result.result) as number[]));
    for (let round = 0; round < 2; round++) {
      const more = await app.sandbox.call({ webhook: other }, 'batch', { cmd: Array.from({ length: round ? 20 : 50 }, (_, i) => `im.notify.system.add?USER_ID=${me}&MESSAGE=more${round}-${i}`) });
      ids.push(...(Object.values(more.body.result.result) as number[]));
    }
    expect(events.length).toBe(start);
    await app.sandbox.admin('DELETE', 'faults');
    const got = (await eventsAfter(start, 120, 15000)).filter((e) => e.__typename === 'NotificationAdded');
    const gotIds = got.map((e) => Number(e.notification.id));
    expect(gotIds).toHaveLength(120);
    expect(new Set(gotIds).size).toBe(120);
    expect([...gotIds].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    expect(gotIds).toEqual([...gotIds].sort((a, b) => a - b));
  });
});
