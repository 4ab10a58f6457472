// The fault schedule as it runs: each fault of the plan injected through the sandbox's faults API
// (or the restart through the sandbox process), then a marker notification seeded and queries
// issued until one is answered, so that each fault's recovery can be measured.
import { setTimeout as sleep } from 'node:timers/promises';
import type { channel } from '../children.js';
import type { fixtures } from '../support.js';
import type { FaultReading } from './figures.js';
import { postGraphql } from './graphql.js';
import type { PlannedFault } from './plan.js';
import type { FromSandbox, RestartReport, ToSandbox } from './protocol.js';

/** Recovery probes: a query this often, at most this many unanswered at once. */
export const PROBE_EVERY_MS = 200;
const PROBE_IN_FLIGHT = 5;
const PROBE_QUERY = '{ notifications(first: 1) { totalCount } }';

type Admin = ReturnType<typeof fixtures>;
type Ask<To, From extends { type: string }> = ReturnType<typeof channel<To, From>>;

export interface FaultContext {
  admin: Admin;
  sandboxTalk: Ask<ToSandbox, FromSandbox>;
  graphqlUrl: string;
  watched: number;
  runId: string;
  signal: AbortSignal;
  log(line: string): void;
}

/**
 * Runs `plan` from `origin` (ms since the epoch), one fault at a time; resolves once the last
 * fault's recovery window is over, with what each fault did and how fast things came back.
 */
export async function runFaults(plan: PlannedFault[], origin: number, ctx: FaultContext): Promise<{ faults: FaultReading[]; restart: RestartReport | null }> {
  const readings: Omit<FaultReading, 'queryRecoveryMs'>[] = [];
  const probes: Promise<number | null>[] = [];
  let restart: RestartReport | null = null;
  // Hits are counted once the window is over: a delayed request is logged only when it is answered.
  const countHits = async () => {
    const last = readings.at(-1);
    if (last && last.fault.name !== 'restart') last.hit = await faultHits(ctx.admin, last.startedAt, last.endedAt);
  };
  for (const fault of plan) {
    await sleep(Math.max(0, origin + fault.startMs - Date.now()), undefined, { signal: ctx.signal });
    await countHits();
    let startedAt: number;
    let endedAt: number;
    if (fault.name === 'restart') {
      const { type: _type, ...report } = await ctx.sandboxTalk({ type: 'restart', downMs: fault.endMs - fault.startMs }, 'restarted', 60_000);
      restart = report;
      ({ frozenAt: startedAt, openedAt: endedAt } = report);
      if (report.differences.length > 0) ctx.log(`restart: the restored portal differs from the snapshot in ${report.differences.join(', ')}`);
    } else {
      startedAt = Date.now();
      for (const body of fault.bodies) await ctx.admin('POST', '/faults', body);
      await sleep(Math.max(0, origin + fault.endMs - Date.now()), undefined, { signal: ctx.signal });
      await ctx.admin('DELETE', '/faults');
      endedAt = Date.now();
    }
    // Every id from the marker's on was stored after the fault: the first of them to arrive is the recovery of events.
    const marker = await ctx.admin<{ id: number }>('POST', '/notifications', { userId: ctx.watched, message: `soak marker ${ctx.runId} after ${fault.name}` });
    probes.push(probeQueries(ctx.graphqlUrl, endedAt, origin + fault.windowEndMs));
    readings.push({ fault, startedAt, endedAt, hit: null, markerId: marker.id });
    ctx.log(`${fault.name}: ${((endedAt - startedAt) / 1000).toFixed(1)} s`);
  }
  await sleep(Math.max(0, origin + plan.at(-1)!.windowEndMs - Date.now()), undefined, { signal: ctx.signal });
  await countHits();
  const recoveries = await Promise.all(probes);
  return { faults: readings.map((r, i) => ({ ...r, queryRecoveryMs: recoveries[i] })), restart };
}

/** REST requests that arrived between `from` and `to` and met a fault (the sandbox logs them with `fault`). */
async function faultHits(admin: Admin, from: number, to: number): Promise<number> {
  const { requests } = await admin<{ requests: { at: number; fault?: true }[] }>('GET', '/requests');
  return requests.filter((r) => r.fault && r.at * 1000 >= from && r.at * 1000 <= to).length;
}

/**
 * From `from` on, issues a query every PROBE_EVERY_MS (at most PROBE_IN_FLIGHT unanswered) until
 * one is answered with data; resolves with the ms from `from` to that answer, or null at `until`.
 */
function probeQueries(url: string, from: number, until: number): Promise<number | null> {
  return new Promise((resolve) => {
    let done = false;
    let inFlight = 0;
    const finish = (value: number | null) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      resolve(value);
    };
    const tick = () => {
      if (Date.now() >= until) return finish(null);
      if (done || inFlight >= PROBE_IN_FLIGHT) return;
      inFlight++;
      void postGraphql(url, PROBE_QUERY, {}, 60_000).then((answer) => {
        inFlight--;
        if (answer.ok) finish(Date.now() - from);
      });
    };
    const timer = setInterval(tick, PROBE_EVERY_MS);
    tick();
  });
}
