// The soak's facade, alone in its process (started with --expose-gc): createApp(loadConfig(env))
// as `npm start` runs it, plus an event-loop delay monitor and a watch on what it writes to
// stderr. No handler for uncaught errors is installed: a crash must end this process as it
// would end the service, and the measuring process reports it.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FacadeStats, FromFacade, ToFacade } from './protocol.js';

/** Sampling interval of the delay monitor; the histogram holds whole intervals, so it is subtracted. */
const LAG_RESOLUTION_MS = 10;
const GC_PAUSE_MS = 150;
/**
 * A timer this late is a stall. The histogram takes one sample per tick, so a 1 s stall weighs
 * as much in its p99 as a 10 ms one; stalls are therefore also counted, timed and placed.
 */
const STALL_MS = 250;
const STALL_TICK_MS = 50;
const KEPT_STALLS = 1000;
const KEPT_LINES = 10;

const send = (m: FromFacade) => process.send!(m);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

const stderr = { lines: 0, secretLines: 0, first: [] as string[], secretForms: [] as string[] };

// Counts and scans every line the facade logs; nothing reaches the soak's console, which would
// drown its progress lines during a fault.
function watchStderr(): void {
  let partial = '';
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    partial += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) noteLine(line);
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  }) as typeof process.stderr.write;
}

function noteLine(line: string): void {
  if (line.trim() === '') return;
  stderr.lines++;
  const leaked = stderr.secretForms.some((form) => line.includes(form));
  if (leaked) stderr.secretLines++;
  let masked = line;
  for (const form of stderr.secretForms) masked = masked.split(form).join('***');
  masked = masked.slice(0, 300);
  if (stderr.first.length < KEPT_LINES && !stderr.first.includes(masked)) stderr.first.push(masked);
}

/** The webhook secret as written, and in the encodings a log line might carry it in. */
function secretForms(webhookUrl: string | undefined): string[] {
  const secret = /\/rest\/\d+\/([^/]+)\/?$/.exec(webhookUrl ?? '')?.[1];
  if (!secret) return [];
  const bytes = Buffer.from(secret);
  return [...new Set([secret, encodeURIComponent(secret), bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url')])];
}

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  watchStderr();
  const { loadConfig } = await import('../../src/config.js');
  const { createApp } = await import('../../src/server.js');
  const lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  let app: ReturnType<typeof createApp> | undefined;
  const ms = (ns: number) => Math.max(0, ns / 1e6 - LAG_RESOLUTION_MS);
  const stalls: FacadeStats['stalls'] = [];
  let tickedAt = performance.now();
  let cpuAt = process.cpuUsage();
  let peakRss = 0;
  const stallTimer = setInterval(() => {
    const now = performance.now();
    const late = now - tickedAt - STALL_TICK_MS;
    // The CPU this process used over the stall: near its length, the facade's own work; far
    // below, it waited for a core (the soak's other processes share the machine).
    const cpu = process.cpuUsage(cpuAt);
    if (late >= STALL_MS && stalls.length < KEPT_STALLS) stalls.push({ at: Date.now() - late, ms: Math.round(late), cpuMs: Math.round((cpu.user + cpu.system) / 1000) });
    tickedAt = now;
    cpuAt = process.cpuUsage();
  }, STALL_TICK_MS);
  stallTimer.unref();
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 1000);
  rssTimer.unref();

  const stats = async (collect: boolean): Promise<FacadeStats> => {
    // Read the delay first: the collections below are the soak's own pauses, not the facade's.
    const delay = { p50: ms(lag.percentile(50)), p99: ms(lag.percentile(99)), max: ms(lag.max), samples: lag.count };
    const stalled = [...stalls];
    if (collect) {
      gc!();
      await pause(GC_PAUSE_MS);
      gc!();
    }
    const { rss, heapUsed, external } = process.memoryUsage();
    return { rss, heapUsed, external, peakRss, lag: delay, stalls: stalled, stderrLines: stderr.lines, secretLines: stderr.secretLines, firstLines: stderr.first };
  };

  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: ToFacade) => {
    void (async () => {
      try {
        if (message.type === 'start') {
          if (!gc) throw new Error('gc() is not exposed; expected the facade process to be started with --expose-gc');
          stderr.secretForms = secretForms(message.env.B24_WEBHOOK_URL);
          app = createApp(loadConfig(message.env));
          const url = await app.listen();
          lag.enable();
          send({ type: 'listening', url });
        } else if (message.type === 'lag-reset') {
          lag.reset();
          stalls.length = 0;
          peakRss = 0;
          send({ type: 'lag-reset' });
        } else if (message.type === 'stats') {
          send({ type: 'stats', ...(await stats(message.gc)) });
        } else {
          await app?.close(1000);
          send({ type: 'closed' });
          process.exit(0);
        }
      } catch (error) {
        send({ type: 'failed', error: describe(error) });
      }
    })();
  });
  send({ type: 'ready' });
}

if (process.send) void main();
