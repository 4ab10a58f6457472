// Many identities (DESIGN §6, live): 200 webhook users of one sandbox portal whose leaky
// bucket is 50/2, watched through one BitrixClient (limit 50/2) and the live hub, one listener
// per identity — the path the GraphQL subscriptions take, without 200 servers or sockets.
//
// Two phases on the same client:
//   A, no polling:   interactive im.counters.get, one a second, alternating between the 200
//                    identities (rotating) and a 201st identity that is never watched;
//   B, with polling: the hub watches the 200 identities (B24_POLL_SHARE 0.5) while the same
//                    interactive calls continue.
// An interactive call is given up after CALL_CAP_MS (counted, and its latency recorded as the
// cap, so a percentile with such calls is a lower bound). At the end the hub closes and the
// polls still queued in the client are dropped through a signal the bench hands the hub's
// calls (LiveHub.close() stops the watchers but does not withdraw polls already queued).
// At 50/2 with share 0.5 the hub spaces each identity's polls 200 / (0.5 × 2) = 200 s apart,
// so a bounded window sees the start-up (every watcher's first look, which the hub does not
// pace: the rate shaper lets it use whatever interactive calls leave) and no steady state.
// The rows say which is which. 1/Y = 500 ms is how long an interactive call may wait for the
// next free slot behind polling.
import { setMaxListeners } from 'node:events';
import { BitrixClient, type Identity } from '../../src/bitrix/client.js';
import { webhookCredentials } from '../../src/bitrix/credentials.js';
import type { Caller } from '../../src/bitrix/types.js';
import { createLiveHub } from '../../src/live/hub.js';
import { startSandbox } from '../../src/sandbox/index.js';
import type { Row, Scenario, ScenarioContext } from '../run.js';
import { fixtures, percentile, round } from '../support.js';

const LIMIT = { burst: 50, drainPerSecond: 2 };
const IDENTITIES = 200;
const POLL_SHARE = 0.5;
const POLL_INTERVAL_MS = 2000;
/** Interactive calls per second in both phases. */
const INTERACTIVE_EVERY_MS = 1000;
const PHASE_A_MS = 20_000;
const PHASE_B_MS = 65_000;
/** An interactive call still waiting after this long is given up. */
const CALL_CAP_MS = 10_000;
const SLOT_MS = 1000 / LIMIT.drainPerSecond;
const LABEL = 'identities';

export const identities: Scenario = {
  name: 'identities',
  description: `${IDENTITIES} identities watched under ${LIMIT.burst}/${LIMIT.drainPerSecond}, share ${POLL_SHARE}, ${PHASE_A_MS / 1000} s without + ${PHASE_B_MS / 1000} s with polling`,
  run,
};

interface RequestLog {
  total: number;
  byMethod: Record<string, number>;
  limited: number;
  maxBucketLevel: number;
  requests: { at: number; method: string; userId: number | null; status: number }[];
}

async function run({ signal, log }: ScenarioContext): Promise<Row[]> {
  const sandbox = await startSandbox({ port: 0, host: '127.0.0.1', seed: 'empty', rateLimit: LIMIT });
  const hub = { close: () => {} };
  try {
    const admin = fixtures(sandbox.url, signal);
    log(`${LABEL}: creating ${IDENTITIES} users with webhooks …`);
    const hooks: string[] = [];
    // One more user than watched: the control identity for interactive calls.
    for (let i = 0; i <= IDENTITIES; i++) {
      const user = await admin<{ id: number }>('POST', '/users', { firstName: 'Watcher', lastName: String(i + 1) });
      hooks.push((await admin<{ url: string }>('POST', '/webhooks', { userId: user.id })).url);
    }
    const client = new BitrixClient({ rateLimit: LIMIT });
    // Webhooks name their user: no request.
    const everyone = await Promise.all(hooks.map((url) => client.identify(webhookCredentials(url))));
    const people = everyone.slice(0, IDENTITIES);
    const control = everyone[IDENTITIES];
    await admin('DELETE', '/requests');

    log(`${LABEL}: phase A, interactive calls without polling, ${PHASE_A_MS / 1000} s …`);
    const a = await interactive(client, people, control, PHASE_A_MS, signal);
    const afterA = await admin<RequestLog>('GET', '/requests');
    await admin('DELETE', '/requests');

    log(`${LABEL}: phase B, ${IDENTITIES} watchers plus interactive calls, ${PHASE_B_MS / 1000} s …`);
    // The hub's calls carry a signal the bench aborts at the end, so queued polls are dropped.
    const stopPolls = new AbortController();
    // Every queued poll listens on it (one per identity).
    setMaxListeners(0, stopPolls.signal);
    const hubClient = Object.create(client) as BitrixClient;
    hubClient.caller = (identity: Identity): Caller => ({
      call: (method, params, options) => client.call(identity, method, params, { ...options, signal: stopPolls.signal }),
    });
    const live = createLiveHub(hubClient, { pollIntervalMs: POLL_INTERVAL_MS, pollShare: POLL_SHARE, drainPerSecond: LIMIT.drainPerSecond });
    hub.close = () => {
      live.close();
      stopPolls.abort(new Error('bench over'));
    };
    let events = 0;
    let failures = 0;
    const start = Date.now();
    const stops = people.map((identity) =>
      live.listen(identity, (s) => {
        if (s.type === 'events') events += s.events.length;
        else failures++;
      }),
    );
    const b = await interactive(client, people, control, PHASE_B_MS, signal);
    const windowSeconds = (Date.now() - start) / 1000;
    for (const stop of stops) stop();
    hub.close();
    const afterB = await admin<RequestLog>('GET', '/requests');
    const metrics = client.metrics();

    const polls = afterB.requests.filter((r) => r.method === 'im.notify.get');
    const perUser = new Map<number | null, number>();
    for (const p of polls) perUser.set(p.userId, (perUser.get(p.userId) ?? 0) + 1);
    const firstLooks = perUser.size;
    const repolls = polls.length - firstLooks;
    const seen = new Set<number | null>();
    let firstLooksDone = Number.NaN;
    for (const p of polls) {
      seen.add(p.userId);
      if (seen.size === firstLooks) {
        firstLooksDone = p.at * 1000 - start;
        break;
      }
    }
    const budget = POLL_SHARE * LIMIT.drainPerSecond;
    const countRate = polls.length / windowSeconds;
    // n polls on a schedule of one per second span n − 1 seconds: counting them over the window
    // reads one poll too many whenever the first and the last both fall inside it.
    const span = polls.length > 1 ? polls[polls.length - 1].at - polls[0].at : Number.NaN;
    const observedRate = (polls.length - 1) / span;
    // The hub's rule for n watchers of one portal: max(base, n / (share × Y)) seconds apart.
    const scheduledInterval = Math.max(POLL_INTERVAL_MS / 1000, IDENTITIES / budget);
    const steadyRate = IDENTITIES / scheduledInterval;
    const failedCalls = a.failed + b.failed;
    if (failedCalls > 0) log(`${LABEL}: ${failedCalls} interactive calls failed; first: ${a.firstError ?? b.firstError}`);

    const p99A = percentile([...a.watched, ...a.control], 0.99);
    const allB = [...b.watched, ...b.control];
    const target = { op: '<=' as const, value: round(p99A + SLOT_MS, 1) };
    const row = (metric: string, value: number, unit: string, target: Row['target'] = null, versus?: string): Row => ({ scenario: LABEL, metric, value, unit, target, versus });
    const versusBudget = `B24_POLL_SHARE ${POLL_SHARE} × ${LIMIT.drainPerSecond} req/s`;
    const versusQuiet = `p99 without polling + 1/Y (${SLOT_MS} ms)`;
    return [
      row('identities watched', IDENTITIES, 'identities'),
      row('poll budget (B24_POLL_SHARE × Y)', budget, 'req/s'),
      row('window with polling', round(windowSeconds, 1), 's'),
      row('im.notify.get in the window', polls.length, 'requests'),
      row('identities that got their first look', firstLooks, 'identities'),
      row('identities still waiting for their first look at the end', IDENTITIES - firstLooks, 'identities'),
      row('all first looks done after', firstLooks === IDENTITIES ? round(firstLooksDone / 1000, 1) : Number.NaN, 's'),
      row('second looks in the window', repolls, 'requests'),
      row('polls / window length (counts both ends)', round(countRate, 3), 'req/s'),
      row('observed polling rate: polls − 1 over first-to-last poll', round(observedRate, 3), 'req/s'),
      row('observed polling rate / budget (start-up window)', round(observedRate / budget, 3), 'x', { op: '<=', value: 1 }, versusBudget),
      row('scheduled steady-state polling rate / budget (hub rule, not observed)', round(steadyRate / budget, 3), 'x', { op: '<=', value: 1 }, versusBudget),
      row('503 answers (sandbox limited, both phases)', afterA.limited + afterB.limited, 'requests', { op: '=', value: 0 }),
      row('503 seen by the client (rateLimited)', metrics.rateLimited, 'calls', { op: '=', value: 0 }),
      row('max bucket level (sandbox, both phases)', round(Math.max(afterA.maxBucketLevel, afterB.maxBucketLevel), 2), 'requests', { op: '<=', value: LIMIT.burst }, 'the portal burst'),
      row('watcher failures', failures, 'signals', { op: '=', value: 0 }),
      row('inbox events (none expected)', events, 'events'),
      row('interactive calls failed', failedCalls, 'calls', { op: '=', value: 0 }),
      row(`interactive calls given up after ${CALL_CAP_MS / 1000} s (with polling)`, b.capped, 'calls', { op: '=', value: 0 }),
      row('interactive calls without polling', a.watched.length + a.control.length, 'calls'),
      row('interactive p50 without polling', round(percentile([...a.watched, ...a.control], 0.5), 1), 'ms'),
      row('interactive p99 without polling', round(p99A, 1), 'ms'),
      row('interactive calls with polling', allB.length, 'calls'),
      row('interactive p50 with polling', round(percentile(allB, 0.5), 1), 'ms'),
      row('interactive p99 with polling (all)', round(percentile(allB, 0.99), 1), 'ms', target, versusQuiet),
      row('interactive p99 with polling, watched identities', round(percentile(b.watched, 0.99), 1), 'ms', target, versusQuiet),
      row('interactive p99 with polling, unwatched identity', round(percentile(b.control, 0.99), 1), 'ms', target, versusQuiet),
    ];
  } finally {
    hub.close();
    await sandbox.close();
  }
}

/**
 * One im.counters.get every INTERACTIVE_EVERY_MS for `durationMs`, alternating between a
 * rotating watched identity and the control identity; latencies in ms per group.
 */
async function interactive(client: BitrixClient, people: Identity[], control: Identity, durationMs: number, signal: AbortSignal) {
  const watched: number[] = [];
  const unwatched: number[] = [];
  let failed = 0;
  let capped = 0;
  let firstError: string | undefined;
  const calls: Promise<void>[] = [];
  const count = Math.floor(durationMs / INTERACTIVE_EVERY_MS);
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    signal.throwIfAborted();
    const wait = start + i * INTERACTIVE_EVERY_MS - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t0 = performance.now();
    const group = i % 2 === 0 ? watched : unwatched;
    const identity = i % 2 === 0 ? people[(i * 37) % people.length] : control;
    const cap = AbortSignal.timeout(CALL_CAP_MS);
    calls.push(
      client.call(identity, 'im.counters.get', {}, { signal: AbortSignal.any([signal, cap]) }).then(
        () => void group.push(performance.now() - t0),
        (error: unknown) => {
          if (cap.aborted && !signal.aborted) {
            capped++;
            group.push(CALL_CAP_MS);
            return;
          }
          failed++;
          firstError ??= error instanceof Error ? error.message : String(error);
        },
      ),
    );
  }
  await new Promise((r) => setTimeout(r, Math.max(0, start + durationMs - performance.now())));
  await Promise.all(calls);
  return { watched, control: unwatched, failed, capped, firstError };
}

