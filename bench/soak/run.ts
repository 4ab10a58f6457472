// `npm run soak`: the reliability soak (issue 10). Bounded (SOAK_SECONDS of load and faults, 300
// by default), loopback only, stops by itself. It writes bench/soak.json and re-renders
// bench/REPORT.md from bench/results.json with the soak's section. A missed target is MISS and
// the run still exits 0; it exits 1 only when the soak could not run (a child failed or exited,
// or the hard timeout).
//
// Processes, so the measuring one shares no event loop with what it measures:
// - sandbox portal (sandbox-child.ts): demo seed, rate limit 50/20 (burst 50, 20 per second);
// - facade (facade-child.ts): createApp(loadConfig(env)) in webhook mode as the demo user 1
//   (B24_RATE_LIMIT 50/20 to match, every other variable at its default);
// - subscribers (subscribers-child.ts): 20 graphql-ws sockets × 50 notificationEvents
//   subscriptions, five filters in turn (none, PERSONAL, SYSTEM, module rest, CONFIRM);
// - load (load-child.ts): inbox queries, sendNotification, sendNotifications of 3 inputs and
//   markNotificationsRead at a steady rate.
// This process drives the sandbox's fixtures API: the fault schedule (plan.ts), a marker
// notification at the end of each fault, and queries that probe for recovery.
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { channel, forkChild, stopChild } from '../children.js';
import { consoleTable, judge, renderReport, type RunRecord, type SoakRecord, soakSummary } from '../report.js';
import { describeMachine, fixtures, round } from '../support.js';
import { type Readings, soakFigures, stallLines } from './figures.js';
import { PROBE_EVERY_MS, runFaults } from './faults.js';
import { soakPlan } from './plan.js';
import type { ExpectedEvent, FacadeStats, FromFacade, FromLoad, FromSandbox, FromSubscribers, LoadRates, OperationRecord, ToFacade, ToLoad, ToSandbox, ToSubscribers } from './protocol.js';
import { type Filter, type StoredNotification, kindOf, tallySends } from './tally.js';

const DEFAULT_SECONDS = 300;
const MIN_SECONDS = 30;
const SOCKETS = 20;
const PER_SOCKET = 50;
const FILTERS: Filter[] = [{}, { kinds: ['PERSONAL'] }, { kinds: ['SYSTEM'] }, { modules: ['rest'] }, { kinds: ['CONFIRM'] }];
const RATE_LIMIT = '50/20';
const RATES: LoadRates = { inbox: 2, send: 1, bulk: 0.5, bulkSize: 3, mark: 0.5 };
/** The facade's default B24_POLL_INTERVAL_MS: warm-up and settling wait in multiples of it. */
const POLL_MS = 2000;
const WARM_UP_ROUNDS = 5;
/** After the load stops: how long its operations may take to be answered, and the events to arrive. */
const DRAIN_MS = 70_000;
const SETTLE_MS = 30_000;
/** Beyond SOAK_SECONDS: setup, draining and settling; past it the run is abandoned. */
const OVERHEAD_CAP_MS = 240_000;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOAK_FILE = fileURLToPath(new URL('../soak.json', import.meta.url));
const RESULTS_FILE = fileURLToPath(new URL('../results.json', import.meta.url));
const REPORT_FILE = fileURLToPath(new URL('../REPORT.md', import.meta.url));
const child = (name: string) => fileURLToPath(new URL(`./${name}.ts`, import.meta.url));

const log = (line: string) => console.error(`soak ${new Date().toISOString().slice(11, 19)}  ${line}`);

async function main(): Promise<number> {
  const seconds = soakSeconds(process.env.SOAK_SECONDS);
  if (typeof seconds === 'string') {
    console.error(seconds);
    return 2;
  }
  const environment = describeMachine();
  const record: SoakRecord = {
    environment,
    command: process.env.SOAK_SECONDS ? `SOAK_SECONDS=${seconds} npm run soak` : 'npm run soak',
    revision: revision(),
    plannedSeconds: seconds,
    seconds: 0,
    completed: false,
    setup: setupText(seconds),
    faults: [],
    results: [],
  };
  console.log(`soak  ${environment.date}  node ${environment.node}  ${environment.cores} cores (${environment.cpu})  ${environment.platform}  code ${record.revision}`);
  console.log(`${seconds} s of load and faults: ${soakPlan(seconds * 1000).map((f) => f.name).join(', ')}\n`);

  const controller = new AbortController();
  const hardTimeoutMs = seconds * 1000 + OVERHEAD_CAP_MS;
  const timeout = setTimeout(() => controller.abort(new Error(`hard timeout of ${hardTimeoutMs / 1000} s reached`)), hardTimeoutMs);
  const started = performance.now();
  try {
    const figures = await soak(seconds * 1000, controller);
    record.results = figures.rows.map((r) => ({ ...r, pass: judge(r.value, r.target) }));
    record.faults = figures.faults;
    record.completed = true;
  } catch (error) {
    record.error = error instanceof Error ? error.message : String(error);
    log(`did not complete: ${record.error}`);
  } finally {
    clearTimeout(timeout);
  }
  record.seconds = round((performance.now() - started) / 1000, 1);

  if (record.results.length > 0) console.log(`${consoleTable(record.results)}\n`);
  for (const f of record.faults) {
    const s = (v: number | null) => (v === null ? 'none' : `${v} s`);
    console.log(`${f.name.padEnd(10)} at ${f.atS} s for ${f.seconds} s, ${f.requestsHit ?? '–'} requests hit; first query after ${s(f.queryRecoveryS)}, first event after ${s(f.eventRecoveryS)} (looked for ${f.windowS} s)`);
  }
  if (record.faults.length > 0) console.log('');
  console.log(soakSummary(record));
  await writeFile(SOAK_FILE, `${JSON.stringify(record, null, 2)}\n`);
  const bench = await readFile(RESULTS_FILE, 'utf8').then((text) => JSON.parse(text) as RunRecord, () => undefined);
  if (bench) await writeFile(REPORT_FILE, renderReport(bench, record));
  console.log(`\nwrote ${SOAK_FILE}${bench ? ` and ${REPORT_FILE}` : ` (no ${RESULTS_FILE} to render ${REPORT_FILE} from)`}`);
  return record.completed ? 0 : 1;
}

/** SOAK_SECONDS as a number, or the message that says what is wrong with it. */
function soakSeconds(raw: string | undefined): number | string {
  if (raw === undefined || raw.trim() === '') return DEFAULT_SECONDS;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < MIN_SECONDS) return `SOAK_SECONDS must be a whole number of seconds ≥ ${MIN_SECONDS}, got ${JSON.stringify(raw)}`;
  return value;
}

// ---------------------------------------------------------------------------------------------
// The run

interface Children {
  sandbox: ChildProcess;
  facade: ChildProcess;
  subscribers: ChildProcess;
  load: ChildProcess;
}

async function soak(durationMs: number, controller: AbortController): Promise<ReturnType<typeof soakFigures>> {
  const { signal } = controller;
  const running: Partial<Children> = {};
  let closing = false;
  const spawn = (role: keyof Children, file: string, execArgv: string[] = []) => {
    const forked = forkChild(child(file), [], execArgv);
    running[role] = forked;
    // A child that dies mid-run (the facade crashing, say) ends the soak: nothing after it counts.
    forked.once('exit', (code, sig) => {
      if (!closing) controller.abort(new Error(`the ${role} process exited (${code ?? sig}) during the run`));
    });
    return forked;
  };
  try {
    // The portal
    const sandboxTalk = channel<ToSandbox, FromSandbox>(spawn('sandbox', 'sandbox-child'), 'sandbox process', signal);
    await sandboxTalk(null, 'ready', 30_000);
    const portal = await sandboxTalk({ type: 'start', rateLimit: RATE_LIMIT }, 'started', 30_000);
    const admin = fixtures(portal.url, signal);
    const hook = portal.webhooks.find((w) => w.userId === 1);
    if (!hook) throw new Error(`expected the demo seed's webhook of user 1, got users ${portal.webhooks.map((w) => w.userId).join(', ')}`);
    const watched = 1;
    const other = portal.webhooks.find((w) => w.userId !== watched)!.userId;
    log(`sandbox portal on ${portal.url}, rate limit ${RATE_LIMIT}`);

    // The facade
    const facadeTalk = channel<ToFacade, FromFacade>(spawn('facade', 'facade-child', ['--expose-gc']), 'facade process', signal);
    await facadeTalk(null, 'ready', 30_000);
    const env = { B24_WEBHOOK_URL: hook.url, PORT: '0', HOST: '127.0.0.1', B24_RATE_LIMIT: RATE_LIMIT };
    const { url: facadeUrl } = await facadeTalk({ type: 'start', env }, 'listening', 30_000);
    const graphqlUrl = `${facadeUrl}/graphql`;
    const stats = async (gc: boolean): Promise<FacadeStats> => facadeTalk({ type: 'stats', gc }, 'stats', 30_000);
    log(`facade on ${facadeUrl} (webhook mode, user ${watched}, B24_RATE_LIMIT ${RATE_LIMIT})`);

    // The subscribers, proven live by a warm-up that every subscription hears
    const subscribersTalk = channel<ToSubscribers, FromSubscribers>(spawn('subscribers', 'subscribers-child'), 'subscriber process', signal);
    await subscribersTalk(null, 'ready', 30_000);
    const connected = await subscribersTalk({ type: 'connect', url: graphqlUrl.replace(/^http/, 'ws'), sockets: SOCKETS, perSocket: PER_SOCKET, filters: FILTERS }, 'connected', 60_000);
    log(`${connected.sockets} sockets, ${connected.subscriptions} subscriptions${connected.failedSockets ? `; ${connected.failedSockets} sockets failed: ${connected.firstError}` : ''}`);
    const runId = Date.now().toString(36);
    const warm = await warmUp(admin, subscribersTalk, watched, runId, connected.subscriptions, signal);
    log(`warm-up ${warm.id} heard by ${warm.live} of ${connected.subscriptions} subscriptions`);
    const start = await stats(true);
    await facadeTalk({ type: 'lag-reset' }, 'lag-reset', 10_000);

    // The load and the faults
    const loadTalk = channel<ToLoad, FromLoad>(spawn('load', 'load-child'), 'load process', signal);
    await loadTalk(null, 'ready', 30_000);
    const loadStartedAt = Date.now();
    const { outcomeField } = await loadTalk({ type: 'start', url: graphqlUrl, runId, watchedUser: watched, otherUser: other, rates: RATES }, 'started', 30_000);
    log(`load started (${RATES.inbox} inbox/s, ${RATES.send} send/s, ${RATES.bulk} × ${RATES.bulkSize}-input bulk/s, ${RATES.mark} mark/s; outcome field ${outcomeField ? 'present' : 'absent'})`);
    const plan = soakPlan(durationMs);
    const { faults, restart } = await runFaults(plan, loadStartedAt, { admin, sandboxTalk, graphqlUrl, watched, runId, signal, log });
    const loadSeconds = (Date.now() - loadStartedAt) / 1000;
    log('load stopping; waiting for its answers');
    const load = await loadTalk({ type: 'stop', drainMs: DRAIN_MS }, 'stopped', DRAIN_MS + 10_000);
    log(`load: ${load.operations.length} operations, ${load.sends.length} sends, ${load.abandoned} unanswered; answers: ${answerCodes(load)}`);
    for (const line of failureLines(load.operations)) log(`failed: ${line}`);

    // Settling: a last marker that every matching subscription must hear (events arrive in order).
    await settle(admin, subscribersTalk, watched, runId, signal);
    const snapshot = await admin<{ notifications: Record<string, StoredNotification & { module: string }> }>('GET', '/snapshot');
    const stored = Object.values(snapshot.notifications);
    const expected: ExpectedEvent[] = stored.filter((n) => n.userId === watched && n.id > warm.id).map((n) => ({ id: n.id, kind: kindOf(n.type), module: n.module }));
    const report = await subscribersTalk({ type: 'report', expected, baseline: warm.id }, 'report', 60_000);
    const end = await stats(true);
    const { type: _type, firstArrivals, ...deliveries } = report;
    const readings: Readings = {
      subscriptions: { planned: SOCKETS * PER_SOCKET, opened: connected.subscriptions, liveAtStart: warm.live },
      start,
      end,
      deliveries,
      firstArrivals: new Map(firstArrivals),
      sends: tallySends(load.sends, stored, `soak ${runId} `),
      load,
      loadStartedAt,
      loadSeconds,
      faults,
      windowEnds: plan.map((f) => loadStartedAt + f.windowEndMs),
      restart,
    };
    const stalls = stallLines(end.stalls, faults, loadStartedAt);
    if (stalls.length > 0) log(`facade event loop: ${stalls.length} stalls of 250 ms or more; the longest:\n  ${stalls.slice(0, 10).join('\n  ')}`);
    if (end.firstLines.length > 0) log(`facade stderr (${end.stderrLines} lines), first distinct ones:\n  ${end.firstLines.join('\n  ')}`);
    return soakFigures(readings);
  } finally {
    closing = true;
    await Promise.all(Object.values(running).map((c) => stopChild(c, { graceful: !signal.aborted, graceMs: 5_000 })));
  }
}

type Admin = ReturnType<typeof fixtures>;
type Ask<To, From extends { type: string }> = ReturnType<typeof channel<To, From>>;

/**
 * Seeds a notification for the watched user and waits until every subscription heard an event
 * after it (filtered-out ones hear the unread count change). A round seeded before the watcher's
 * first poll is part of its first view and never arrives, so rounds repeat.
 */
async function warmUp(admin: Admin, talk: Ask<ToSubscribers, FromSubscribers>, userId: number, runId: string, total: number, signal: AbortSignal): Promise<{ id: number; live: number }> {
  let last = { id: 0, live: 0 };
  for (let round_ = 1; round_ <= WARM_UP_ROUNDS; round_++) {
    const since = Date.now();
    const { id } = await admin<{ id: number }>('POST', '/notifications', { userId, message: `soak warm-up ${runId} ${round_}` });
    const deadline = since + POLL_MS * 2 + 1000;
    while (Date.now() < deadline) {
      await sleep(250, undefined, { signal });
      const reply = await talk({ type: 'live', since }, 'live', 10_000);
      last = { id, live: reply.live };
      if (reply.ended > 0) throw new Error(`expected every subscription to stay open during the warm-up, ${reply.ended} ended; first: ${reply.firstEnd}`);
      if (reply.live >= total) return last;
    }
    log(`warm-up round ${round_}: ${last.live} of ${total} subscriptions heard it`);
  }
  return last;
}

/** A last system notification; once it reached every subscription it matches, earlier ones have too. */
async function settle(admin: Admin, talk: Ask<ToSubscribers, FromSubscribers>, userId: number, runId: string, signal: AbortSignal): Promise<void> {
  const { id } = await admin<{ id: number }>('POST', '/notifications', { userId, message: `soak marker ${runId} final` });
  const event: ExpectedEvent = { id, kind: 'SYSTEM', module: 'rest' };
  const deadline = Date.now() + SETTLE_MS;
  let reply = { received: 0, matching: 0 };
  while (Date.now() < deadline) {
    await sleep(250, undefined, { signal });
    reply = await talk({ type: 'delivered', event }, 'delivered', 10_000);
    if (reply.received >= reply.matching) return;
  }
  log(`settling: the final marker reached ${reply.received} of ${reply.matching} subscriptions within ${SETTLE_MS / 1000} s`);
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** One line per operation type and error code: how many, the first message, and how long the slowest took. */
function failureLines(operations: OperationRecord[]): string[] {
  const groups = new Map<string, OperationRecord[]>();
  for (const op of operations) {
    if (op.ok) continue;
    const key = `${op.type} ${op.code}`;
    groups.set(key, [...(groups.get(key) ?? []), op]);
  }
  return [...groups].map(([key, ops]) => `${key} × ${ops.length} (slowest ${Math.max(...ops.map((o) => o.endedAt - o.startedAt)) / 1000} s): ${ops[0].message}`);
}

/** `sent × 120, not-sent UPSTREAM_UNAVAILABLE × 3, …`: what the sends were answered, for the log. */
function answerCodes(load: { sends: { answer: string; code?: string }[] }): string {
  const counts = new Map<string, number>();
  for (const s of load.sends) {
    const key = s.code ? `${s.answer} ${s.code}` : s.answer;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k} × ${n}`).join(', ');
}

function setupText(seconds: number): string {
  const plan = soakPlan(seconds * 1000);
  const fault = (plan[0].endMs - plan[0].startMs) / 1000;
  const quiet = (plan[1].startMs - plan[0].endMs) / 1000;
  return [
    'Four processes on loopback besides the measuring one: the sandbox portal (demo seed, rate limit 50/20), the facade',
    '(webhook mode as user 1, B24_RATE_LIMIT 50/20, every other variable at its default: poll 2000 ms, request timeout 30 s),',
    `${SOCKETS} graphql-ws sockets × ${PER_SOCKET} notificationEvents subscriptions (filters in turn: none, PERSONAL, SYSTEM, module rest, CONFIRM; no reconnect),`,
    `and a load of ${RATES.inbox} inbox queries, ${RATES.send} sendNotification, ${RATES.bulk} sendNotifications of ${RATES.bulkSize} and ${RATES.mark} markNotificationsRead a second`,
    '(three of four sends to user 1, one to user 2, each with a unique text). Faults hit every REST method, one at a time,',
    `${fault} s each with ${quiet} s of quiet after; at each fault's end a marker notification is seeded and a query is issued`,
    `every ${PROBE_EVERY_MS} ms until one is answered. "Stored" is GET /_sandbox/snapshot after the run; an outcome-unknown answer`,
    'counts as neither sent nor lost. Lost and duplicated events are counted per subscription and notification id, above a warm-up',
    'event every subscription heard.',
  ].join(' ');
}

/** The commit measured, and whether src/ had changes beyond it (others' work in progress). */
function revision(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} with uncommitted changes in src/` : head;
  } catch {
    return 'unknown (no git)';
  }
}

process.exitCode = await main();
