// The bench report: the committed REPORT.md is exactly what the committed results render to,
// and the rendering never hides a miss, an unmeasured figure or a scenario that stopped.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { judge, renderReport, type Result, type RunRecord, summaryLines } from '../../bench/report.js';

const file = (name: string) => readFile(new URL(`../../bench/${name}`, import.meta.url), 'utf8');

function run(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    environment: { date: '2026-11-24T08:00:00.000Z', node: 'v20.20.2', cores: 2, cpu: 'Test CPU', memoryGiB: 24, platform: 'linux-x64' },
    command: 'npm run bench',
    full: true,
    seconds: 312.4,
    scenarios: [],
    ...overrides,
  };
}

function result(metric: string, value: number | null, target: Result['target'], versus?: string): Result {
  return { scenario: 'case/a', metric, value: value as number, unit: 'ms', target, versus, pass: judge(value as number, target) };
}

describe('the bench report', () => {
  it('committed in bench/REPORT.md is what bench/results.json renders to', async () => {
    const results = JSON.parse(await file('results.json')) as RunRecord;
    expect(await file('REPORT.md')).toBe(renderReport(results));
  });

  it('states the date, the cores, the CPU and the Node version', () => {
    const text = renderReport(run());
    expect(text).toContain('2026-11-24 08:00 UTC');
    expect(text).toContain('2 cores (Test CPU)');
    expect(text).toContain('Node v20.20.2');
    expect(text).toContain('5 min 12 s');
  });

  it('shows a missed target as MISS, with its target and what the figure is compared with', () => {
    const rows = [result('p50 overhead', 1.7, { op: '<=', value: 1 }, 'direct REST p50'), result('p99', 3, null)];
    const text = renderReport(run({ scenarios: [{ name: 'case', description: 'd', seconds: 3, completed: true, results: rows }] }));
    expect(text).toContain('| p50 overhead | 1.7 | ms | direct REST p50 | ≤ 1 | MISS |');
    expect(text).toContain('| [case](#case) | d | 3.0 s | 0 of 1 | MISS |');
    expect(summaryLines([{ name: 'case', description: 'd', seconds: 3, completed: true, results: rows }])).toEqual(['MISS  case: case/a: p50 overhead 1.7 ms, target ≤ 1']);
  });

  it('shows a figure that could not be measured as n/a, and it misses its target', () => {
    expect(judge(Number.NaN, { op: '<=', value: 1 })).toBe(false);
    // JSON has no NaN: results.json stores it as null.
    const rows = [result('p99', Number.NaN, { op: '<=', value: 1 })];
    expect(judge(null as unknown as number, { op: '<=', value: 1 })).toBe(false);
    expect(rows[0].pass).toBe(false);
    const text = renderReport(JSON.parse(JSON.stringify(run({ scenarios: [{ name: 'case', description: 'd', seconds: 1, completed: true, results: rows }] }))));
    expect(text).toContain('| p99 | n/a | ms |  | ≤ 1 | MISS |');
  });

  it('says why a scenario did not complete, and keeps what it measured', () => {
    const record = { name: 'fan-out', description: 'd', seconds: 180, completed: false, error: 'hard timeout of 540 s reached', results: [result('polls', 1, { op: '<=', value: 1 })] };
    const text = renderReport(run({ scenarios: [record] }));
    expect(text).toContain('**Did not complete:** hard timeout of 540 s reached.');
    expect(text).toContain('| INCOMPLETE |');
    expect(text).toContain('| polls | 1 | ms |  | ≤ 1 | PASS |');
    expect(summaryLines([record])[0]).toBe('INCOMPLETE  fan-out: hard timeout of 540 s reached');
  });

  it('marks a run of chosen scenarios as partial', () => {
    const text = renderReport(run({ full: false, command: 'npm run bench -- economy', scenarios: [{ name: 'economy', description: 'd', seconds: 1, completed: true, results: [] }] }));
    expect(text).toContain('**partial run** (economy only)');
  });

  it('keeps a pipe or a line break in a text from breaking its table row', () => {
    const rows = [result('a | b\nc', 2, null, 'x|y')];
    const text = renderReport(run({ scenarios: [{ name: 'case', description: 'd', seconds: 1, completed: true, results: rows }] }));
    expect(text).toContain('| a \\| b c | 2 | ms | x\\|y |  |  |');
  });
});
