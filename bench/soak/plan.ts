// The soak's fault schedule, scaled to its duration: a steady lead-in, then six faults, each
// followed by a quiet window in which recovery is measured, then a steady tail. At the default
// 300 s: 18 s lead-in, each fault 12 s with 30 s of quiet after it, 30 s tail.

export type FaultName = 'latency' | '500s' | 'resets' | '503 storm' | 'hang' | 'restart';

export interface PlannedFault {
  name: FaultName;
  /** What is injected, in words for the report. */
  description: string;
  /** The bodies POSTed to /_sandbox/faults for the fault's length (none for the restart). */
  bodies: Record<string, unknown>[];
  /** Offsets from the start of the load, ms. */
  startMs: number;
  endMs: number;
  /** Where this fault's recovery window ends: the next fault's start, or the end of the load. */
  windowEndMs: number;
}

const LEAD_IN = 0.06;
const FAULT = 0.04;
const QUIET = 0.1;

const QUERY_LIMIT = { code: 'QUERY_LIMIT_EXCEEDED', description: 'Too many requests', status: 503 };

// Every fault hits every REST method ('*'): polls, reads and writes alike, as an outage does.
const FAULTS: { name: FaultName; description: string; bodies: Record<string, unknown>[] }[] = [
  { name: 'latency', description: 'every REST call answered 1.5 s late', bodies: [{ method: '*', latencyMs: 1500 }] },
  { name: '500s', description: 'every REST call executed, then answered HTTP 500', bodies: [{ method: '*', when: 'after', status: 500 }] },
  { name: 'resets', description: 'every REST call executed, then its connection reset', bodies: [{ method: '*', when: 'after', reset: true }] },
  { name: '503 storm', description: 'every REST call refused with 503 QUERY_LIMIT_EXCEEDED', bodies: [{ method: '*', error: QUERY_LIMIT }] },
  { name: 'hang', description: 'every REST call left unanswered (the request stays open)', bodies: [{ method: '*', hang: true }] },
  {
    name: 'restart',
    description: 'portal stopped (snapshot first), down, started on the same port, restored from the snapshot',
    bodies: [],
  },
];

/** The schedule for a load of `durationMs`. */
export function soakPlan(durationMs: number): PlannedFault[] {
  const at = (share: number) => Math.round(durationMs * share);
  return FAULTS.map((fault, i) => {
    const start = LEAD_IN + i * (FAULT + QUIET);
    const windowEnd = i + 1 < FAULTS.length ? start + FAULT + QUIET : 1;
    return { ...fault, startMs: at(start), endMs: at(start + FAULT), windowEndMs: at(windowEnd) };
  });
}
