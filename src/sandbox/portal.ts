// The portal: state, clock, limits and the observability the fixtures API exposes.
import { Clock } from './clock.js';
import { Faults } from './faults.js';
import { LeakyBuckets, OperatingLimiter } from './limits.js';
import type { RateLimit, SandboxOptions } from './options.js';
import { RequestLog } from './request-log.js';
import { type PortalState, emptyState } from './state.js';

/** Who is calling, after authentication. */
export interface Identity {
  type: 'webhook' | 'oauth' | 'session';
  userId: number;
  /** The OAuth application's client id; null for webhooks and sessions. */
  clientId: string | null;
  /** Operating-time key: the app's client id or the webhook's id. */
  entity: string;
  scopes: string[];
}

export interface MethodContext {
  portal: Portal;
  identity: Identity;
  /** Parameters with auth parameters, `start` and `state` removed; top-level key case as sent. */
  params: Record<string, unknown>;
  /** The `start` offset of list methods (the portal moves it out of the parameters). */
  start: number;
}

export interface Method {
  /** Scope the caller needs, or null for none (`batch`). Any one of a list is enough. */
  scope: string[] | null;
  run(ctx: MethodContext): unknown;
}

/** A list result with `total`/`next`, which the envelope lifts beside `result`. */
export class Paged {
  constructor(readonly items: unknown[], readonly total: number, readonly next?: number) {}
}

export const DEFAULT_RATE_LIMIT: RateLimit = { burst: 50, drainPerSecond: 2 };

export class Portal {
  state: PortalState = emptyState();
  readonly clock: Clock;
  readonly buckets: LeakyBuckets;
  readonly operating: OperatingLimiter;
  readonly log = new RequestLog();
  readonly faults = new Faults();
  answerText: string;
  readonly maxBodyBytes: number;
  /** Base URL once listening, e.g. `http://127.0.0.1:4100`. */
  url = '';

  constructor(options: SandboxOptions) {
    this.clock = new Clock(options.timeZone ?? 'Europe/Moscow');
    this.buckets = new LeakyBuckets(this.clock, options.rateLimit ?? DEFAULT_RATE_LIMIT);
    this.operating = new OperatingLimiter(this.clock, options.operatingLimitSeconds ?? 480);
    this.answerText = options.answerText ?? 'Your reply has been sent.';
    this.maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  }

  /** Portal time in fractional Unix seconds. */
  now(): number {
    return this.clock.now();
  }

  /** Forgets everything: state, log, faults, buckets, operating time and the clock offset. */
  clear(): void {
    this.state = emptyState();
    this.log.clear();
    this.faults.clear();
    this.buckets.reset();
    this.operating.reset();
    this.clock.reset();
  }
}
