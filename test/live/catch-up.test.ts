// Catch-up when the first page is all confirm notifications: regular arrivals sit behind them.
import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type TestApp, startTestApp } from '../support/app.js';

let app: TestApp;
let client: Client;
const added: string[] = [];

beforeAll(async () => {
  app = await startTestApp({ env: { B24_POLL_INTERVAL_MS: '150', B24_RATE_LIMIT: '50/20' } });
  const me = app.webhooks[0].userId;
  // 55 pending confirms fill the whole first page (confirm notifications always come first).
  for (let i = 0; i < 55; i++) await app.sandbox.givenNotification({ userId: me, authorId: app.webhooks[1].userId, type: 'confirm', message: `confirm ${i}` });
  client = createClient({ url: app.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
  client.subscribe(
    { query: 'subscription { notificationEvents { __typename ... on NotificationAdded { notification { id } } } }' },
    { next: (v) => (v.data?.notificationEvents as any)?.__typename === 'NotificationAdded' && added.push((v.data!.notificationEvents as any).notification.id), error: () => {}, complete: () => {} },
  );
  await new Promise((r) => setTimeout(r, 600));
}, 30_000);
afterAll(async () => {
  await client?.dispose();
  await app?.close();
});

it('reports regular notifications that arrive behind a full page of pending confirms', async () => {
  const ids: string[] = [];
  for (const text of ['behind one', 'behind two', 'behind three']) {
    const reply = await app.sandbox.call({ webhook: app.webhooks[1] }, 'im.notify.system.add', { USER_ID: app.webhooks[0].userId, MESSAGE: text });
    ids.push(String(reply.body.result));
  }
  const until = Date.now() + 5000;
  while (added.length < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 500));
  expect(added).toEqual(ids);
});
