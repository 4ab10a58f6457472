// Subscriptions over Server-Sent Events (yoga's transport on /graphql): an addition streams as a
// `next` event, and a graceful shutdown cuts a stream that is still open instead of waiting for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type App, createApp } from '../../src/server.js';
import { type TestApp, startTestApp } from '../support/app.js';

// A drain of 20/s lets the 150 ms interval apply (the hub keeps polling within half the drain rate).
const FAST = { B24_POLL_INTERVAL_MS: '150', B24_RATE_LIMIT: '50/20' };
/** Enough for the watcher's first look (the baseline) several times over. */
const SETTLE_MS = 600;
const QUERY = 'subscription { notificationEvents { __typename unreadCount ... on NotificationAdded { notification { id text } } } }';

let app: TestApp;
const apps: App[] = [];
const streams: SseStream[] = [];

beforeAll(async () => {
  app = await startTestApp({ env: FAST });
}, 30_000);

afterAll(async () => {
  for (const stream of streams) stream.abort();
  await Promise.all(apps.map((a) => a.close(100)));
  await app?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An open event stream, read in the background into its events. */
interface SseStream {
  status: number;
  contentType: string | null;
  events: Array<{ event: string; data: string }>;
  /** Settles when the body ends, cleanly or not: how and when. */
  ended: Promise<{ how: 'done' | 'error'; at: number }>;
  abort(): void;
}

async function openStream(url: string, query: string): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query }),
    signal: abort.signal,
  });
  const events: SseStream['events'] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const ended = (async (): Promise<{ how: 'done' | 'error'; at: number }> => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return { how: 'done', at: Date.now() };
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          if (block.trim() === '' || block.startsWith(':')) continue;
          events.push({ event: /^event: (.*)$/m.exec(block)?.[1] ?? '', data: /^data: (.*)$/m.exec(block)?.[1] ?? '' });
        }
      }
    } catch {
      return { how: 'error', at: Date.now() };
    }
  })();
  const stream: SseStream = { status: res.status, contentType: res.headers.get('content-type'), events, ended, abort: () => abort.abort() };
  streams.push(stream);
  return stream;
}

async function until(done: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

const sendTo = (userId: number, message: string) =>
  app.sandbox.call({ webhook: app.webhooks[1] }, 'im.notify.personal.add', { USER_ID: userId, MESSAGE: message });

describe('notificationEvents over SSE', () => {
  it('streams a new notification as one next event carrying NotificationAdded', async () => {
    const stream = await openStream(app.url, QUERY);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    await sleep(SETTLE_MS);

    const sent = await sendTo(app.webhooks[0].userId, 'over sse, live');
    const id = sent.body.result as number;
    await until(() => stream.events.length >= 1, 'the next event');
    await sleep(SETTLE_MS);

    expect(stream.events.map((e) => e.event)).toEqual(['next']);
    const payload = JSON.parse(stream.events[0].data);
    expect(payload.errors).toBeUndefined();
    expect(payload.data.notificationEvents).toMatchObject({ __typename: 'NotificationAdded', notification: { id: String(id), text: 'over sse, live' } });
    expect(payload.data.notificationEvents.unreadCount).toBeGreaterThan(0);
    stream.abort();
    await stream.ended;
  });

  it('cuts an open subscription stream at graceful shutdown without waiting out the grace period', async () => {
    const own = createApp(loadConfig({ B24_WEBHOOK_URL: app.webhooks[0].url, PORT: '0', ...FAST }));
    apps.push(own);
    const url = `${await own.listen()}/graphql`;
    const stream = await openStream(url, QUERY);
    expect(stream.status).toBe(200);
    await sleep(SETTLE_MS);
    // The stream is live: it delivers before the shutdown starts.
    await sendTo(app.webhooks[0].userId, 'just before shutdown');
    await until(() => stream.events.length >= 1, 'an event before shutdown');

    const GRACE_MS = 300;
    const started = Date.now();
    const closed = own.close(GRACE_MS).then(() => Date.now());
    const bound = sleep(GRACE_MS + 3000).then(() => 'timeout' as const);
    const ended = await Promise.race([stream.ended, bound]);
    expect(ended, 'the SSE read should end after the grace period').not.toBe('timeout');
    const closedAt = await Promise.race([closed, bound]);
    expect(closedAt, 'app.close(300) should resolve').not.toBe('timeout');

    const { at } = ended as { at: number };
    // Yoga does not end SSE streams itself: the cut comes with the grace period, not long after it.
    expect(at - started).toBeLessThan(GRACE_MS + 2000);
    expect((closedAt as number) - started).toBeLessThan(GRACE_MS + 2000);
    expect(stream.events.map((e) => e.event)).toEqual(['next']);
  });
});
