// Memory (DESIGN §6, live): RSS per idle WebSocket subscriber (target ≤ 20 KB) and per watcher
// (no target; reported against the facade with one identity subscribed).
//
// Topology: three processes, so that the measured one holds nothing but the facade.
// - This process runs the sandbox portal (rate limit off) and drives the fixtures API.
// - The facade runs alone in a child (bench/scenarios/memory-child.ts --facade, started with
//   --expose-gc). Asked over IPC, it runs gc() twice, 150 ms apart, and answers
//   process.memoryUsage() right after the second; every figure below is such a reading.
// - The subscribers (graphql-ws createClient over ws, one socket each, no retries, not lazy)
//   run in a second child (--subscribers), so the facade only holds the server side.
// Both children exit when this process goes away, and are stopped in `finally` (killed at
// once after an abort).
//
// Part 1, per idle subscriber: the facade in webhook mode (one identity, poll 1000 ms), one
// user with a 20-notification inbox. One subscriber first, plus a few GraphQL HTTP queries, so
// the watcher, the schema, the parse and validation caches and the delivery path are warm;
// that is the baseline. Then sockets are added, 2,500 and then 5,000 in all, each holding the
// same notificationEvents subscription. At every step a warm-up notification seeded through
// the fixtures API must reach every subscriber (proof that all are subscribed, not merely
// connected), then memory is read. The primary figure is (5,000-step − baseline) / 5,000; the
// marginal cost between 2,500 and 5,000 is reported too, because RSS grows in steps (heap
// pages, malloc arenas). heapUsed + external is the less noisy figure (RSS also counts pages
// V8 or malloc keep committed after a collection), so it is reported next to RSS with the
// same target. (A heap-snapshot comparison, 1 vs 1,001 subscribers, found no single item
// dominating the ~20 KB: ~40 closures and ~30 closure contexts of the async-iterator chain from
// the watcher to the socket (graphql-js, envelop/yoga, graphql-ws), the per-operation context
// (notify API closures, a DataLoader, the request caller), and ~3 KB of socket objects.)
//
// Part 2, per watcher: a second facade process in OAuth pass-through mode (B24_PORTAL_URL),
// where every access token is its own identity and so gets its own watcher (and dispatcher,
// identity-cache entry and last inbox view). 1,001 users, each with a realistic inbox (20
// notifications from 3 authors and the system, 8 unread) and an OAuth token of one sandbox
// app (scopes im and user: the facade asks user.current to identify a token). Baseline: one
// identity subscribed; then 1,000 more identities, each with exactly one subscriber. Every
// watcher must have made its first poll (seen in the sandbox's request log) and delivered a
// warm-up notification seeded into its own inbox before memory is read. Δ / 1,000 is the
// cost of an identity with one subscriber; minus part 1's per-subscriber figure it is the
// cost of the watcher (with the rest of the per-identity state) alone.
// Deviation from the first design (300 identities): with 300 the RSS Δ (−1 to 25 MB in five
// runs) was within the RSS noise between runs, so per-identity RSS came out anywhere from −4
// to 85 KB. With 1,000 it still spreads (52–106 KB in eight runs, while heapUsed + external
// stayed at 39.0–41.6 KB): most of the spread is the baseline, where V8's young generation was
// either grown or shrunk (heapTotal 88 or 60 MB), 28 MB = 28 KB per identity; the rest is
// what V8 and malloc keep after the warm-up's peak. Read the RSS rows of memory/watcher as
// ±25 KB. Creating the 1,001 inboxes takes 10–16 s.
// The poll interval is 5000 ms, so 1,000 watchers poll 200 times a second (the sandbox scans
// all 21,000 stored notifications on each). Reading right after the gc keeps their in-flight
// polls out of the figures (with a pause after the gc, 14 polls in flight and their garbage
// added ~3 KB per identity). A 10 s interval was tried: RSS spread more (86–161 KB), not less.
//
// Warm-up: a subscriber that registers after a poll, or a notification seeded before a
// watcher's first poll (which takes it as the baseline, not as an arrival), would miss one
// event; so a round that does not reach everyone within 1.5 poll intervals is followed by
// another round, up to three. Progress lines also give heapTotal and the facade's upstream
// keep-alive sockets. KB and MB here are 1024 and 1024² bytes.
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../../src/sandbox/index.js';
import type { Row, Scenario, ScenarioContext } from '../run.js';
import { channel, forkChild, stopChild } from '../children.js';
import { fixtures, round } from '../support.js';
import type { FromFacade, FromSubscribers, MemoryFigures, ToFacade, ToSubscribers } from './memory-child.js';

const CHILD = fileURLToPath(new URL('./memory-child.ts', import.meta.url));
const SUBSCRIBER_TARGET_KB = 20;
/** Subscribers in all (beyond the baseline one) at each reading of part 1; the last is the primary one. */
const SUBSCRIBER_STEPS = [2_500, 5_000];
/** Identities added beyond the baseline one in part 2, one subscriber each. */
const IDENTITIES = 1000;
const INBOX_SIZE = 20;
const INBOX_UNREAD = 8;
const AUTHORS = 3;
const SUBSCRIBER_POLL_MS = 1000;
const WATCHER_POLL_MS = 5000;
/**
 * The facade's idea of the portal's bucket: high enough that its client never waits, low
 * enough that the hub spaces polls 1 / (0.5 × 1000) = 2 ms apart, so the watchers poll one
 * after another as on a real portal. With 1000000/1000000 the slots are 2 µs apart and all
 * 1,000 watchers polled in the same instant every interval: 220 idle keep-alive sockets to
 * the portal stayed pooled, V8's heap grew by 96 MB for 40 MB of live objects, and RSS per
 * identity read ~167 KB instead of ~60.
 */
const PORTAL_RATE = '1000/1000';
const WARM_UP_ROUNDS = 3;
/** After the warm-up, before a reading: lets the sockets' and the delivery's garbage go. */
const SETTLE_MS = 1000;
/** Concurrent fixtures requests while building inboxes. */
const FIXTURE_CONCURRENCY = 16;
/** How long a child may take to exit after `close` before it is killed. */
const STOP_GRACE_MS = 3000;
const KB = 1024;
const MB = 1024 * 1024;
const WARM_QUERIES = [
  '{ viewer { id name } unreadNotificationCount }',
  '{ notifications(first: 20) { totalCount unreadCount edges { node { id kind date read text author { id name } } } pageInfo { hasNextPage endCursor } } }',
  '{ notificationSchema { modules { id name types { id name } } } }',
];

export const memory: Scenario = {
  name: 'memory',
  description: `facade RSS per idle WebSocket subscriber (${SUBSCRIBER_STEPS.at(-1)! / 1000}k of one identity) and per watcher (${IDENTITIES} identities)`,
  run,
};

type Admin = ReturnType<typeof fixtures>;

interface Figures {
  rss: number;
  /** heapUsed + external. */
  heap: number;
}

async function run({ signal, log }: ScenarioContext): Promise<Row[]> {
  const sandbox = await startSandbox({ port: 0, host: '127.0.0.1', seed: 'empty', rateLimit: 'off' });
  const children = new Set<ChildProcess>();
  try {
    const admin = fixtures(sandbox.url, signal);
    const authors = await createAuthors(admin);
    const spawn = (role: '--facade' | '--subscribers') => {
      const child = forkRole(role);
      children.add(child);
      return child;
    };
    const part1 = await perSubscriber({ admin, authors, spawn, signal, log });
    const part2 = await perWatcher({ admin, authors, spawn, signal, log, sandboxUrl: sandbox.url, perSubscriberKb: part1.perSubscriberKb });
    return [...part1.rows, ...part2];
  } finally {
    await Promise.all([...children].map((child) => stopChild(child, { graceful: !signal.aborted, graceMs: STOP_GRACE_MS })));
    await sandbox.close();
  }
}

interface Part {
  admin: Admin;
  authors: number[];
  spawn(role: '--facade' | '--subscribers'): ChildProcess;
  signal: AbortSignal;
  log(line: string): void;
}

// ---------------------------------------------------------------------------------------------
// Part 1: per idle subscriber

async function perSubscriber({ admin, authors, spawn, signal, log }: Part): Promise<{ rows: Row[]; perSubscriberKb: Figures }> {
  const label = 'memory/subscriber';
  const user = await createUserWithInbox(admin, authors, 'Subscriber');
  const hook = await admin<{ url: string }>('POST', '/webhooks', { userId: user });
  const facade = await startFacade(spawn, signal, { B24_WEBHOOK_URL: hook.url, PORT: '0', B24_POLL_INTERVAL_MS: String(SUBSCRIBER_POLL_MS), B24_RATE_LIMIT: PORTAL_RATE });
  await warmHttp(facade.url, {}, signal);
  const subscribers = await startSubscribers(spawn, signal);

  await admin('DELETE', '/requests');
  let live = await connect(subscribers, facade.url, [null], log, label);
  await waitForFirstPolls(admin, [user], SUBSCRIBER_POLL_MS * 3, signal, log, label);
  await warmUp(admin, subscribers, [user], live, SUBSCRIBER_POLL_MS, signal, log, label);
  await warmHttp(facade.url, {}, signal);
  await pause(SETTLE_MS, signal);
  const baseline = await facade.memory();
  log(`${label}: baseline, 1 subscriber: ${describe(baseline)}`);

  /** `open`: sockets open in all; `reached`: how many of them the last warm-up event reached. */
  const readings: { open: number; reached: number; figures: MemoryFigures }[] = [];
  let added = 0;
  for (const step of SUBSCRIBER_STEPS) {
    const t = Date.now();
    live = await connect(subscribers, facade.url, new Array<null>(step - added).fill(null), log, label);
    added = step;
    log(`${label}: ${live} sockets open after ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const reached = await warmUp(admin, subscribers, [user], live, SUBSCRIBER_POLL_MS, signal, log, label);
    await pause(SETTLE_MS, signal);
    const figures = await facade.memory();
    log(`${label}: ${live} subscribers (${reached} live): ${describe(figures)}`);
    readings.push({ open: live, reached, figures });
  }

  const last = readings.at(-1)!;
  const previous = readings.at(-2);
  const addedSockets = last.open - 1;
  const per = perItem(baseline, last.figures, addedSockets);
  const row = rowFor(label);
  const versus = `facade process with 1 subscriber, after gc; Δ over the ${addedSockets.toLocaleString('en')} sockets added, divided by ${addedSockets.toLocaleString('en')}`;
  const rows: Row[] = [
    row('subscribers that received the warm-up event', last.reached, 'subscribers', { op: '=', value: SUBSCRIBER_STEPS.at(-1)! + 1 }),
    row('facade RSS, 1 subscriber (baseline)', round(baseline.rss / MB, 1), 'MB'),
    row(`facade RSS, ${last.open} subscribers`, round(last.figures.rss / MB, 1), 'MB'),
    row('RSS per idle subscriber', round(per.rss / KB, 2), 'KB', { op: '<=', value: SUBSCRIBER_TARGET_KB }, versus),
    row('heapUsed + external per idle subscriber', round(per.heap / KB, 2), 'KB', { op: '<=', value: SUBSCRIBER_TARGET_KB }, versus),
  ];
  if (previous) {
    const step = last.open - previous.open;
    const marginal = perItem(previous.figures, last.figures, step);
    const between = `facade process with ${previous.open} subscribers, after gc; Δ over the next ${step.toLocaleString('en')}, divided by ${step.toLocaleString('en')}`;
    rows.push(
      row(`RSS per idle subscriber, marginal ${previous.open} → ${last.open}`, round(marginal.rss / KB, 2), 'KB', null, between),
      row(`heapUsed + external per idle subscriber, marginal ${previous.open} → ${last.open}`, round(marginal.heap / KB, 2), 'KB', null, between),
    );
  }
  await stopChild(subscribers.child, { graceMs: STOP_GRACE_MS });
  await stopChild(facade.child, { graceMs: STOP_GRACE_MS });
  return { rows, perSubscriberKb: { rss: per.rss / KB, heap: per.heap / KB } };
}

// ---------------------------------------------------------------------------------------------
// Part 2: per watcher

async function perWatcher({ admin, authors, spawn, signal, log, sandboxUrl, perSubscriberKb }: Part & { sandboxUrl: string; perSubscriberKb: Figures }): Promise<Row[]> {
  const label = 'memory/watcher';
  const app = await admin<{ clientId: string }>('POST', '/apps', { name: 'Bench memory', scopes: ['im', 'user'] });
  log(`${label}: creating ${IDENTITIES + 1} users with ${INBOX_SIZE}-notification inboxes and OAuth tokens …`);
  const t = Date.now();
  const people = await inParallel(Array.from({ length: IDENTITIES + 1 }, (_, i) => i), FIXTURE_CONCURRENCY, async (i) => {
    const id = await createUserWithInbox(admin, authors, `Identity ${i}`);
    const token = await admin<{ access_token: string }>('POST', '/tokens', { clientId: app.clientId, userId: id, scopes: ['im', 'user'] });
    return { id, authorization: `Bearer ${token.access_token}` };
  });
  log(`${label}: fixtures ready in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  const facade = await startFacade(spawn, signal, { B24_PORTAL_URL: new URL(sandboxUrl).origin, PORT: '0', B24_POLL_INTERVAL_MS: String(WATCHER_POLL_MS), B24_RATE_LIMIT: PORTAL_RATE });
  const [first, ...rest] = people;
  await warmHttp(facade.url, { authorization: first.authorization }, signal);
  const subscribers = await startSubscribers(spawn, signal);

  await admin('DELETE', '/requests');
  await connect(subscribers, facade.url, [first.authorization], log, label);
  await waitForFirstPolls(admin, [first.id], WATCHER_POLL_MS * 3, signal, log, label);
  await warmUp(admin, subscribers, [first.id], 1, WATCHER_POLL_MS, signal, log, label);
  await warmHttp(facade.url, { authorization: first.authorization }, signal);
  await pause(SETTLE_MS, signal);
  const baseline = await facade.memory();
  log(`${label}: baseline, 1 identity: ${describe(baseline)}`);

  await admin('DELETE', '/requests');
  const opened = Date.now();
  const live = await connect(subscribers, facade.url, rest.map((p) => p.authorization), log, label);
  log(`${label}: ${live} sockets open after ${((Date.now() - opened) / 1000).toFixed(1)} s`);
  await waitForFirstPolls(admin, rest.map((p) => p.id), WATCHER_POLL_MS * 3, signal, log, label);
  const reached = await warmUp(admin, subscribers, rest.map((p) => p.id), live - 1, WATCHER_POLL_MS, signal, log, label);
  await pause(SETTLE_MS, signal);
  const loaded = await facade.memory();
  log(`${label}: ${live} identities (${reached + 1} live): ${describe(loaded)}`);
  await stopChild(subscribers.child, { graceMs: STOP_GRACE_MS });
  await stopChild(facade.child, { graceMs: STOP_GRACE_MS });

  // The baseline identity had its warm-up before the baseline reading.
  const added = live - 1;
  const per = perItem(baseline, loaded, added);
  const row = rowFor(label);
  const raw = `facade process (OAuth mode) with 1 identity subscribed, after gc; Δ over ${added.toLocaleString('en')} more identities with one subscriber each, divided by ${added.toLocaleString('en')}`;
  const minus = (what: string, kb: number) =>
    `the ${what} per identity with one subscriber (${raw}) minus memory/subscriber's ${what} per idle subscriber (${round(kb, 2)} KB)`;
  return [
    row('identities whose watcher delivered the warm-up event', reached + 1, 'identities', { op: '=', value: IDENTITIES + 1 }),
    row('facade RSS, 1 identity (baseline)', round(baseline.rss / MB, 1), 'MB'),
    row(`facade RSS, ${live} identities`, round(loaded.rss / MB, 1), 'MB'),
    row('RSS per identity with one subscriber', round(per.rss / KB, 2), 'KB', null, raw),
    row('heapUsed + external per identity with one subscriber', round(per.heap / KB, 2), 'KB', null, raw),
    row('RSS per watcher (per identity − per subscriber)', round(per.rss / KB - perSubscriberKb.rss, 2), 'KB', null, minus('RSS', perSubscriberKb.rss)),
    row('heapUsed + external per watcher (per identity − per subscriber)', round(per.heap / KB - perSubscriberKb.heap, 2), 'KB', null, minus('heapUsed + external', perSubscriberKb.heap)),
  ];
}

// ---------------------------------------------------------------------------------------------
// Fixtures

async function createAuthors(admin: Admin): Promise<number[]> {
  const names = ['Irina Sokolova', 'Pavel Orlov', 'Maria Lebedeva'].slice(0, AUTHORS);
  const users = await Promise.all(names.map((name) => admin<{ id: number }>('POST', '/users', { firstName: name.split(' ')[0], lastName: name.split(' ')[1], workPosition: 'Manager' })));
  return users.map((u) => u.id);
}

/**
 * A user with INBOX_SIZE notifications, oldest first an hour apart: personal ones from the
 * authors in turn and every fifth a system one; the newest INBOX_UNREAD unread. No confirm
 * notifications, which would make the watcher page further.
 */
async function createUserWithInbox(admin: Admin, authors: number[], name: string): Promise<number> {
  const { id } = await admin<{ id: number }>('POST', '/users', { firstName: 'Bench', lastName: name });
  const hour = 3600;
  const start = Math.floor(Date.now() / 1000) - (INBOX_SIZE + 1) * hour;
  for (let i = 0; i < INBOX_SIZE; i++) {
    const system = i % 5 === 4;
    await admin('POST', '/notifications', {
      userId: id,
      ...(system ? { type: 'system', title: 'CRM' } : { authorId: authors[i % authors.length] }),
      message: system ? `Deal #${4100 + i} moved to [b]Won[/b]` : `Could you review the [b]quarterly report[/b], section ${i + 1}? The numbers for the north region changed.`,
      date: start + i * hour,
      read: i < INBOX_SIZE - INBOX_UNREAD,
    });
  }
  return id;
}

async function inParallel<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await work(items[at]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// ---------------------------------------------------------------------------------------------
// The facade and its subscribers

/** A few queries over HTTP, so the yoga, parse and validation paths are warm before the baseline. */
async function warmHttp(wsUrl: string, headers: Record<string, string>, signal: AbortSignal): Promise<void> {
  const url = wsUrl.replace(/^ws/, 'http');
  for (const query of WARM_QUERIES) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }), signal });
    const body = (await res.json()) as { data?: unknown; errors?: { message: string }[] };
    if (!res.ok || body.errors?.length || !body.data) {
      throw new Error(`warm-up query ${query.slice(0, 40)}… expected data without errors, got ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    }
  }
}

async function startFacade(spawn: Part['spawn'], signal: AbortSignal, env: Record<string, string>) {
  const child = spawn('--facade');
  const talk = channel<ToFacade, FromFacade>(child, 'facade process', signal);
  await talk(null, 'ready', 30_000);
  const { url } = await talk({ type: 'start', env }, 'listening', 30_000);
  return {
    child,
    /** graphql-ws URL of the facade. */
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    memory: async (): Promise<MemoryFigures> => {
      const { type: _type, ...figures } = await talk({ type: 'memory' }, 'memory', 30_000);
      return figures;
    },
  };
}

type Subscribers = { child: ChildProcess; talk: ReturnType<typeof channel<ToSubscribers, FromSubscribers>> };

async function startSubscribers(spawn: Part['spawn'], signal: AbortSignal): Promise<Subscribers> {
  const child = spawn('--subscribers');
  const talk = channel<ToSubscribers, FromSubscribers>(child, 'subscriber process', signal);
  await talk(null, 'ready', 30_000);
  return { child, talk };
}

/** Opens one socket per entry of `authorizations`; resolves with how many are open in all. */
async function connect(subscribers: Subscribers, url: string, authorizations: (string | null)[], log: (line: string) => void, label: string): Promise<number> {
  const reply = await subscribers.talk({ type: 'connect', url, authorizations }, 'connected', 60_000);
  if (reply.failed > 0) log(`${label}: ${reply.failed} sockets failed; first: ${reply.firstError}`);
  return reply.total;
}

/**
 * Seeds one notification into each user's inbox and waits until `expected` deliveries of them
 * arrived (each subscriber hears only its own identity's). A round that falls short within
 * 1.5 poll intervals is followed by another, up to WARM_UP_ROUNDS. Resolves with the
 * deliveries of the last round.
 */
async function warmUp(admin: Admin, subscribers: Subscribers, users: number[], expected: number, intervalMs: number, signal: AbortSignal, log: (line: string) => void, label: string): Promise<number> {
  let received = 0;
  for (let round_ = 1; round_ <= WARM_UP_ROUNDS; round_++) {
    const seeded = await inParallel(users, FIXTURE_CONCURRENCY, (userId) => admin<{ id: number }>('POST', '/notifications', { userId, authorId: 0, message: `warm-up ${round_}` }));
    const ids = seeded.map((n) => String(n.id));
    const deadline = Date.now() + intervalMs * 1.5 + 500;
    while (Date.now() < deadline) {
      await pause(200, signal);
      const reply = await subscribers.talk({ type: 'count', ids }, 'count', 20_000);
      if (reply.errors > 0 || reply.closed > 0) throw new Error(`${label}: expected every subscription to stay open, got ${reply.errors} errors and ${reply.closed} closed sockets; first: ${reply.firstError}`);
      received = reply.received;
      if (received >= expected) return received;
    }
    log(`${label}: warm-up round ${round_} reached ${received} of ${expected} subscribers${round_ < WARM_UP_ROUNDS ? '; another round' : ''}`);
  }
  return received;
}

/**
 * Waits until the sandbox's request log (cleared before the sockets opened) holds an
 * im.notify.get of each user: a notification seeded before a watcher's first poll would be
 * part of its baseline view and never arrive as an event.
 */
async function waitForFirstPolls(admin: Admin, users: number[], timeoutMs: number, signal: AbortSignal, log: (line: string) => void, label: string): Promise<void> {
  const waiting = new Set(users);
  const deadline = Date.now() + timeoutMs;
  while (waiting.size > 0 && Date.now() < deadline) {
    const { requests } = await admin<{ requests: { method: string; userId: number | null }[] }>('GET', '/requests');
    for (const r of requests) if (r.method === 'im.notify.get' && r.userId !== null) waiting.delete(r.userId);
    if (waiting.size > 0) await pause(250, signal);
  }
  if (waiting.size > 0) log(`${label}: expected a first poll (im.notify.get) of each of ${users.length} users within ${timeoutMs / 1000} s; ${waiting.size} have none yet (e.g. user ${[...waiting][0]})`);
}

function forkRole(role: '--facade' | '--subscribers'): ChildProcess {
  return forkChild(CHILD, [role], role === '--facade' ? ['--expose-gc'] : ['--max-old-space-size=4096']);
}

// ---------------------------------------------------------------------------------------------
// Arithmetic

/** Makes the rows of one scenario label; `versus` only when given. */
function rowFor(scenario: string) {
  return (metric: string, value: number, unit: string, target: Row['target'] = null, versus?: string): Row => ({ scenario, metric, value, unit, target, ...(versus ? { versus } : {}) });
}

function perItem(before: MemoryFigures, after: MemoryFigures, count: number): Figures {
  return {
    rss: (after.rss - before.rss) / count,
    heap: (after.heapUsed + after.external - (before.heapUsed + before.external)) / count,
  };
}

function describe(m: MemoryFigures): string {
  const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
  return `rss ${mb(m.rss)}, heapTotal ${mb(m.heapTotal)}, heapUsed ${mb(m.heapUsed)}, external ${mb(m.external)} (arrayBuffers ${mb(m.arrayBuffers)}); upstream sockets ${m.upstreamSockets.busy} busy, ${m.upstreamSockets.idle} idle`;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
