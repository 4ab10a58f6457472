// Helpers every bench scenario uses: the sandbox's fixtures API, the machine a run is on, and a
// little arithmetic.
import { arch, availableParallelism, cpus, platform, totalmem } from 'node:os';
import type { RunRecord } from './report.js';

/** The sandbox's fixtures API (`/_sandbox/…`); throws on a non-2xx answer. */
export function fixtures(base: string, signal: AbortSignal) {
  return async <T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}/_sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sandbox ${method} /_sandbox${path} answered ${res.status}: ${text.slice(0, 200)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

/** The nearest-rank percentile `p` (0..1) of `values`; NaN when there are none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The machine a run is on, as the report states it. */
export function describeMachine(): RunRecord['environment'] {
  return {
    date: new Date().toISOString(),
    node: process.version,
    cores: availableParallelism(),
    cpu: cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${platform()}-${arch()}`,
  };
}
