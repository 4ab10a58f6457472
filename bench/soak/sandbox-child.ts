// The soak's sandbox portal, in a process of its own (demo seed, the rate limit it is given).
// `restart` stops it and starts a new one on the same port that keeps its state, through the
// fixtures API only:
// 1. a fault resets every REST call, so nothing is executed between the snapshot and the stop
//    (the snapshot is then exactly what the portal had stored);
// 2. GET /_sandbox/snapshot, then stop (every open connection is cut);
// 3. after the down time, a new portal on the same port whose bucket admits nothing: until it
//    is restored it answers 503 QUERY_LIMIT_EXCEEDED, as a portal coming up does, and never
//    the empty portal's INVALID_CREDENTIALS, which would end every subscription;
// 4. POST /_sandbox/restore, a second snapshot compared with the first, then the rate limit
//    is opened again.
import { isDeepStrictEqual } from 'node:util';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';
import type { FromSandbox, RestartReport, ToSandbox } from './protocol.js';

/** A bucket that never admits a request: level 0 + 1 exceeds a burst of 0.5. */
const CLOSED = { burst: 0.5, drainPerSecond: 0.000001 };
/** The port can take a moment to be free again after the stop. */
const LISTEN_ATTEMPTS = 20;
const LISTEN_RETRY_MS = 100;

const send = (m: FromSandbox) => process.send!(m);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let sandbox: RunningSandbox | undefined;
let rateLimit = '50/20';

async function fixtures<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sandbox!.url}/_sandbox/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`sandbox ${method} /_sandbox/${path} answered ${res.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

async function restart(downMs: number): Promise<RestartReport> {
  const port = sandbox!.port;
  await fixtures('POST', 'faults', { method: '*', reset: true });
  const frozenAt = Date.now();
  const before = await fixtures<Record<string, unknown>>('GET', 'snapshot');
  await sandbox!.close();
  await pause(downMs);
  sandbox = await listenAgain(port);
  await fixtures('POST', 'restore', before);
  const after = await fixtures<Record<string, unknown>>('GET', 'snapshot');
  await fixtures('POST', 'config', { rateLimit });
  const openedAt = Date.now();
  const differences = Object.keys(before).filter((key) => !isDeepStrictEqual(before[key], after[key]));
  const directory = ['users', 'webhooks', 'apps', 'accessTokens', 'refreshTokens', 'sessions'];
  return {
    frozenAt,
    openedAt,
    directorySurvived: directory.every((key) => !differences.includes(key)),
    notificationsSurvived: !differences.includes('notifications') && !differences.includes('seq'),
    differences,
  };
}

async function listenAgain(port: number): Promise<RunningSandbox> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startSandbox({ port, host: '127.0.0.1', seed: 'empty', rateLimit: CLOSED });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt === LISTEN_ATTEMPTS) throw error;
      await pause(LISTEN_RETRY_MS);
    }
  }
}

async function handle(message: ToSandbox): Promise<void> {
  if (message.type === 'start') {
    rateLimit = message.rateLimit;
    const [burst, drain] = rateLimit.split('/').map(Number);
    sandbox = await startSandbox({ port: 0, host: '127.0.0.1', seed: 'demo', rateLimit: { burst, drainPerSecond: drain } });
    send({ type: 'started', url: sandbox.url, port: sandbox.port, webhooks: sandbox.webhooks.map((w) => ({ userId: w.userId, url: w.url })) });
  } else if (message.type === 'restart') {
    send({ type: 'restarted', ...(await restart(message.downMs)) });
  } else {
    await sandbox?.close();
    send({ type: 'closed' });
    process.exit(0);
  }
}

if (process.send) {
  // The measuring process going away must not leave the portal running.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: ToSandbox) => {
    handle(message).catch((error: unknown) => send({ type: 'failed', error: error instanceof Error ? error.message : String(error) }));
  });
  send({ type: 'ready' });
}
