// Bulk send (DESIGN §6, rate shaping): N system notifications from one identity to ~100
// recipients, all issued at once, against a sandbox whose leaky bucket matches the client's.
//
// The limit is 50/20, a faster stand-in for the portal's 50/2: the burst of 50 stays, so the
// floor still means something (at 250/5 all 200 requests of 10,000 notifications would fit in
// the burst). Floors, as the issue defines them:
//   requests = ceil(N / batch size); floor = max(0, requests − burst) / drainPerSecond
//   batched, 10,000 → 200 requests → (200 − 50) / 20 = 7.5 s
//   unbatched, 500  → 500 requests → (500 − 50) / 20 = 22.5 s
// The client keeps headroom below the burst by default (250 ms of drain: 5 requests at 20/s),
// so it sends 45 at once and its own floor is five slots (0.25 s) later; the reported floor is
// the plain one, and that headroom is part of what the ratio measures.
import { BitrixClient } from '../../src/bitrix/client.js';
import { webhookCredentials } from '../../src/bitrix/credentials.js';
import { startSandbox } from '../../src/sandbox/index.js';
import type { Row, Scenario, ScenarioContext } from '../run.js';
import { fixtures, round } from '../support.js';

const LIMIT = { burst: 50, drainPerSecond: 20 };
const RECIPIENTS = 100;
/** Commands the portal runs per batch request. */
const PORTAL_BATCH = 50;
const RATIO_TARGET = 1.1;

interface Case {
  /** Row label, e.g. `bulk-send/batched`. */
  name: string;
  notifications: number;
  /** Client `maxBatchSize`: 50 packs calls into batches, 1 sends one HTTP request per call. */
  batchSize: number;
}

const CASES: Case[] = [
  { name: 'bulk-send/batched', notifications: 10_000, batchSize: PORTAL_BATCH },
  { name: 'bulk-send/unbatched', notifications: 500, batchSize: 1 },
];

export const bulkSend: Scenario = {
  name: 'bulk-send',
  description: `10,000 notifications batched vs 500 one call each, limit ${LIMIT.burst}/${LIMIT.drainPerSecond}`,
  async run(context) {
    const rows: Row[] = [];
    for (const c of CASES) rows.push(...(await runCase(c, context)));
    return rows;
  },
};

/** The floor: the burst goes at once, the rest at the drain rate. */
export function floorSeconds(notifications: number, batchSize: number, limit = LIMIT): number {
  const requests = Math.ceil(notifications / batchSize);
  return Math.max(0, requests - limit.burst) / limit.drainPerSecond;
}

async function runCase(c: Case, { signal, log }: ScenarioContext): Promise<Row[]> {
  log(`${c.name}: ${c.notifications} notifications, batch size ${c.batchSize}, limit ${LIMIT.burst}/${LIMIT.drainPerSecond} …`);
  const sandbox = await startSandbox({ port: 0, host: '127.0.0.1', seed: 'empty', rateLimit: LIMIT });
  try {
    const admin = fixtures(sandbox.url, signal);
    const sender = await admin<{ id: number }>('POST', '/users', { firstName: 'Bench', lastName: 'Sender' });
    const hook = await admin<{ url: string }>('POST', '/webhooks', { userId: sender.id });
    const recipients: number[] = [];
    for (let i = 0; i < RECIPIENTS; i++) {
      recipients.push((await admin<{ id: number }>('POST', '/users', { firstName: 'Recipient', lastName: String(i + 1) })).id);
    }

    const client = new BitrixClient({ rateLimit: LIMIT, maxBatchSize: c.batchSize });
    // A webhook names its user, so this costs no request.
    const identity = await client.identify(webhookCredentials(hook.url));

    const ids: unknown[] = [];
    let failed = 0;
    let firstFailure: unknown;
    const started = performance.now();
    const calls: Promise<void>[] = [];
    for (let i = 0; i < c.notifications; i++) {
      const params = { USER_ID: recipients[i % recipients.length], MESSAGE: `Bench notification ${i + 1} of ${c.notifications}` };
      calls.push(
        client.call(identity, 'im.notify.system.add', params, { signal }).then(
          (id) => void ids.push(id),
          (error: unknown) => {
            failed++;
            firstFailure ??= error;
          },
        ),
      );
    }
    await abortable(Promise.all(calls), signal);
    const wallSeconds = (performance.now() - started) / 1000;
    signal.throwIfAborted();
    if (firstFailure !== undefined) log(`${c.name}: ${failed} calls failed; first: ${describe(firstFailure)}`);

    const portal = await admin<{ total: number; limited: number; maxBucketLevel: number }>('GET', '/requests');
    const { notifications: stored } = await admin<{ notifications: { id: number }[] }>('GET', '/notifications');
    const metrics = client.metrics();

    const returned = new Set(ids.filter((id): id is number => typeof id === 'number' && Number.isInteger(id) && id > 0));
    const timesStored = new Map<number, number>();
    for (const n of stored) timesStored.set(n.id, (timesStored.get(n.id) ?? 0) + 1);
    const storedOnce = [...returned].filter((id) => timesStored.get(id) === 1).length;

    const floor = floorSeconds(c.notifications, c.batchSize);
    const ratio = floor > 0 ? wallSeconds / floor : Number.NaN;
    const n = c.notifications;
    const row = (metric: string, value: number, unit: string, target: Row['target'] = null, versus?: string): Row => ({ scenario: c.name, metric, value, unit, target, versus });
    return [
      row('notifications sent', n, 'count'),
      row('calls failed', failed, 'count', { op: '=', value: 0 }),
      row('requests made (sandbox total)', portal.total, 'requests'),
      row('requests made (client)', metrics.requests, 'requests'),
      // The portal refuses a whole request; the client counts every call it carried (50 per batch).
      row('503 answers (sandbox limited)', portal.limited, 'requests', { op: '=', value: 0 }),
      row('calls refused by 503 (client rateLimited)', metrics.rateLimited, 'calls', { op: '=', value: 0 }),
      row('max bucket level (sandbox)', round(portal.maxBucketLevel, 2), 'requests', { op: '<=', value: LIMIT.burst }, 'the portal burst'),
      row('wall time', round(wallSeconds, 3), 's'),
      row('floor', floor, 's', null, `leaky bucket: (${Math.ceil(n / c.batchSize)} requests − burst ${LIMIT.burst}) / ${LIMIT.drainPerSecond} per s`),
      row('ratio wall/floor', round(ratio, 3), 'x', { op: '<=', value: RATIO_TARGET }, 'the floor above'),
      row('distinct ids returned', returned.size, 'count', { op: '=', value: n }),
      row('notifications stored', stored.length, 'count', { op: '=', value: n }),
      row('returned ids stored exactly once', storedOnce, 'count', { op: '=', value: n }),
    ];
  } finally {
    await sandbox.close();
  }
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

