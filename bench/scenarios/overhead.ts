// Overhead (DESIGN §6): what the facade adds to one inbox read, against calling the portal
// directly. Both sides ask the same sandbox for the same page: direct is `im.notify.get` over
// REST (POST `{webhook}im.notify.get.json` with the JSON body the facade itself sends upstream),
// facade is the equivalent GraphQL `notifications(first: 20)` query on `/graphql`.
// Targets: facade p50 ≤ direct p50 + 1 ms; facade saturated throughput ≥ 70 % of direct.
//
// Topology: three processes on the same machine, sharing its cores (2 on the reference box):
//   - the sandbox portal (rate limit off), forked from overhead-child.ts;
//   - the facade in webhook mode, forked from overhead-child.ts, acting as the inbox's user
//     with B24_RATE_LIMIT 1000000/1000000, so its rate shaper never holds a request back;
//   - this process: the fixtures, the checks and the load generator (got, then autocannon).
// Direct requests go load generator → sandbox; facade requests go load generator → facade →
// sandbox. Under saturation the facade side therefore has three busy processes on two cores
// where the direct side has two: that is part of the facade's cost and is not corrected for.
//
// The ratios hold the facade against this sandbox, not against a real portal (whose answers
// take tens of milliseconds): the cheaper the sandbox's answer, the larger the facade's share.
// On loopback with a sandbox that answers in well under a millisecond of CPU, this is the
// hardest setting for the facade.
//
// Fixtures: one user with a webhook, three authors, 30 notifications (24 personal from the
// authors, 6 system; a third read), so the page carries a users[] list and unread counts.
//
// Before measuring, one request per side must answer 200 with the same notification ids (the
// facade shows the first 20 of the 21 rows it asks for: the extra one tells hasNextPage) and
// the same counts, and the facade query must cost exactly one upstream request; otherwise the
// scenario throws rather than report a comparison of different things.
//
// Latency: sequential requests (concurrency 1) with got, one keep-alive agent per side, timed
// with performance.now(): a warm-up per side, then alternating blocks (direct, facade, direct,
// …) so drift hits both. p50/p99 are nearest-rank over all measured requests.
// Throughput: autocannon in this process (which then does nothing else), identical settings
// for both sides: a discarded warm-up run, then a measured run; req/s counts only 2xx answers
// whose body has the expected shape (`{"result"` direct, `{"data"` facade: a fast 400 or a
// GraphQL error must not count). During the measured facade run the sandbox's request log is
// cleared before and read after, to show the facade made one upstream call per answer.
import type { ChildProcess } from 'node:child_process';
import { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import got from 'got';
import type { Row, Scenario, ScenarioContext, Target } from '../run.js';
import { channel, forkChild, stopChild } from '../children.js';
import { fixtures, percentile, round } from '../support.js';
import { type FromServer, SERVER_FLAG, type ToServer } from './overhead-child.js';

const SERVER_ENTRY = fileURLToPath(new URL('./overhead-child.ts', import.meta.url));

const PAGE = 20;
/** What src/bitrix/notify.ts list() sends for `notifications(first: 20)`: rowsToFetch(20) = 21. */
const UPSTREAM_BODY = { LIMIT: PAGE + 1 };
const AUTHORS = 3;
const PERSONAL = 24;
const SYSTEM = 6;
/** A facade rate limit far above anything the bench can send: the shaper never waits. */
const FACADE_RATE_LIMIT = '1000000/1000000';

const LATENCY_WARMUP = 300;
const LATENCY_BLOCKS = 10;
const LATENCY_BLOCK = 200;
const P50_MARGIN_MS = 1;

const LOAD = { connections: 10, pipelining: 1, warmupSeconds: 3, seconds: 10 };
const THROUGHPUT_TARGET = 0.7;
/** How long requests left in flight by a stopped autocannon run get to land. */
const SETTLE_MS = 500;

const REQUEST_TIMEOUT_MS = 10_000;
const SERVER_START_MS = 30_000;

const INBOX_QUERY = `query Inbox {
  notifications(first: ${PAGE}) {
    totalCount
    unreadCount
    edges {
      cursor
      node {
        id kind date read title text module event settingName tag subTag canAnswer attachments
        author { id name firstName lastName workPosition avatarUrl }
        buttons { title value kind }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

const DIRECT_BASELINE = 'direct REST im.notify.get with got, same sandbox';
const DIRECT_LOAD_BASELINE = `direct REST im.notify.get, autocannon, same settings (${LOAD.connections} connections, pipelining ${LOAD.pipelining}, ${LOAD.seconds} s)`;

export const overhead: Scenario = {
  name: 'overhead',
  description: `GraphQL inbox page vs direct im.notify.get on one sandbox: p50/p99 at concurrency 1, autocannon throughput at ${LOAD.connections} connections`,
  run,
};

/** One side of the comparison: where to POST, what, and what a good answer starts with. */
interface Side {
  name: 'direct' | 'facade';
  url: string;
  body: string;
  /** A 200 with another shape (an error envelope, GraphQL errors) is not a good answer. */
  goodPrefix: string;
}

interface SandboxLog {
  total: number;
  byMethod: Record<string, number>;
  requests: { method: string; batchSize?: number }[];
}

async function run({ signal, log }: ScenarioContext): Promise<Row[]> {
  const servers: ChildProcess[] = [];
  try {
    log('overhead: starting the sandbox process …');
    const sandbox = startServer(signal);
    servers.push(sandbox.child);
    const sandboxUrl = await sandbox.start({ type: 'start-sandbox' });
    const admin = fixtures(sandboxUrl, signal);
    const webhookUrl = await seedInbox(admin);

    log('overhead: starting the facade process …');
    const facade = startServer(signal);
    servers.push(facade.child);
    const facadeUrl = await facade.start({ type: 'start-facade', webhookUrl, rateLimit: FACADE_RATE_LIMIT });

    const direct: Side = { name: 'direct', url: `${webhookUrl.replace(/\/?$/, '/')}im.notify.get.json`, body: JSON.stringify(UPSTREAM_BODY), goodPrefix: '{"result"' };
    const graphql: Side = { name: 'facade', url: `${facadeUrl}/graphql`, body: JSON.stringify({ query: INBOX_QUERY, operationName: 'Inbox' }), goodPrefix: '{"data"' };

    const economy = await checkEquivalence(direct, graphql, admin, signal);
    log(`overhead: both sides answer the same ${PAGE} notifications; the facade query cost ${economy.upstream} upstream request(s)`);

    const rows: Row[] = [
      row('overhead/economy-check', 'upstream requests per facade inbox query (first, cold)', economy.upstream, 'requests', { op: '=', value: 1 }, 'DESIGN §6: an inbox page is one upstream request'),
    ];
    rows.push(...(await measureLatency(direct, graphql, signal, log)));
    rows.push(...(await measureThroughput(direct, graphql, admin, signal, log)));
    return rows;
  } finally {
    await Promise.all(servers.map((child) => stopChild(child, { graceMs: 5_000 })));
  }
}

// ---------------------------------------------------------------------------------------------
// Fixtures and the equivalence check

/** The inbox's user, its webhook, three authors and 30 notifications; returns the webhook URL. */
async function seedInbox(admin: ReturnType<typeof fixtures>): Promise<string> {
  const user = await admin<{ id: number }>('POST', '/users', { firstName: 'Bench', lastName: 'Reader', workPosition: 'Tester' });
  const hook = await admin<{ url: string }>('POST', '/webhooks', { userId: user.id });
  const authors: number[] = [];
  for (let i = 0; i < AUTHORS; i++) {
    authors.push((await admin<{ id: number }>('POST', '/users', { firstName: 'Author', lastName: String(i + 1), workPosition: 'Sender' })).id);
  }
  const start = Date.parse('2026-01-05T09:00:00Z') / 1000;
  for (let i = 0; i < PERSONAL + SYSTEM; i++) {
    const system = i % 5 === 4;
    await admin('POST', '/notifications', {
      userId: user.id,
      ...(system ? { type: 'system', module: 'rest', event: 'rest_notify' } : { type: 'personal', authorId: authors[i % AUTHORS] }),
      message: `Bench notification ${i + 1}: the [b]quarterly report[/b] draft is ready for review, see the shared folder`,
      date: start + i * 3600,
      read: i % 3 === 0,
    });
  }
  return hook.url;
}

interface DirectPage {
  result?: { notifications?: { id: number }[]; users?: { id: number }[]; total_count?: number; total_unread_count?: number };
}
interface FacadePage {
  data?: { notifications?: { totalCount: number; unreadCount: number; edges: { node: { id: string; author: { id: string } | null } }[] } };
  errors?: unknown[];
}

/**
 * Throws unless both sides answer 200 with the same notifications and counts, and the facade
 * query reaches the sandbox as exactly one im.notify.get; resolves with the upstream count.
 */
async function checkEquivalence(direct: Side, facade: Side, admin: ReturnType<typeof fixtures>, signal: AbortSignal): Promise<{ upstream: number }> {
  const directAnswer = await postOnce(direct, signal);
  const page = parseAnswer<DirectPage>(direct, directAnswer).result;
  const rows = page?.notifications ?? [];
  if (rows.length !== PAGE + 1 || !page?.users?.length) {
    throw new Error(`direct im.notify.get: expected ${PAGE + 1} notifications and a users[] list, got ${rows.length} notifications and ${page?.users?.length ?? 0} users`);
  }

  await admin('DELETE', '/requests');
  const facadeAnswer = await postOnce(facade, signal);
  const upstreamLog = await admin<SandboxLog>('GET', '/requests');
  const connection = parseAnswer<FacadePage>(facade, facadeAnswer).data?.notifications;
  if (!connection) throw new Error(`facade Inbox query: expected data.notifications, got ${facadeAnswer.body.slice(0, 300)}`);

  const expectedIds = rows.slice(0, PAGE).map((n) => String(n.id));
  const gotIds = connection.edges.map((e) => e.node.id);
  if (expectedIds.join(',') !== gotIds.join(',')) {
    throw new Error(`the two sides answer different pages: direct (first ${PAGE}) ${expectedIds.join(',')}, facade ${gotIds.join(',')}`);
  }
  if (connection.totalCount !== page.total_count || connection.unreadCount !== page.total_unread_count) {
    throw new Error(`counts differ: direct total ${page.total_count}, unread ${page.total_unread_count}; facade total ${connection.totalCount}, unread ${connection.unreadCount}`);
  }
  const userIds = new Set(page.users.map((u) => String(u.id)));
  const strangers = connection.edges.map((e) => e.node.author?.id).filter((id): id is string => id !== undefined && !userIds.has(id));
  if (strangers.length > 0) throw new Error(`facade authors ${strangers.join(',')} are not in the direct answer's users[] (${[...userIds].join(',')})`);

  const methods = Object.entries(upstreamLog.byMethod).map(([m, n]) => `${m} ×${n}`).join(', ') || 'nothing';
  if (upstreamLog.total !== 1 || upstreamLog.byMethod['im.notify.get'] !== 1) {
    throw new Error(`the facade Inbox query should reach the sandbox as one im.notify.get request, it made ${upstreamLog.total}: ${methods}`);
  }
  return { upstream: upstreamLog.total };
}

function parseAnswer<T>(side: Side, answer: { status: number; body: string }): T {
  if (answer.status !== 200 || !answer.body.startsWith(side.goodPrefix)) {
    throw new Error(`${side.name}: expected HTTP 200 with a body starting ${side.goodPrefix}, got ${answer.status}: ${answer.body.slice(0, 300)}`);
  }
  return JSON.parse(answer.body) as T;
}

// ---------------------------------------------------------------------------------------------
// Latency at concurrency 1

async function measureLatency(direct: Side, facade: Side, signal: AbortSignal, log: (line: string) => void): Promise<Row[]> {
  const agents = { direct: new Agent({ keepAlive: true, maxSockets: 1 }), facade: new Agent({ keepAlive: true, maxSockets: 1 }) };
  const samples = { direct: [] as number[], facade: [] as number[] };
  const bad = { direct: 0, facade: 0 };
  const firstBad: string[] = [];
  const timeBlock = async (side: Side, count: number, keep: boolean): Promise<void> => {
    for (let i = 0; i < count; i++) {
      signal.throwIfAborted();
      const t0 = performance.now();
      const answer = await postOnce(side, signal, agents[side.name]);
      const ms = performance.now() - t0;
      if (answer.status !== 200 || !answer.body.startsWith(side.goodPrefix)) {
        bad[side.name]++;
        if (firstBad.length === 0) firstBad.push(`${side.name} ${answer.status}: ${answer.body.slice(0, 200)}`);
      }
      if (keep) samples[side.name].push(ms);
    }
  };
  try {
    log(`overhead/latency: warm-up, ${LATENCY_WARMUP} requests per side …`);
    await timeBlock(direct, LATENCY_WARMUP, false);
    await timeBlock(facade, LATENCY_WARMUP, false);
    log(`overhead/latency: ${LATENCY_BLOCKS} alternating blocks of ${LATENCY_BLOCK} per side …`);
    for (let b = 0; b < LATENCY_BLOCKS; b++) {
      await timeBlock(direct, LATENCY_BLOCK, true);
      await timeBlock(facade, LATENCY_BLOCK, true);
    }
  } finally {
    agents.direct.destroy();
    agents.facade.destroy();
  }
  if (firstBad.length > 0) log(`overhead/latency: ${bad.direct + bad.facade} bad answers; first: ${firstBad[0]}`);

  const p = (side: 'direct' | 'facade', q: number) => percentile(samples[side], q);
  const [d50, d99, f50, f99] = [p('direct', 0.5), p('direct', 0.99), p('facade', 0.5), p('facade', 0.99)];
  log(`overhead/latency: direct p50 ${d50.toFixed(3)} ms p99 ${d99.toFixed(3)} ms; facade p50 ${f50.toFixed(3)} ms p99 ${f99.toFixed(3)} ms`);
  const s = 'overhead/latency';
  const n = LATENCY_BLOCKS * LATENCY_BLOCK;
  return [
    row(s, `direct p50 (${n} sequential requests)`, round(d50, 3), 'ms'),
    row(s, `direct p99 (${n} sequential requests)`, round(d99, 3), 'ms'),
    row(s, `facade p50 (${n} sequential requests)`, round(f50, 3), 'ms'),
    row(s, `facade p99 (${n} sequential requests)`, round(f99, 3), 'ms'),
    row(s, 'facade p50 − direct p50', round(f50 - d50, 3), 'ms', { op: '<=', value: P50_MARGIN_MS }, `${DIRECT_BASELINE}: p50`),
    row(s, 'p50 ratio facade/direct', round(f50 / d50, 3), 'x', null, `${DIRECT_BASELINE}: p50`),
    row(s, 'p99 ratio facade/direct', round(f99 / d99, 3), 'x', null, `${DIRECT_BASELINE}: p99`),
    row(s, 'bad answers, direct', bad.direct, 'requests', { op: '=', value: 0 }),
    row(s, 'bad answers, facade', bad.facade, 'requests', { op: '=', value: 0 }),
  ];
}

/** One POST of the side's request; the answer whatever its status. */
async function postOnce(side: Side, signal: AbortSignal, agent?: Agent): Promise<{ status: number; body: string }> {
  try {
    const response = await got.post(side.url, {
      body: side.body,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      agent: agent ? { http: agent } : undefined,
      responseType: 'text',
      throwHttpErrors: false,
      retry: { limit: 0 },
      timeout: { request: REQUEST_TIMEOUT_MS },
      signal,
    });
    return { status: response.statusCode, body: response.body };
  } catch (error) {
    // got's own AbortError says less than the reason the bench was stopped for.
    if (signal.aborted) throw signal.reason;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Saturated throughput with autocannon

async function measureThroughput(direct: Side, facade: Side, admin: ReturnType<typeof fixtures>, signal: AbortSignal, log: (line: string) => void): Promise<Row[]> {
  log(`overhead/throughput: warm-up, ${LOAD.warmupSeconds} s per side …`);
  await load(direct, LOAD.warmupSeconds, signal);
  await load(facade, LOAD.warmupSeconds, signal);

  log(`overhead/throughput: direct, ${LOAD.seconds} s at ${LOAD.connections} connections …`);
  const d = await load(direct, LOAD.seconds, signal);
  log(`overhead/throughput: direct ${d.perSecond.toFixed(0)} req/s; facade, ${LOAD.seconds} s …`);
  // Requests autocannon left in flight at its stop still reach the sandbox: let them land
  // before the log is cleared, and after the facade run before it is read.
  await sleep(SETTLE_MS, undefined, { signal });
  await admin('DELETE', '/requests');
  const f = await load(facade, LOAD.seconds, signal);
  await sleep(SETTLE_MS, undefined, { signal });
  const upstream = upstreamNotifyCalls(await admin<SandboxLog>('GET', '/requests'));
  log(`overhead/throughput: facade ${f.perSecond.toFixed(0)} req/s; the sandbox saw ${upstream.calls} im.notify.get calls in ${upstream.requests} requests`);

  const s = 'overhead/throughput';
  const settings = `${LOAD.connections} connections, ${LOAD.seconds} s`;
  return [
    row(s, `direct good answers/s (${settings})`, round(d.perSecond, 1), 'req/s'),
    row(s, `facade good answers/s (${settings})`, round(f.perSecond, 1), 'req/s'),
    row(s, 'throughput ratio facade/direct', round(f.perSecond / d.perSecond, 3), 'x', { op: '>=', value: THROUGHPUT_TARGET }, DIRECT_LOAD_BASELINE),
    row(s, 'direct non-2xx answers', d.result.non2xx, 'requests', { op: '=', value: 0 }),
    row(s, 'direct errors and timeouts', d.result.errors, 'requests', { op: '=', value: 0 }),
    row(s, 'direct 2xx with a wrong body', d.result.mismatches, 'requests', { op: '=', value: 0 }),
    row(s, 'facade non-2xx answers', f.result.non2xx, 'requests', { op: '=', value: 0 }),
    row(s, 'facade errors and timeouts', f.result.errors, 'requests', { op: '=', value: 0 }),
    row(s, 'facade 2xx with a wrong body', f.result.mismatches, 'requests', { op: '=', value: 0 }),
    row(s, 'direct p50 under load (autocannon, 1 ms resolution)', d.result.latency.p50, 'ms'),
    row(s, 'direct p99 under load (autocannon, 1 ms resolution)', d.result.latency.p99, 'ms'),
    row(s, 'facade p50 under load (autocannon, 1 ms resolution)', f.result.latency.p50, 'ms', null, 'direct p50 under load, same settings'),
    row(s, 'facade p99 under load (autocannon, 1 ms resolution)', f.result.latency.p99, 'ms', null, 'direct p99 under load, same settings'),
    row('overhead/economy-check', 'facade answers during the measured run (autocannon, all statuses)', f.answers, 'responses'),
    row('overhead/economy-check', 'im.notify.get calls the sandbox saw during that run', upstream.calls, 'calls'),
    row('overhead/economy-check', 'upstream HTTP requests during that run (sandbox)', upstream.requests, 'requests'),
    // Requests still in flight when autocannon stops reach the sandbox but are not counted as
    // answers, so up to one per connection may be over.
    row('overhead/economy-check', '|upstream calls − facade answers|', Math.abs(upstream.calls - f.answers), 'calls', { op: '<=', value: LOAD.connections }, `autocannon's count of facade answers (≤ ${LOAD.connections} in flight at the stop)`),
  ];
}

interface LoadRun {
  result: autocannon.Result;
  /** Every answer autocannon counted, whatever its status. */
  answers: number;
  /** 2xx answers with a body of the expected shape, per second. */
  perSecond: number;
}

/** One autocannon run against `side`; stops early (and rejects) when `signal` aborts. */
function load(side: Side, seconds: number, signal: AbortSignal): Promise<LoadRun> {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: side.url,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: side.body,
        connections: LOAD.connections,
        pipelining: LOAD.pipelining,
        duration: seconds,
        timeout: REQUEST_TIMEOUT_MS / 1000,
        verifyBody: (body) => typeof body === 'string' && body.startsWith(side.goodPrefix),
      },
      (error: unknown, result: autocannon.Result) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) return reject(signal.reason);
        if (error) return reject(error instanceof Error ? error : new Error(`autocannon against ${side.name} failed: ${String(error)}`));
        const answers = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
        resolve({ result, answers, perSecond: (result['2xx'] - result.mismatches) / result.duration });
      },
    );
    const onAbort = (): void => instance.stop();
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** im.notify.get calls in the sandbox log: direct requests plus commands carried by batches. */
function upstreamNotifyCalls(log: SandboxLog): { calls: number; requests: number } {
  const inBatches = log.requests.filter((r) => r.method === 'batch').reduce((sum, r) => sum + (r.batchSize ?? 0), 0);
  return { calls: (log.byMethod['im.notify.get'] ?? 0) + inBatches, requests: log.total };
}

// ---------------------------------------------------------------------------------------------
// Server processes

/** Forks overhead-child.ts; `start` sends the start message and resolves with the URL it serves. */
function startServer(signal: AbortSignal): { child: ChildProcess; start(message: ToServer): Promise<string> } {
  const child = forkChild(SERVER_ENTRY, [SERVER_FLAG]);
  const ask = channel<ToServer, FromServer>(child, 'server process', signal);
  return { child, start: async (message) => (await ask(message, 'ready', SERVER_START_MS)).url };
}

function row(scenario: string, metric: string, value: number, unit: string, target: Target | null = null, versus?: string): Row {
  return versus === undefined ? { scenario, metric, value, unit, target } : { scenario, metric, value, unit, target, versus };
}
