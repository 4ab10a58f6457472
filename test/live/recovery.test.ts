// After an outage, subscriptions recover as fast as queries: the first successful call to the
// portal ends every watcher's backoff, so the next event comes at the watcher's next slot.
import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type TestApp, startTestApp } from '../support/app.js';

let app: TestApp;
let client: Client;
const added: Array<{ text: string; at: number }> = [];

beforeAll(async () => {
  app = await startTestApp({ env: { B24_POLL_INTERVAL_MS: '100', B24_RATE_LIMIT: '50/20' } });
  client = createClient({ url: app.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
  const query = 'subscription { notificationEvents { __typename ... on NotificationAdded { notification { text } } } }';
  client.subscribe({ query }, {
    next: (value) => {
      const event = value.data?.notificationEvents as { __typename: string; notification?: { text: string } } | undefined;
      if (event?.__typename === 'NotificationAdded') added.push({ text: event.notification!.text, at: Date.now() });
    },
    error: () => {},
    complete: () => {},
  });
  await new Promise((r) => setTimeout(r, 500));
}, 30_000);
afterAll(async () => {
  await client?.dispose();
  await app?.close();
});

const polls = async (): Promise<number> => (await app.sandbox.requests()).byMethod['im.notify.get'] ?? 0;

describe('recovery after an outage', () => {
  it('delivers the next event within 1.2 s of the first successful query, though the watcher had backed off for longer', async () => {
    const before = await polls();
    await app.sandbox.admin('POST', 'faults', { method: 'im.notify.get', reset: true });
    // Five failed polls (each tried four times) leave the next one 1.6-3.2 s away.
    while ((await polls()) < before + 20) await new Promise((r) => setTimeout(r, 25));
    await app.sandbox.admin('DELETE', 'faults');
    const other = app.webhooks[1];
    await app.sandbox.call({ webhook: other }, 'im.notify.personal.add', { USER_ID: app.webhooks[0].userId, MESSAGE: 'after the outage' });
    const queried = Date.now();
    const res = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ viewer { id } }' }) });
    expect((await res.json()).errors).toBeUndefined();
    const until = Date.now() + 4000;
    while (!added.some((e) => e.text === 'after the outage') && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const event = added.find((e) => e.text === 'after the outage');
    expect(event).toBeDefined();
    expect(event!.at - queried).toBeLessThan(1200);
  }, 20_000);
});
