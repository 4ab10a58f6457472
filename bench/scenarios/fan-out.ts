// Fan-out (DESIGN §6, live): 1k, 5k and 10k graphql-ws subscribers of one identity.
//
// This process runs the sandbox (rate limit off) and the GraphQL server in webhook mode,
// acting as one sandbox user with B24_POLL_INTERVAL_MS = 1000. The subscribers run in a child
// process (this same file, forked), one graphql-ws createClient per real WebSocket, so their
// CPU and memory stay out of the server's numbers; both processes share the machine's cores.
// Levels are reached by adding sockets (1k, then 4k more, then 5k more).
//
// Per level:
// - polls per interval: the interval divided by the mean gap between consecutive
//   im.notify.get requests in the sandbox log during the event window (1 whatever N is);
// - latency: a notification is seeded through the fixtures API at t0 and every subscriber
//   stamps its arrival; p50/p99 over all deliveries (a change waits up to one jittered poll
//   interval, 0.9–1.1 × 1000 ms, before the watcher sees it);
// Memory per subscriber is the memory scenario's: there the facade has a process of its own.
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { createApp } from '../../src/server.js';
import type { Row, Scenario, ScenarioContext } from '../run.js';
import { channel, forkChild, stopChild } from '../children.js';
import { subscriberCrowd } from '../subscribers.js';
import { fixtures, percentile, round } from '../support.js';

const SELF = fileURLToPath(import.meta.url);
const LEVELS = [1_000, 5_000, 10_000];
const INTERVAL_MS = 1000;
/** Measured events per level, 1.3 s apart so they land at different phases of the poll. */
const EVENTS = 8;
const EVENT_SPACING_MS = 1300;
const LATENCY_TARGET_MS = INTERVAL_MS + 100;
/** A level is not started when less than this much of the scenario budget is left. */
const LEVEL_RESERVE_MS = 30_000;
const SCENARIO_BUDGET_MS = 105_000;

type ToChild = { type: 'connect'; url: string; add: number } | { type: 'count'; id: string } | { type: 'report' } | { type: 'close' };
type FromChild =
  | { type: 'connected'; total: number; failed: number; firstError?: string }
  | { type: 'count'; count: number }
  | { type: 'report'; receipts: Record<string, number[]>; errors: number; closed: number; firstError?: string }
  | { type: 'closed' };

const now = (): number => performance.timeOrigin + performance.now();

export const fanOut: Scenario = {
  name: 'fan-out',
  description: `${LEVELS.map((n) => `${n / 1000}k`).join('/')} WebSocket subscribers of one identity, poll ${INTERVAL_MS} ms`,
  run,
};

async function run({ signal, log }: ScenarioContext): Promise<Row[]> {
  const started = Date.now();
  const sandbox = await startSandbox({ port: 0, host: '127.0.0.1', seed: 'empty', rateLimit: 'off' });
  let app: ReturnType<typeof createApp> | undefined;
  let child: ChildProcess | undefined;
  const rows: Row[] = [];
  try {
    const admin = fixtures(sandbox.url, signal);
    const user = await admin<{ id: number }>('POST', '/users', { firstName: 'Bench', lastName: 'Watcher' });
    const hook = await admin<{ url: string }>('POST', '/webhooks', { userId: user.id });
    app = createApp(loadConfig({ B24_WEBHOOK_URL: hook.url, PORT: '0', B24_POLL_INTERVAL_MS: String(INTERVAL_MS) }));
    const wsUrl = `${(await app.listen()).replace(/^http/, 'ws')}/graphql`;

    const spawned = forkChild(SELF, ['--fan-out-subscribers'], ['--max-old-space-size=4096']);
    child = spawned;
    const ask = channel<ToChild, FromChild>(spawned, 'subscriber process', signal);

    await settle(300);
    let connected = 0;
    let seq = 0;
    for (const level of LEVELS) {
      const label = `fan-out/${level / 1000}k`;
      const left = SCENARIO_BUDGET_MS - (Date.now() - started);
      if (left < LEVEL_RESERVE_MS) {
        log(`${label}: not run, ${Math.round(left / 1000)} s of the ${SCENARIO_BUDGET_MS / 1000} s budget left`);
        rows.push({ scenario: label, metric: 'not run: scenario time budget spent', value: connected, unit: 'subscribers', target: { op: '>=', value: level } });
        continue;
      }
      signal.throwIfAborted();
      log(`${label}: opening ${level - connected} more sockets …`);
      const t = Date.now();
      const reply = await ask({ type: 'connect', url: wsUrl, add: level - connected }, 'connected', 60_000);
      connected = reply.total;
      const connectSeconds = (Date.now() - t) / 1000;
      if (reply.failed > 0) log(`${label}: ${reply.failed} sockets failed; first: ${reply.firstError}`);

      // A warm-up event that every subscriber must receive proves all subscriptions are live.
      const warm = await admin<{ id: number }>('POST', '/notifications', { userId: user.id, message: `warm-up ${++seq}` });
      const warmDeadline = Date.now() + 10_000;
      let warmed = 0;
      while (Date.now() < warmDeadline) {
        await settle(250);
        warmed = (await ask({ type: 'count', id: String(warm.id) }, 'count', 20_000)).count;
        if (warmed >= connected) break;
      }
      log(`${label}: ${connected} sockets in ${connectSeconds.toFixed(1)} s; warm-up event reached ${warmed}`);

      await settle(500);
      const sent = new Map<number, number>();
      const windowStart = now();
      for (let i = 0; i < EVENTS; i++) {
        signal.throwIfAborted();
        const t0 = now();
        const { id } = await admin<{ id: number }>('POST', '/notifications', { userId: user.id, message: `event ${++seq}` });
        sent.set(id, t0);
        await settle(EVENT_SPACING_MS);
      }
      await settle(INTERVAL_MS * 1.1 + 500);
      const windowEnd = now();
      const report = await ask({ type: 'report' }, 'report', 20_000);
      if (report.errors > 0 || report.closed > 0) log(`${label}: ${report.errors} subscription errors, ${report.closed} sockets closed; first: ${report.firstError}`);

      const latencies: number[] = [];
      let spread = 0;
      let detection = 0;
      for (const [id, t0] of sent) {
        const arrivals = report.receipts[String(id)] ?? [];
        for (const at of arrivals) latencies.push(at - t0);
        if (arrivals.length === 0) continue;
        const first = arrivals.reduce((a, b) => Math.min(a, b));
        spread = Math.max(spread, arrivals.reduce((a, b) => Math.max(a, b)) - first);
        detection = Math.max(detection, first - t0);
      }
      const expected = sent.size * connected;

      const log_ = await admin<{ requests: { at: number; method: string }[] }>('GET', '/requests');
      const polls = log_.requests.filter((r) => r.method === 'im.notify.get' && r.at * 1000 >= windowStart && r.at * 1000 <= windowEnd).map((r) => r.at * 1000);
      const meanGap = polls.length > 1 ? (polls[polls.length - 1] - polls[0]) / (polls.length - 1) : Number.NaN;

      const row = (metric: string, value: number, unit: string, target: Row['target'] = null, versus?: string): Row => ({ scenario: label, metric, value, unit, target, versus });
      rows.push(
        row('subscribers connected', connected, 'sockets', { op: '=', value: level }),
        row('time to open the added sockets', round(connectSeconds, 2), 's'),
        row('im.notify.get in the event window', polls.length, 'requests'),
        row('event window', round((windowEnd - windowStart) / 1000, 2), 's'),
        row('upstream polls per interval (interval / mean gap)', round(INTERVAL_MS / meanGap, 3), 'polls', { op: '<=', value: 1 }, `B24_POLL_INTERVAL_MS ${INTERVAL_MS}, whatever the number of subscribers`),
        row('deliveries missing', expected - latencies.length, 'deliveries', { op: '=', value: 0 }),
        row('event latency p50', round(percentile(latencies, 0.5), 1), 'ms'),
        row('event latency p99', round(percentile(latencies, 0.99), 1), 'ms', { op: '<=', value: LATENCY_TARGET_MS }, `poll interval ${INTERVAL_MS} ms + 100 ms`),
        row('event latency max', round(percentile(latencies, 1), 1), 'ms'),
        row('first arrival after the change (worst event)', round(detection, 1), 'ms'),
        row('broadcast spread (last − first arrival, worst event)', round(spread, 1), 'ms'),
      );
    }
    return rows;
  } finally {
    if (child) await stopChild(child);
    await app?.close(1000);
    await sandbox.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Server side helpers

function settle(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------------
// The subscriber process: this file forked with --fan-out-subscribers.

async function subscriberMain(): Promise<void> {
  const send = (m: FromChild) => process.send!(m);
  let receipts = new Map<string, number[]>();
  const crowd = subscriberCrowd((id) => {
    const list = receipts.get(id) ?? [];
    list.push(now());
    receipts.set(id, list);
  });
  const { tally } = crowd;
  // The parent going away (timeout, crash) must not leave thousands of sockets open.
  process.on('disconnect', () => process.exit(0));

  process.on('message', (message: ToChild) => {
    void (async () => {
      if (message.type === 'connect') {
        await crowd.openAll(message.url, Array.from({ length: message.add }, () => null));
        send({ type: 'connected', total: tally.total, failed: tally.failed, firstError: tally.firstError });
      } else if (message.type === 'count') {
        send({ type: 'count', count: receipts.get(message.id)?.length ?? 0 });
      } else if (message.type === 'report') {
        send({ type: 'report', receipts: Object.fromEntries(receipts), errors: tally.errors, closed: tally.closed, firstError: tally.firstError });
        receipts = new Map();
      } else {
        await crowd.dispose();
        send({ type: 'closed' });
        process.exit(0);
      }
    })();
  });
}

if (process.argv[1] === SELF && process.argv.includes('--fan-out-subscribers') && process.send) void subscriberMain();
