// Client-side mirror of the portal's leaky bucket (spec B.1). The portal keeps one counter per
// (portal, source IP) and rejects with 503 QUERY_LIMIT_EXCEEDED once it would go over X; the
// official SDKs keep one bucket per client instance, so N users of one portal overrun it. One
// RateShaper per portal, shared by every identity, admits a request only when the portal is
// certain to accept it, so the facade itself never causes a 503.
import type { Priority } from './types.js';

export interface RateShaperOptions {
  /** Portal bucket size X (requests). @default 50 */
  burst?: number;
  /** Portal drain rate Y (requests per second). @default 2 */
  drainPerSecond?: number;
  /**
   * Requests of headroom kept below X, for clock skew and network reordering: the shaper never
   * lets its mirrored level go above `burst - headroom`. @default 1
   */
  headroom?: number;
  /** Clock in milliseconds. @default () => Date.now() */
  now?: () => number;
}

/**
 * Float slack for "level + 1 <= ceiling": drained levels such as 48.000000000001 must count as
 * 48, or the wake timer would fire, find no slot and sleep one more millisecond.
 */
const EPSILON = 1e-9;

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  queue: WaitQueue | undefined;
  prev: Waiter | undefined;
  next: Waiter | undefined;
}

/** FIFO with O(1) removal from the middle, so aborting one of thousands of waiters stays cheap. */
class WaitQueue {
  private head: Waiter | undefined;
  private tail: Waiter | undefined;
  size = 0;

  push(waiter: Waiter): void {
    waiter.queue = this;
    waiter.prev = this.tail;
    waiter.next = undefined;
    if (this.tail) this.tail.next = waiter;
    else this.head = waiter;
    this.tail = waiter;
    this.size += 1;
  }

  shift(): Waiter | undefined {
    const waiter = this.head;
    if (waiter) this.remove(waiter);
    return waiter;
  }

  remove(waiter: Waiter): void {
    if (waiter.queue !== this) return;
    if (waiter.prev) waiter.prev.next = waiter.next;
    else this.head = waiter.next;
    if (waiter.next) waiter.next.prev = waiter.prev;
    else this.tail = waiter.prev;
    waiter.queue = waiter.prev = waiter.next = undefined;
    this.size -= 1;
  }
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  return String(value);
}

/**
 * Admits requests to one portal at the rate its leaky bucket allows: a burst of
 * `burst - headroom`, then one request every 1/`drainPerSecond` seconds. Interactive callers
 * go first; background callers (polling) use what is left.
 */
export class RateShaper {
  private readonly burst: number;
  private readonly drainPerSecond: number;
  /** Highest level the shaper lets the mirror reach: burst - headroom. */
  private readonly ceiling: number;
  private readonly now: () => number;

  private mirrored = 0;
  /** Time (ms, on `now`) the mirrored level was last drained to. */
  private drainedAt: number;

  private readonly interactive = new WaitQueue();
  private readonly background = new WaitQueue();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerDue = 0;

  constructor(options: RateShaperOptions = {}) {
    const { burst = 50, drainPerSecond = 2, headroom = 1, now = () => Date.now() } = options;
    if (!Number.isInteger(burst) || burst <= 0) {
      throw new RangeError(`burst must be a positive integer, got ${show(burst)}`);
    }
    if (typeof drainPerSecond !== 'number' || !Number.isFinite(drainPerSecond) || drainPerSecond <= 0) {
      throw new RangeError(`drainPerSecond must be a positive finite number, got ${show(drainPerSecond)}`);
    }
    // At least one request must fit under the ceiling, or nothing would ever be sent.
    if (typeof headroom !== 'number' || !Number.isFinite(headroom) || headroom < 0 || headroom > burst - 1) {
      throw new RangeError(`headroom must be a number from 0 to burst - 1 (${burst - 1}), got ${show(headroom)}`);
    }
    if (typeof now !== 'function') {
      throw new TypeError(`now must be a function returning milliseconds, got ${show(now)}`);
    }
    this.burst = burst;
    this.drainPerSecond = drainPerSecond;
    this.ceiling = burst - headroom;
    this.now = now;
    this.drainedAt = now();
  }

  /**
   * Resolves when one request may be sent now without the portal's bucket going over
   * burst - headroom, and counts it as sent. Waiters are served interactive first, FIFO within
   * a priority, so a background poll never delays an interactive call that arrives later.
   * Rejects with the signal's reason (an AbortError-like error) if `signal` aborts while waiting,
   * and then takes no slot.
   */
  acquire(priority: Priority, signal?: AbortSignal): Promise<void> {
    if (priority !== 'interactive' && priority !== 'background') {
      return Promise.reject(
        new TypeError(`priority must be 'interactive' or 'background', got ${show(priority)}`),
      );
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    // Fast path: nobody is queued ahead, so a free slot can be taken without queueing.
    if (this.interactive.size === 0 && this.background.size === 0) {
      this.drain();
      if (this.hasSlot()) {
        this.mirrored += 1;
        return Promise.resolve();
      }
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: undefined,
        queue: undefined,
        prev: undefined,
        next: undefined,
      };
      if (signal) {
        waiter.onAbort = () => {
          waiter.queue?.remove(waiter);
          reject(signal.reason);
          // The level did not change, so only the timer may need to go (nobody left waiting).
          this.schedule();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      (priority === 'interactive' ? this.interactive : this.background).push(waiter);
      // Serve right away if a slot is open (e.g. the wake timer is running late).
      this.pump();
    });
  }

  /**
   * The portal answered 503 anyway (another client on the same IP): treat the bucket as full now.
   * The mirrored level becomes `burst`, so the next slot opens once it drains back under the
   * ceiling: (1 + headroom) / drainPerSecond seconds from now.
   */
  penalize(): void {
    this.drain();
    this.mirrored = this.burst;
    this.schedule();
  }

  /** Current mirrored level (requests), drained to now. */
  level(): number {
    this.drain();
    return this.mirrored;
  }

  /** Waiters per priority. */
  waiting(): { interactive: number; background: number } {
    return { interactive: this.interactive.size, background: this.background.size };
  }

  /** The portal's arithmetic: level = max(0, level - Y·Δt). */
  private drain(): void {
    const now = this.now();
    // A clock that steps back must not refill the bucket; wait for it to catch up instead.
    if (now <= this.drainedAt) return;
    this.mirrored = Math.max(0, this.mirrored - (this.drainPerSecond * (now - this.drainedAt)) / 1000);
    this.drainedAt = now;
  }

  private hasSlot(): boolean {
    return this.mirrored + 1 <= this.ceiling + EPSILON;
  }

  /** Hands open slots to waiters, interactive first, then arms the timer for the rest. */
  private pump(): void {
    this.drain();
    while (this.hasSlot()) {
      const waiter = this.interactive.shift() ?? this.background.shift();
      if (!waiter) break;
      this.mirrored += 1;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.resolve();
    }
    this.schedule();
  }

  /** One timer, due when the next slot opens; none while nobody waits, so a process can exit. */
  private schedule(): void {
    if (this.interactive.size === 0 && this.background.size === 0) {
      this.clearTimer();
      return;
    }
    this.drain();
    const excess = this.mirrored + 1 - this.ceiling;
    // Timers have whole milliseconds: round up (the slack absorbs float noise like 500.0000001).
    const delay = Math.max(1, Math.ceil((excess / this.drainPerSecond) * 1000 - 1e-6));
    const due = this.drainedAt + delay;
    if (this.timer !== undefined && this.timerDue === due) return;
    this.clearTimer();
    this.timerDue = due;
    // Not unref'd: while someone waits there is pending work the process must not drop.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
