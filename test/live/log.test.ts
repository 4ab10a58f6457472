// The in-memory event log: positions, replay after a position, and retention by count and age.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InboxView, LiveEvent } from '../../src/live/diff.js';
import { memoryEventLog } from '../../src/live/log.js';

const view = (newestId: number): InboxView => ({ page: [], pageSize: 50, arrivals: [], unreadCount: 0, newestId });
const added = (id: number): LiveEvent => ({ type: 'added', notification: { id, author_id: 0 } as never, unreadCount: 1 });

afterEach(() => vi.useRealTimers());

describe('memoryEventLog', () => {
  it('numbers events from 1 and carries the newest addition id in each position', async () => {
    const log = memoryEventLog();
    await log.append('p#1', [], view(10), []);
    const batch = await log.append('p#1', [added(11), added(12)], view(12), []);
    expect(batch.events.map((e) => [e.position.seq, e.position.newestId])).toEqual([[1, 11], [2, 12]]);
    expect((await log.head('p#1'))?.position).toMatchObject({ seq: 2, newestId: 12 });
    log.close();
  });

  it('replays only the events after a position, and says HISTORY_LOST for a position of another epoch', async () => {
    const log = memoryEventLog();
    const { events } = await log.append('p#1', [added(1), added(2), added(3)], view(3), []);
    const replay = await log.since('p#1', events[0].position);
    expect('events' in replay && replay.events.map((e) => e.position.seq)).toEqual([2, 3]);
    expect(await log.since('p#1', { ...events[0].position, epoch: 1 })).toEqual({ missing: 'HISTORY_LOST' });
    expect(await log.since('p#2', events[0].position)).toEqual({ missing: 'HISTORY_LOST' });
    log.close();
  });

  it('keeps the newest maxEvents and says HISTORY_EXPIRED for a position before them', async () => {
    const log = memoryEventLog({ maxEvents: 2 });
    const { events } = await log.append('p#1', [added(1), added(2), added(3), added(4)], view(4), []);
    expect(await log.since('p#1', events[0].position)).toEqual({ missing: 'HISTORY_EXPIRED' });
    const kept = await log.since('p#1', events[1].position);
    expect('events' in kept && kept.events.map((e) => e.position.seq)).toEqual([3, 4]);
    log.close();
  });

  it('drops events older than maxAgeMs', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const log = memoryEventLog({ maxAgeMs: 10_000 });
    const { events } = await log.append('p#1', [added(1), added(2)], view(2), []);
    vi.setSystemTime(1_000_000 + 10_001);
    expect(await log.since('p#1', events[0].position)).toEqual({ missing: 'HISTORY_EXPIRED' });
    log.close();
  });
});
