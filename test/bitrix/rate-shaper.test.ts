import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateShaper, type RateShaperOptions } from '../../src/bitrix/rate-shaper.js';
import type { Priority } from '../../src/bitrix/types.js';

// Fake timers also fake Date, so `now` below and the shaper's wake timer share one fake clock.
const START = Date.UTC(2026, 0, 1);

function shaper(options: RateShaperOptions = {}): RateShaper {
  return new RateShaper({ now: () => Date.now(), ...options });
}

function elapsed(): number {
  return Date.now() - START;
}

/** Records when (fake ms since START) a promise settled, and how. */
interface Tracked {
  at: number | undefined;
  error: unknown;
}
function track(promise: Promise<void>, log?: string[], name?: string): Tracked {
  const tracked: Tracked = { at: undefined, error: undefined };
  promise.then(
    () => {
      tracked.at = elapsed();
      if (log && name) log.push(name);
    },
    (error: unknown) => {
      tracked.at = elapsed();
      tracked.error = error;
    },
  );
  return tracked;
}

/** Takes `n` slots that are open now. */
async function fill(s: RateShaper, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await s.acquire('interactive');
}

/** Seeded PRNG (mulberry32), so the property check is reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('RateShaper', () => {
  it('lets burst - headroom requests through at once and makes the next one wait exactly 1/Y s', async () => {
    const s = shaper({ burst: 50, drainPerSecond: 2, headroom: 1 });
    const first = Array.from({ length: 49 }, () => track(s.acquire('interactive')));
    await vi.advanceTimersByTimeAsync(0);
    expect(first.every((t) => t.at === 0)).toBe(true);
    expect(s.level()).toBe(49);

    const next = track(s.acquire('interactive'));
    await vi.advanceTimersByTimeAsync(499);
    expect(next.at).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(next.at).toBe(500);
    expect(s.level()).toBe(49);
  });

  it('uses the documented defaults of a standard plan: 50 burst, 2 per second, 1 headroom', async () => {
    const s = shaper();
    await fill(s, 49);
    const next = track(s.acquire('background'));
    await vi.advanceTimersByTimeAsync(499);
    expect(next.at).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(next.at).toBe(500);
  });

  it('drains the mirrored level at Y per second and never below zero', async () => {
    const s = shaper({ burst: 10, drainPerSecond: 4, headroom: 0 });
    await fill(s, 10);
    expect(s.level()).toBe(10);
    vi.advanceTimersByTime(1000);
    expect(s.level()).toBe(6);
    vi.advanceTimersByTime(250);
    expect(s.level()).toBe(5);
    vi.advanceTimersByTime(60_000);
    expect(s.level()).toBe(0);
  });

  it('never lets the mirrored level exceed burst - headroom, and every send would pass the portal, over a long random run', async () => {
    const random = prng(0x5eed);
    const burst = 20;
    const drainPerSecond = 3;
    const headroom = 1;
    const s = shaper({ burst, drainPerSecond, headroom });
    const sentAt: number[] = [];
    let maxLevel = 0;
    let aborted = 0;

    let penalties = 0;
    for (let step = 0; step < 600; step++) {
      // penalize() lifts the level to the full burst on purpose, so it only happens here, never
      // between a send and the level check in its callback.
      if (random() < 0.02) {
        s.penalize();
        penalties += 1;
      }
      const priority: Priority = random() < 0.3 ? 'interactive' : 'background';
      const controller = random() < 0.1 ? new AbortController() : undefined;
      s.acquire(priority, controller?.signal).then(
        () => {
          sentAt.push(Date.now());
          maxLevel = Math.max(maxLevel, s.level());
        },
        () => {
          aborted += 1;
        },
      );
      if (controller && random() < 0.5) controller.abort();
      // Mostly bursts of simultaneous calls, sometimes pauses long enough to drain a lot.
      const gap = random() < 0.8 ? Math.floor(random() * 50) : Math.floor(random() * 5000);
      await vi.advanceTimersByTimeAsync(gap);
    }
    await vi.advanceTimersByTimeAsync(600_000);

    expect(s.waiting()).toEqual({ interactive: 0, background: 0 });
    expect(sentAt.length + aborted).toBe(600);
    expect(sentAt.length).toBeGreaterThan(500);
    expect(penalties).toBeGreaterThan(0);
    expect(maxLevel).toBeGreaterThan(burst - headroom - 1); // the run did reach the ceiling
    expect(maxLevel).toBeLessThanOrEqual(burst - headroom + 1e-9);

    // Independent replay through the portal's own arithmetic (spec B.1) with the ceiling the
    // shaper promises: no request may be rejected.
    let level = 0;
    let at = sentAt[0];
    for (const t of sentAt) {
      level = Math.max(0, level - (drainPerSecond * (t - at)) / 1000);
      at = t;
      expect(level + 1).toBeLessThanOrEqual(burst - headroom + 1e-9);
      level += 1;
    }
  });

  it('serves interactive waiters before background waiters that arrived earlier', async () => {
    const s = shaper({ burst: 2, drainPerSecond: 2, headroom: 0 });
    await fill(s, 2);
    const order: string[] = [];
    const bg1 = track(s.acquire('background'), order, 'bg1');
    const bg2 = track(s.acquire('background'), order, 'bg2');
    const int1 = track(s.acquire('interactive'), order, 'int1');
    expect(s.waiting()).toEqual({ interactive: 1, background: 2 });

    await vi.advanceTimersByTimeAsync(1500);
    expect(order).toEqual(['int1', 'bg1', 'bg2']);
    expect([int1.at, bg1.at, bg2.at]).toEqual([500, 1000, 1500]);
  });

  it('serves waiters of the same priority in arrival order', async () => {
    const s = shaper({ burst: 1, drainPerSecond: 10, headroom: 0 });
    await fill(s, 1);
    const order: string[] = [];
    for (const name of ['a', 'b', 'c', 'd']) track(s.acquire('interactive'), order, name);
    for (const name of ['w', 'x', 'y']) track(s.acquire('background'), order, name);
    await vi.advanceTimersByTimeAsync(700);
    expect(order).toEqual(['a', 'b', 'c', 'd', 'w', 'x', 'y']);
  });

  it('does not let 1,000 queued background waiters delay one interactive waiter beyond the next slot', async () => {
    const s = shaper({ burst: 50, drainPerSecond: 2, headroom: 1 });
    await fill(s, 49);
    const background = Array.from({ length: 1000 }, () => track(s.acquire('background')));
    await vi.advanceTimersByTimeAsync(200);
    const interactive = track(s.acquire('interactive'));
    expect(s.waiting()).toEqual({ interactive: 1, background: 1000 });

    await vi.advanceTimersByTimeAsync(300);
    expect(interactive.at).toBe(500);
    expect(background.filter((t) => t.at !== undefined)).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(500);
    expect(background[0].at).toBe(1000);
    expect(background[1].at).toBeUndefined();
  });

  it('takes a free slot for a new interactive call ahead of queued background waiters when the wake timer is late', async () => {
    let clock = 0;
    const s = new RateShaper({ burst: 1, drainPerSecond: 1, headroom: 0, now: () => clock });
    await s.acquire('background');
    const order: string[] = [];
    track(s.acquire('background'), order, 'bg');
    // The clock passes the slot before the timer gets to run.
    clock = 1000;
    track(s.acquire('interactive'), order, 'int');
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(['int']);
    expect(s.waiting()).toEqual({ interactive: 0, background: 1 });
  });

  it('pushes the next slot out after penalize(): the level becomes the full burst', async () => {
    const s = shaper({ burst: 5, drainPerSecond: 2, headroom: 0 });
    await s.acquire('interactive');
    s.penalize();
    expect(s.level()).toBe(5);
    const next = track(s.acquire('interactive'));
    await vi.advanceTimersByTimeAsync(499);
    expect(next.at).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(next.at).toBe(500);
  });

  it('keeps the headroom after penalize(), so with headroom 1 the next slot is 2/Y s away', async () => {
    const s = shaper({ burst: 5, drainPerSecond: 2, headroom: 1 });
    s.penalize();
    const next = track(s.acquire('interactive'));
    await vi.advanceTimersByTimeAsync(999);
    expect(next.at).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(next.at).toBe(1000);
  });

  it('re-arms the wake timer when penalize() comes while callers wait', async () => {
    const s = shaper({ burst: 4, drainPerSecond: 2, headroom: 0 });
    await fill(s, 4);
    const waiter = track(s.acquire('background'));
    await vi.advanceTimersByTimeAsync(400);
    s.penalize(); // level 4 at t=400, so the slot moves from t=500 to t=900
    await vi.advanceTimersByTimeAsync(499);
    expect(waiter.at).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(waiter.at).toBe(900);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects a waiting call with the signal reason when it aborts, and the aborted call takes no slot', async () => {
    const s = shaper({ burst: 3, drainPerSecond: 2, headroom: 0 });
    await fill(s, 3);
    const controller = new AbortController();
    const aborted = s.acquire('interactive', controller.signal);
    const second = track(s.acquire('interactive'));
    const third = track(s.acquire('interactive'));
    await vi.advanceTimersByTimeAsync(100);
    const levelBefore = s.level();

    controller.abort();
    await expect(aborted).rejects.toBe(controller.signal.reason);
    expect((controller.signal.reason as Error).name).toBe('AbortError');
    expect(s.level()).toBe(levelBefore);
    expect(s.waiting()).toEqual({ interactive: 2, background: 0 });

    // The slots go to the next waiters as if the aborted call had never queued.
    await vi.advanceTimersByTimeAsync(900);
    expect([second.at, third.at]).toEqual([500, 1000]);
  });

  it('rejects at once with the reason of an already-aborted signal, even when a slot is free', async () => {
    const s = shaper();
    const reason = new Error('caller gave up');
    await expect(s.acquire('interactive', AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(s.level()).toBe(0);
    expect(s.waiting()).toEqual({ interactive: 0, background: 0 });
  });

  it('leaves no timer running once nobody waits, whether waiters were served or aborted', async () => {
    const s = shaper({ burst: 1, drainPerSecond: 2, headroom: 0 });
    await fill(s, 1);
    expect(vi.getTimerCount()).toBe(0);

    const controller = new AbortController();
    const aborted = s.acquire('background', controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await expect(aborted).rejects.toThrow();
    expect(vi.getTimerCount()).toBe(0);

    const served = track(s.acquire('background'));
    await vi.advanceTimersByTimeAsync(500);
    expect(served.at).toBe(500);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps one wake timer however many callers wait', async () => {
    const s = shaper({ burst: 1, drainPerSecond: 1, headroom: 0 });
    await fill(s, 1);
    for (let i = 0; i < 100; i++) void s.acquire(i % 2 ? 'interactive' : 'background');
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(100_000);
    expect(s.waiting()).toEqual({ interactive: 0, background: 0 });
  });

  it('sustains exactly Y per second in the long run: 200 calls at 50/20 finish after (200 - 49)/20 s', async () => {
    const s = shaper({ burst: 50, drainPerSecond: 20, headroom: 1 });
    const calls = Array.from({ length: 200 }, (_, i) => track(s.acquire(i % 3 ? 'background' : 'interactive')));
    await vi.advanceTimersByTimeAsync(60_000);
    const last = Math.max(...calls.map((t) => t.at ?? Infinity));
    const floor = ((200 - (50 - 1)) / 20) * 1000; // 7,550 ms
    const slot = 1000 / 20;
    expect(Math.abs(last - floor)).toBeLessThanOrEqual(slot);
  });

  it('spaces calls evenly at a drain rate whose period is not a whole number of milliseconds', async () => {
    const s = shaper({ burst: 3, drainPerSecond: 3, headroom: 0 });
    await fill(s, 3);
    const calls = Array.from({ length: 30 }, () => track(s.acquire('background')));
    await vi.advanceTimersByTimeAsync(20_000);
    // 30 more calls at 3/s take 10 s; rounding to whole milliseconds must not accumulate.
    expect(calls[29].at).toBeGreaterThanOrEqual(10_000);
    expect(calls[29].at).toBeLessThanOrEqual(10_001);
  });

  it('rejects an unknown priority with a message naming the allowed values', async () => {
    const s = shaper();
    await expect(s.acquire('urgent' as Priority)).rejects.toThrow(
      `priority must be 'interactive' or 'background', got "urgent"`,
    );
  });

  it('validates its options with messages that name the expectation and the value received', () => {
    expect(() => new RateShaper({ burst: 0 })).toThrow('burst must be a positive integer, got 0');
    expect(() => new RateShaper({ burst: 2.5 })).toThrow('burst must be a positive integer, got 2.5');
    expect(() => new RateShaper({ drainPerSecond: 0 })).toThrow(
      'drainPerSecond must be a positive finite number, got 0',
    );
    expect(() => new RateShaper({ drainPerSecond: Number.NaN })).toThrow(
      'drainPerSecond must be a positive finite number, got NaN',
    );
    expect(() => new RateShaper({ drainPerSecond: Infinity })).toThrow(
      'drainPerSecond must be a positive finite number, got Infinity',
    );
    expect(() => new RateShaper({ headroom: -1 })).toThrow(
      'headroom must be a number from 0 to burst - 1 (49), got -1',
    );
    expect(() => new RateShaper({ burst: 5, headroom: 5 })).toThrow(
      'headroom must be a number from 0 to burst - 1 (4), got 5',
    );
    expect(() => new RateShaper({ now: 'soon' as unknown as () => number })).toThrow(
      'now must be a function returning milliseconds, got "soon"',
    );
    expect(() => new RateShaper({ burst: 1, headroom: 0 })).not.toThrow();
  });
});
