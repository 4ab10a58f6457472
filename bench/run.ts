// `npm run bench [-- <scenario> ...]`: runs the named scenarios (all without arguments),
// prints a table and writes bench/results.json. It measures and does not gate: a missed
// target prints MISS and the run still exits 0. It exits 1 only when a scenario could not run
// (an error, or the hard timeout).
import { setMaxListeners } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { availableParallelism, platform, arch } from 'node:os';
import { fileURLToPath } from 'node:url';
import { bulkSend } from './scenarios/bulk-send.js';
import { fanOut } from './scenarios/fan-out.js';
import { identities } from './scenarios/identities.js';

/** A target a metric is held to; `null` for metrics that are only reported. */
export interface Target {
  op: '<=' | '>=' | '=';
  value: number;
}

/** One measured value, as a scenario reports it. */
export interface Row {
  scenario: string;
  metric: string;
  value: number;
  unit: string;
  target: Target | null;
  /**
   * What the figure is compared with, in words: the baseline of a ratio ("direct REST
   * im.notify.get with got, same sandbox"), the floor it is held to, or the run without the
   * feature. Rows without it are plain counts.
   */
  versus?: string;
}

/** A row of bench/results.json: `pass` is null when the metric has no target. */
export interface Result extends Row {
  pass: boolean | null;
}

export interface ScenarioContext {
  /** Aborts at the hard timeout; scenarios stop waiting and close what they opened. */
  signal: AbortSignal;
  /** Progress, on stderr. */
  log(line: string): void;
}

export interface Scenario {
  name: string;
  description: string;
  run(context: ScenarioContext): Promise<Row[]>;
}

const SCENARIOS: Scenario[] = [bulkSend, fanOut, identities];
/** Each scenario gets this long; the whole run at most 9 minutes (the 10-minute budget). */
const SCENARIO_BUDGET_MS = 180_000;
const RUN_CAP_MS = 9 * 60_000;
/** After the timeout, how long cleanup may take before the process is ended. */
const GRACE_MS = 5_000;
const RESULTS_FILE = fileURLToPath(new URL('./results.json', import.meta.url));

export function judge(value: number, target: Target | null): boolean | null {
  if (!target) return null;
  if (Number.isNaN(value)) return false;
  if (target.op === '<=') return value <= target.value;
  if (target.op === '>=') return value >= target.value;
  return value === target.value;
}

function formatTarget(target: Target | null): string {
  if (!target) return '';
  return `${target.op === '<=' ? '≤' : target.op === '>=' ? '≥' : '='} ${target.value}`;
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}

function table(results: Result[]): string {
  const header = ['scenario', 'metric', 'value', 'unit', 'target', 'result'];
  const lines = results.map((r) => [r.scenario, r.metric, formatValue(r.value), r.unit, formatTarget(r.target), r.pass === null ? '' : r.pass ? 'PASS' : 'MISS']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const numeric = new Set([2]);
  const fmt = (cells: string[]): string => cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmt)].join('\n');
}

async function main(): Promise<number> {
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length > 0) {
    console.error(`unknown scenario ${unknown.map((n) => JSON.stringify(n)).join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const chosen = names.length > 0 ? SCENARIOS.filter((s) => names.includes(s.name)) : SCENARIOS;

  const environment = {
    date: new Date().toISOString(),
    node: process.version,
    cores: availableParallelism(),
    platform: `${platform()}-${arch()}`,
  };
  console.log(`bench  ${environment.date}  node ${environment.node}  cores ${environment.cores}  ${environment.platform}`);
  console.log(`scenarios: ${chosen.map((s) => `${s.name} (${s.description})`).join('; ')}`);
  console.log('');

  const controller = new AbortController();
  // Every queued client call listens on the signal (10,000 in bulk-send).
  setMaxListeners(0, controller.signal);
  const hardTimeoutMs = Math.min(RUN_CAP_MS, SCENARIO_BUDGET_MS * chosen.length);
  const timeout = setTimeout(() => {
    console.error(`\nbench: ABORTED, hard timeout of ${hardTimeoutMs / 1000} s reached; closing sandboxes`);
    controller.abort(new Error(`hard timeout of ${hardTimeoutMs / 1000} s reached`));
    setTimeout(() => {
      console.error(`bench: cleanup took over ${GRACE_MS / 1000} s after the timeout; exiting`);
      process.exit(1);
    }, GRACE_MS).unref();
  }, hardTimeoutMs);

  const context: ScenarioContext = { signal: controller.signal, log: (line) => console.error(line) };
  const results: Result[] = [];
  let failed = false;
  try {
    for (const scenario of chosen) {
      try {
        const rows = await scenario.run(context);
        results.push(...rows.map((r) => ({ ...r, pass: judge(r.value, r.target) })));
      } catch (error) {
        failed = true;
        console.error(`bench: scenario ${scenario.name} did not complete: ${error instanceof Error ? error.message : String(error)}`);
        if (controller.signal.aborted) break;
      }
    }
  } finally {
    clearTimeout(timeout);
  }

  if (results.length > 0) {
    console.log(table(results));
    console.log('');
  }
  const groups = [...new Set(results.map((r) => r.scenario))];
  for (const group of groups) {
    const misses = results.filter((r) => r.scenario === group && r.pass === false);
    console.log(misses.length === 0
      ? `PASS  ${group}`
      : `MISS  ${group}: ${misses.map((r) => `${r.metric} ${formatValue(r.value)} ${r.unit}, target ${formatTarget(r.target)}`).join('; ')}`);
  }

  await writeFile(RESULTS_FILE, `${JSON.stringify({ environment, scenarios: chosen.map((s) => s.name), complete: !failed, results }, null, 2)}\n`);
  console.log(`\nwrote ${RESULTS_FILE}`);
  return failed ? 1 : 0;
}

process.exitCode = await main();
