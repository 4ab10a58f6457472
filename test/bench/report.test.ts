// The bench report: the committed REPORT.md is exactly what the committed results render to,
// and the rendering never hides a miss, an unmeasured figure or a scenario that stopped.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { judge, renderReport, type Result, type RunRecord, type SoakRecord, soakSummary, summaryLines } from '../../bench/report.js';
import { soakPlan } from '../../bench/soak/plan.js';
import { type SendRecord, type SubscriptionLog, tallyDeliveries, tallySends } from '../../bench/soak/tally.js';

const file = (name: string) => readFile(new URL(`../../bench/${name}`, import.meta.url), 'utf8');
/** bench/soak.json, or undefined before the first soak. */
const soakFile = () => file('soak.json').then((text) => JSON.parse(text) as SoakRecord, () => undefined);

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
  it('committed in bench/REPORT.md is what bench/results.json and bench/soak.json render to', async () => {
    const results = JSON.parse(await file('results.json')) as RunRecord;
    expect(await file('REPORT.md')).toBe(renderReport(results, await soakFile()));
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

function soakRecord(overrides: Partial<SoakRecord> = {}): SoakRecord {
  return {
    environment: { date: '2026-11-25T09:30:00.000Z', node: 'v20.20.2', cores: 2, cpu: 'Test CPU', memoryGiB: 24, platform: 'linux-x64' },
    command: 'npm run soak',
    revision: 'abc1234',
    plannedSeconds: 300,
    seconds: 351.2,
    completed: true,
    setup: 'Four processes on loopback.',
    faults: [
      { name: 'latency', description: 'every REST call answered 1.5 s late', atS: 18, seconds: 12, requestsHit: 40, queryRecoveryS: 0.05, eventRecoveryS: 1.9, windowS: 30 },
      { name: 'hang', description: 'left unanswered', atS: 186, seconds: 12, requestsHit: 9, queryRecoveryS: 0.02, eventRecoveryS: null, windowS: 30 },
    ],
    results: [
      { scenario: 'soak/events', metric: 'events lost', value: 0, unit: 'deliveries', target: { op: '=', value: 0 }, pass: true },
      { scenario: 'soak/recovery', metric: 'longest: fault end → first event', value: null as unknown as number, unit: 's', target: { op: '<=', value: 5 }, pass: false },
    ],
    ...overrides,
  };
}

describe('the soak section of the bench report', () => {
  it('is absent without a soak, so a bench run alone renders as before', () => {
    const text = renderReport(run());
    expect(text).not.toContain('## soak');
    expect(text).not.toContain('The soak runs on its own');
  });

  it('states its own date, command, code revision and length, apart from the bench run', () => {
    const text = renderReport(run(), soakRecord());
    expect(text).toContain('The soak runs on its own (`npm run soak`, 2026-11-25 09:30 UTC): 1 of 2 targets met, MISS; see [soak](#soak).');
    expect(text).toContain('## soak\n\nMeasured 2026-11-25 09:30 UTC on 2 cores (Test CPU)');
    expect(text).toContain('Command: `npm run soak` on abc1234: 5 min 0 s of load and faults, 5 min 51 s in all; 1 of 2 targets met, MISS.');
  });

  it('lists each fault with its recovery, and says none where nothing recovered in its window', () => {
    const text = renderReport(run(), soakRecord());
    expect(text).toContain('| latency | every REST call answered 1.5 s late | 18 s | 12 s | 40 | 0.05 s | 1.9 s | 30 s |');
    expect(text).toContain('| hang | left unanswered | 186 s | 12 s | 9 | 0.02 s | none | 30 s |');
  });

  it('shows an unmeasured recovery as n/a and MISS, in its summary line too', () => {
    const record = soakRecord();
    const text = renderReport(run(), record);
    expect(text).toContain('### soak/recovery');
    expect(text).toContain('| longest: fault end → first event | n/a | s |  | ≤ 5 | MISS |');
    expect(text).toContain('| events lost | 0 | deliveries |  | = 0 | PASS |');
    expect(soakSummary(record)).toBe('MISS  soak: soak/recovery: longest: fault end → first event n/a s, target ≤ 5');
  });

  it('says why a soak did not complete', () => {
    const record = soakRecord({ completed: false, error: 'the facade process exited (1) during the run', faults: [], results: [] });
    const text = renderReport(run(), record);
    expect(text).toContain('**Did not complete:** the facade process exited (1) during the run.');
    expect(text).toContain('0 of 0 targets met, INCOMPLETE');
    expect(soakSummary(record)).toBe('INCOMPLETE  soak: the facade process exited (1) during the run');
  });
});

describe('the soak schedule', () => {
  it('fits six faults, one at a time, each followed by a quiet window, inside the duration', () => {
    const plan = soakPlan(300_000);
    expect(plan.map((f) => f.name)).toEqual(['latency', '500s', 'resets', '503 storm', 'hang', 'restart']);
    expect(plan[0].startMs).toBeGreaterThan(0);
    for (const [i, f] of plan.entries()) {
      expect(f.endMs).toBeGreaterThan(f.startMs);
      expect(f.windowEndMs).toBeGreaterThan(f.endMs);
      expect(f.windowEndMs).toBe(plan[i + 1]?.startMs ?? 300_000);
    }
  });
});

const send = (text: string, answer: SendRecord['answer'], notificationId?: string, code?: string): SendRecord => ({
  text, userId: 1, via: 'single', answer, notificationId, code, startedAt: 0, answeredAt: 0,
});
const stored = (id: number, message: string, userId = 1) => ({ id, userId, message, type: 4 });

describe('the soak tally of sends', () => {
  it('counts a send answered sent whose id and text are not stored', () => {
    const tally = tallySends([send('soak r n1', 'sent', '1001'), send('soak r n2', 'sent', '1002')], [stored(1001, 'soak r n1'), stored(1003, 'soak r n2')], 'soak r ');
    expect(tally.sentNotStored).toBe(1);
    expect(tally.answered.sent).toBe(2);
  });

  it('counts every copy beyond the first of one send as stored twice', () => {
    const tally = tallySends([send('soak r n1', 'sent', '1001')], [stored(1001, 'soak r n1'), stored(1002, 'soak r n1'), stored(1003, 'soak r n1')], 'soak r ');
    expect(tally.storedTwice).toBe(2);
    expect(tally.sentNotStored).toBe(0);
  });

  it('counts a send answered not sent that was stored, by its error code', () => {
    const tally = tallySends([send('soak r n1', 'not-sent', undefined, 'INTERNAL_SERVER_ERROR'), send('soak r n2', 'not-sent', undefined, 'UPSTREAM_UNAVAILABLE')], [stored(1001, 'soak r n1')], 'soak r ');
    expect(tally.notSentButStored).toBe(1);
    expect(tally.notSentButStoredCodes).toEqual({ INTERNAL_SERVER_ERROR: 1 });
  });

  it('holds an unknown outcome to nothing: stored or not, it is neither lost nor misreported', () => {
    const tally = tallySends([send('soak r n1', 'unknown', undefined, 'UPSTREAM_OUTCOME_UNKNOWN'), send('soak r n2', 'unknown'), send('soak r n3', 'no-answer')], [stored(1001, 'soak r n1'), stored(1002, 'soak r n3')], 'soak r ');
    expect(tally).toMatchObject({ sentNotStored: 0, notSentButStored: 0, storedTwice: 0, unknownStored: 1, noAnswerStored: 1 });
    expect(tally.answered).toEqual({ sent: 0, 'not-sent': 0, unknown: 2, 'no-answer': 1 });
  });

  it('counts stored copies with the run prefix that no send had, and ignores other texts', () => {
    const tally = tallySends([send('soak r n1', 'sent', '1001')], [stored(1001, 'soak r n1'), stored(1002, 'soak r n1 shipped'), stored(1003, 'soak marker r after hang')], 'soak r ');
    expect(tally.storedUnsent).toBe(1);
  });

  it('does not take a copy stored for another recipient as the send', () => {
    const tally = tallySends([send('soak r n1', 'sent', '1001')], [stored(1001, 'soak r n1', 2)], 'soak r ');
    expect(tally.sentNotStored).toBe(1);
  });
});

describe('the soak tally of deliveries', () => {
  const sub = (filter: SubscriptionLog['filter'], received: [number, number][], ended?: string): SubscriptionLog => ({ filter, received: new Map(received), ended });
  const events = [
    { id: 10, kind: 'SYSTEM' as const, module: 'rest' },
    { id: 11, kind: 'PERSONAL' as const, module: 'rest' },
    { id: 12, kind: 'SYSTEM' as const, module: 'main' },
  ];

  it('expects of each subscription exactly the stored additions its filter matches, above the baseline', () => {
    const tally = tallyDeliveries([sub({}, [[10, 1], [11, 1], [12, 1]]), sub({ kinds: ['PERSONAL'] }, [[11, 1]]), sub({ modules: ['rest'] }, [[10, 1], [11, 1]]), sub({ kinds: ['CONFIRM'] }, [])], events, 9);
    expect(tally).toMatchObject({ subscriptions: 4, notifications: 3, expected: 6, delivered: 6, lost: 0, duplicated: 0, unexpected: 0, ended: 0 });
  });

  it('counts a missing delivery as lost and a repeated one as duplicated', () => {
    const tally = tallyDeliveries([sub({}, [[10, 2], [12, 1]]), sub({ kinds: ['SYSTEM'] }, [[10, 1], [12, 3]])], events, 9);
    expect(tally.lost).toBe(1);
    expect(tally.duplicated).toBe(3);
  });

  it('counts an arrival outside the filter or of an unstored id as unexpected, and ignores ids up to the baseline', () => {
    const tally = tallyDeliveries([sub({ kinds: ['PERSONAL'] }, [[11, 1], [10, 1], [99, 1], [5, 1]])], events, 9);
    expect(tally.unexpected).toBe(2);
    expect(tally.notifications).toBe(3);
    const later = tallyDeliveries([sub({}, [[11, 1], [12, 1]])], events, 10);
    expect(later).toMatchObject({ notifications: 2, expected: 2, lost: 0, unexpected: 0 });
  });

  it('counts subscriptions that ended early, and the losses that were theirs', () => {
    const tally = tallyDeliveries([sub({}, [[10, 1]], 'socket closed 1013'), sub({}, [[10, 1], [11, 1]])], events, 9);
    expect(tally).toMatchObject({ ended: 1, lost: 3, lostOnEnded: 2 });
  });
});
