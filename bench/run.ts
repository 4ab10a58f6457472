// `npm run bench [-- <scenario> ...]`: runs the named scenarios (all without arguments),
// prints a table and writes bench/results.json and the report rendered from it, bench/REPORT.md. It measures and does not gate: a missed
// target prints MISS and the run still exits 0. It exits 1 only when a scenario could not run
// (an error, or the hard timeout).
import { setMaxListeners } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bulkSend } from './scenarios/bulk-send.js';
import { economy } from './scenarios/economy.js';
import { fanOut } from './scenarios/fan-out.js';
import { identities } from './scenarios/identities.js';
import { memory } from './scenarios/memory.js';
import { overhead } from './scenarios/overhead.js';

import { consoleTable, formatDuration, judge, renderReport, type Row, type RunRecord, type ScenarioRecord, type SoakRecord, summaryLines } from './report.js';
import { describeMachine, round } from './support.js';

export type { Result, Row, Target } from './report.js';

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

const SCENARIOS: Scenario[] = [economy, overhead, bulkSend, fanOut, identities, memory];
/** Each scenario gets this long; the whole run at most 9 minutes (the 10-minute budget). */
const SCENARIO_BUDGET_MS = 180_000;
const RUN_CAP_MS = 9 * 60_000;
/** After the timeout, how long cleanup may take before the process is ended. */
const GRACE_MS = 5_000;
const RESULTS_FILE = fileURLToPath(new URL('./results.json', import.meta.url));
const REPORT_FILE = fileURLToPath(new URL('./REPORT.md', import.meta.url));
const SOAK_FILE = fileURLToPath(new URL('./soak.json', import.meta.url));

async function main(): Promise<number> {
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length > 0) {
    console.error(`unknown scenario ${unknown.map((n) => JSON.stringify(n)).join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const chosen = names.length > 0 ? SCENARIOS.filter((s) => names.includes(s.name)) : SCENARIOS;
  const environment = describeMachine();
  console.log(`bench  ${environment.date}  node ${environment.node}  ${environment.cores} cores (${environment.cpu})  ${environment.platform}`);
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
  const started = performance.now();
  const records: ScenarioRecord[] = [];
  try {
    for (const scenario of chosen) records.push(await runScenario(scenario, context));
  } finally {
    clearTimeout(timeout);
  }

  const run: RunRecord = {
    environment,
    command: `npm run bench${names.length > 0 ? ` -- ${names.join(' ')}` : ''}`,
    full: names.length === 0,
    seconds: round((performance.now() - started) / 1000, 1),
    scenarios: records,
  };
  const results = records.flatMap((r) => r.results);
  if (results.length > 0) console.log(`${consoleTable(results)}\n`);
  for (const line of summaryLines(records)) console.log(line);

  await writeFile(RESULTS_FILE, `${JSON.stringify(run, null, 2)}\n`);
  // The report also holds the last soak's section (npm run soak writes bench/soak.json).
  const soak = await readFile(SOAK_FILE, 'utf8').then((text) => JSON.parse(text) as SoakRecord, () => undefined);
  await writeFile(REPORT_FILE, renderReport(run, soak));
  console.log(`\nwrote ${RESULTS_FILE} and ${REPORT_FILE} (${formatDuration(run.seconds)})`);
  return records.every((r) => r.completed) ? 0 : 1;
}

/** Runs one scenario; a throw or the hard timeout becomes an incomplete record, not a crash. */
async function runScenario(scenario: Scenario, context: ScenarioContext): Promise<ScenarioRecord> {
  const record: ScenarioRecord = { name: scenario.name, description: scenario.description, seconds: 0, completed: false, results: [] };
  const started = performance.now();
  if (context.signal.aborted) {
    record.error = 'not run: the hard timeout was reached before it started';
    return record;
  }
  context.log(`== ${scenario.name}: ${scenario.description}`);
  try {
    const rows = await scenario.run(context);
    record.results = rows.map((r) => ({ ...r, pass: judge(r.value, r.target) }));
    record.completed = true;
  } catch (error) {
    record.error = error instanceof Error ? error.message : String(error);
    console.error(`bench: scenario ${scenario.name} did not complete: ${record.error}`);
  }
  record.seconds = round((performance.now() - started) / 1000, 1);
  return record;
}

process.exitCode = await main();
