// The portal's two limits (spec B): a leaky bucket per client IP, and an operating-time
// budget per (auth type, app or webhook, method) over a sliding ten-minute window.
import type { Clock } from './clock.js';
import type { RateLimit } from './options.js';

/** Leaky bucket per client IP: each request adds 1, the level drains `drainPerSecond`. */
export class LeakyBuckets {
  private levels = new Map<string, { level: number; at: number }>();

  constructor(private clock: Clock, public limit: RateLimit | 'off') {}

  /**
   * Admits one request from `ip` and returns the level after it, or `null` when the bucket
   * is full. A rejected request is not counted (spec B.1's recommended algorithm).
   */
  admit(ip: string): number | null {
    if (this.limit === 'off') return 0;
    const now = this.clock.now();
    const bucket = this.levels.get(ip) ?? { level: 0, at: now };
    bucket.level = Math.max(0, bucket.level - this.limit.drainPerSecond * (now - bucket.at));
    bucket.at = now;
    this.levels.set(ip, bucket);
    if (bucket.level + 1 > this.limit.burst) return null;
    bucket.level += 1;
    return bucket.level;
  }

  /** The current level for `ip`, drained to now, without admitting anything. */
  level(ip: string): number {
    const bucket = this.levels.get(ip);
    if (!bucket || this.limit === 'off') return 0;
    return Math.max(0, bucket.level - this.limit.drainPerSecond * (this.clock.now() - bucket.at));
  }

  reset(): void {
    this.levels.clear();
  }
}

const WINDOW_SECONDS = 600;
const BUCKET_SECONDS = 60;
/** Calls faster than this are not accounted, so cheap methods report `operating: 0`. */
const MIN_RECORDED_SECONDS = 0.1;
/** Entity of presets that apply to every app and webhook. */
export const ANY_ENTITY = '*';
/** Operating time is kept per OAuth application and per webhook. */
export const appEntity = (clientId: string): string => `app:${clientId}`;
export const webhookEntity = (webhookId: number): string => `webhook:${webhookId}`;

interface Slot {
  firstAt: number;
  total: number;
}

/** Operating-time accounting per (auth type, entity, method). */
export class OperatingLimiter {
  private slots = new Map<string, Slot[]>();

  constructor(private clock: Clock, public limitSeconds: number) {}

  /** Accumulated seconds and reset time for a key, as the `time` object reports them. */
  usage(entity: string, method: string, startedAt: number): { operating: number; resetAt: number } {
    const now = this.clock.now();
    const slots = [...this.live(entity, method, now), ...this.live(ANY_ENTITY, method, now)];
    const operating = slots.reduce((sum, s) => sum + s.total, 0);
    const oldest = slots.reduce((min, s) => Math.min(min, s.firstAt), Infinity);
    const resetAt = Number.isFinite(oldest) ? oldest + WINDOW_SECONDS : startedAt + WINDOW_SECONDS;
    return { operating: round(operating), resetAt: Math.floor(resetAt) };
  }

  /** True when the budget is already used up; the call that crosses the limit still runs. */
  blocked(entity: string, method: string): boolean {
    return this.usage(entity, method, this.clock.now()).operating > this.limitSeconds;
  }

  /** Records one call's execution time. */
  record(entity: string, method: string, seconds: number): void {
    if (seconds <= MIN_RECORDED_SECONDS) return;
    this.add(entity, method, seconds);
  }

  /** Presets accumulated time, bypassing the 0.1 s floor (a test hook, spec B.2 🔧). */
  preset(entity: string, method: string, seconds: number): void {
    this.add(entity, method, seconds);
  }

  reset(): void {
    this.slots.clear();
  }

  private add(entity: string, method: string, seconds: number): void {
    const now = this.clock.now();
    const slots = this.live(entity, method, now);
    const last = slots[slots.length - 1];
    if (last && now - last.firstAt < BUCKET_SECONDS) last.total += seconds;
    else slots.push({ firstAt: now, total: seconds });
    this.slots.set(`${entity}\n${method}`, slots);
  }

  // Slots whose ten minutes have not run out yet.
  private live(entity: string, method: string, now: number): Slot[] {
    const key = `${entity}\n${method}`;
    const slots = (this.slots.get(key) ?? []).filter((s) => s.firstAt + WINDOW_SECONDS > now);
    this.slots.set(key, slots);
    return slots;
  }
}

const round = (n: number): number => Math.round(n * 1e6) / 1e6;
