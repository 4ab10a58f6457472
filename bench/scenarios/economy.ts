// Upstream economy (DESIGN §6): how many HTTP requests reach the portal for GraphQL
// operations of one identity, with the client's batching on, against the same client with
// batching off (maxBatchSize 1: one HTTP request per call), in the same run.
//
// Each mode gets a fresh sandbox (limit 50/20, a faster stand-in for 50/2 so that the
// unbatched side finishes in seconds) and a facade in webhook mode whose client has that mode.
// Requests are counted at the sandbox's request log, not by the client. Three cases:
//   inbox:       one operation: notifications page + authors + unread count + schema
//                (2 calls: im.notify.get carries the authors and the count). Target 1.
//   bulk-120:    one sendNotifications mutation of 120 inputs (120 calls).
//                Target ceil(120 / 50) = 3.
//   concurrent:  100 inbox operations of one identity sent at once over HTTP (200 calls).
//                They arrive in different ticks, so only what waits for the rate shaper
//                merges; the target is the guarantee that holds at any timing, at most one
//                request per operation. The ratio to the unbatched run is the measure.
// Every answer is checked for errors first: a failed operation would make any count
// meaningless, so the scenario throws instead of reporting it.
import { setTimeout as sleep } from 'node:timers/promises';
import { BitrixClient } from '../../src/bitrix/client.js';
import { loadConfig } from '../../src/config.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { createApp } from '../../src/server.js';
import type { Row, Scenario, ScenarioContext } from '../run.js';
import { fixtures, round } from '../support.js';

const LIMIT = { burst: 50, drainPerSecond: 20 };
const PORTAL_BATCH = 50;
const BULK = 120;
const CONCURRENT = 100;
const INBOX_CALLS = 2;
const INBOX = `query Inbox {
  notifications(first: 20) { totalCount unreadCount edges { node { id kind text read date author { id name } } } }
  notificationSchema { modules { id types { id } } }
}`;
const BULK_SEND = 'mutation Bulk($inputs: [SendNotificationInput!]!) { sendNotifications(inputs: $inputs) { index sent error { code } } }';

interface Counts {
  requests: number;
  seconds: number;
}
type Measured = Record<'inbox' | 'bulk' | 'concurrent', Counts>;

export const economy: Scenario = {
  name: 'economy',
  description: `upstream requests per GraphQL operation, batching on vs off: inbox, ${BULK} sends in one mutation, ${CONCURRENT} concurrent inboxes`,
  async run(context) {
    const on = await measure(PORTAL_BATCH, context);
    const off = await measure(1, context);
    return rows(on, off);
  },
};

async function measure(maxBatchSize: number, { signal, log }: ScenarioContext): Promise<Measured> {
  const mode = maxBatchSize === 1 ? 'batching off' : 'batching on';
  log(`economy: ${mode} …`);
  const sandbox = await startSandbox({ port: 0, host: '127.0.0.1', seed: 'empty', rateLimit: LIMIT });
  const client = new BitrixClient({ rateLimit: LIMIT, maxBatchSize });
  let app: ReturnType<typeof createApp> | undefined;
  try {
    const admin = fixtures(sandbox.url, signal);
    const { hook, recipients } = await seedInbox(admin);
    app = createApp(loadConfig({ B24_WEBHOOK_URL: hook, PORT: '0', B24_RATE_LIMIT: `${LIMIT.burst}/${LIMIT.drainPerSecond}` }), { client });
    const graphql = endpoint(`${await app.listen()}/graphql`, signal);
    // Warm the schema and code paths so the first measured operation is not the first ever.
    await graphql('query { __typename }');

    const counted = async (label: string, work: () => Promise<void>): Promise<Counts> => {
      // Let the bucket drain so every case starts with the whole burst available.
      await sleep((LIMIT.burst / LIMIT.drainPerSecond) * 1000 + 250, undefined, { signal });
      await admin('DELETE', '/requests');
      const started = performance.now();
      await work();
      const seconds = (performance.now() - started) / 1000;
      const log_ = await admin<{ total: number; limited: number }>('GET', '/requests');
      if (log_.limited > 0) throw new Error(`economy ${mode} ${label}: the portal answered ${log_.limited} requests with 503; expected none`);
      return { requests: log_.total, seconds };
    };

    const inbox = await counted('inbox', async () => void (await graphql(INBOX)));
    const concurrent = await counted('concurrent', async () => {
      await Promise.all(Array.from({ length: CONCURRENT }, () => graphql(INBOX)));
    });
    const bulk = await counted('bulk', async () => {
      const inputs = Array.from({ length: BULK }, (_, i) => ({ userId: String(recipients[i % recipients.length]), message: `Economy ${i + 1}`, kind: 'SYSTEM' }));
      const data = (await graphql(BULK_SEND, { inputs })) as { sendNotifications: { sent: boolean; error: { code: string } | null }[] };
      const unsent = data.sendNotifications.filter((r) => !r.sent);
      if (unsent.length > 0) throw new Error(`economy ${mode} bulk: ${unsent.length} of ${BULK} not sent; first error ${unsent[0].error?.code ?? 'none'}`);
    });
    return { inbox, bulk, concurrent };
  } finally {
    await app?.close(500);
    await sandbox.close();
  }
}

function rows(on: Measured, off: Measured): Row[] {
  const versusOff = 'same client with batching off (maxBatchSize 1), same run';
  const out: Row[] = [];
  const add = (scenario: string, calls: number, target: Row['target'], what: string): void => {
    const c = scenario.split('/')[1] as keyof Measured;
    const row = (metric: string, value: number, unit: string, t: Row['target'] = null, versus?: string): Row => ({ scenario, metric, value, unit, target: t, versus });
    out.push(
      row(`upstream calls: ${what}`, calls, 'calls'),
      row('upstream requests, batching on', on[c].requests, 'requests', target, target?.op === '=' ? `ceil(${calls} calls / ${PORTAL_BATCH})` : 'one request per operation'),
      row('upstream requests, batching off', off[c].requests, 'requests', null, 'one request per call'),
      row('requests off / on', round(off[c].requests / on[c].requests, 2), 'x', null, versusOff),
      row('wall time, batching on', round(on[c].seconds, 3), 's'),
      row('wall time, batching off', round(off[c].seconds, 3), 's', null, `limit ${LIMIT.burst}/${LIMIT.drainPerSecond}`),
    );
  };
  add('economy/inbox', INBOX_CALLS, { op: '=', value: 1 }, 'notifications page with authors and unread count, and the schema');
  add('economy/bulk', BULK, { op: '=', value: Math.ceil(BULK / PORTAL_BATCH) }, `one sendNotifications mutation of ${BULK} inputs`);
  add('economy/concurrent', CONCURRENT * INBOX_CALLS, { op: '<=', value: CONCURRENT }, `${CONCURRENT} inbox operations sent at once over HTTP`);
  return out;
}

/** A viewer with a webhook, three authors, and 30 notifications from them (10 read). */
async function seedInbox(admin: ReturnType<typeof fixtures>): Promise<{ hook: string; recipients: number[] }> {
  const viewer = await admin<{ id: number }>('POST', '/users', { firstName: 'Economy', lastName: 'Viewer' });
  const authors: number[] = [];
  for (const name of ['Ada', 'Boris', 'Chen']) authors.push((await admin<{ id: number }>('POST', '/users', { firstName: name, lastName: 'Author' })).id);
  for (let i = 0; i < 30; i++) {
    await admin('POST', '/notifications', { userId: viewer.id, authorId: authors[i % authors.length], message: `Inbox item ${i + 1}`, read: i < 10 });
  }
  const { url } = await admin<{ url: string }>('POST', '/webhooks', { userId: viewer.id });
  return { hook: url, recipients: authors };
}

/** POSTs an operation; throws on a non-200 answer or any GraphQL error. */
function endpoint(url: string, signal: AbortSignal) {
  return async (query: string, variables?: Record<string, unknown>): Promise<unknown> => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }), signal });
    const body = (await res.json()) as { data?: unknown; errors?: { message: string }[] };
    if (res.status !== 200 || body.errors) throw new Error(`economy: expected 200 without errors, got ${res.status} ${JSON.stringify(body.errors ?? body).slice(0, 300)}`);
    return body.data;
  };
}
