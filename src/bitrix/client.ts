// The Bitrix24 client: identities, one rate shaper and pulse per portal, one dispatcher per credential.
import { anonymousCredentials, type Credentials } from './credentials.js';
import { type DispatchSettings, IdentityDispatcher, type PortalLine } from './dispatcher.js';
import { type ClientMetrics, Metrics } from './metrics.js';
import { Pulse } from './pulse.js';
import { RateShaper } from './rate-shaper.js';
import { isRead } from './retry-policy.js';
import type { CallOptions, Caller } from './types.js';

export interface BitrixClientOptions {
  /** The portal's leaky bucket, X burst and Y per second; shared by every identity of a portal. @default { burst: 50, drainPerSecond: 2 } */
  rateLimit?: { burst: number; drainPerSecond: number };
  /**
   * Requests kept free below the burst. The client counts a request when it sends it, the
   * portal when it arrives, so requests that arrive bunched look closer together to the portal.
   * @default enough for 250 ms of drain, at least 1 (1 at 2/s, 5 at 20/s)
   */
  headroom?: number;
  /** Timeout of one HTTP request. @default 30_000 */
  timeoutMs?: number;
  /** Retries of a read (or a refused write) after network errors and 5xx. @default 3 */
  maxRetries?: number;
  /** First backoff step; later ones double, with full jitter, up to 5 s. @default 200 */
  retryBaseMs?: number;
  /** Commands per batch request; the portal runs at most 50. @default 50 */
  maxBatchSize?: number;
  /**
   * A read still unanswered when the portal has answered a request sent this much later is
   * asked again (a hang that ended would hold it to the timeout). Writes are never resent.
   * @default 5_000
   */
  stuckAfterMs?: number;
}

/**
 * A portal user and the credential the client acts with. Calls of one credential share batches
 * and caches; two credentials never do, even of one user. Live feeds and logs go by the user.
 */
export interface Identity {
  /** `portal#userId#credential`: distinct per credential, so batches never mix them. */
  readonly key: string;
  /** `portal#userId`: the same for every credential of the user. */
  readonly user: string;
  readonly portal: string;
  readonly userId: number;
  readonly credentials: Credentials;
}

/** How far apart the portal may see requests the client sent together (default headroom). */
const ARRIVAL_SPREAD_S = 0.25;
/** How long a token's user id is trusted: an access token lives an hour. */
const IDENTITY_TTL_MS = 3600_000;
const IDLE_DISPATCHER_MS = 3600_000;

export class BitrixClient {
  private readonly portals = new Map<string, PortalLine>();
  private readonly probes = new Map<string, Promise<unknown>>();
  private readonly dispatchers = new Map<string, IdentityDispatcher>();
  private readonly identities = new Map<string, { identity: Promise<Identity>; expires: number }>();
  private readonly metricsStore = new Metrics();
  private readonly settings: DispatchSettings;

  constructor(private readonly options: BitrixClientOptions = {}) {
    const maxBatchSize = options.maxBatchSize ?? 50;
    if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1 || maxBatchSize > 50) throw new Error(`maxBatchSize must be 1..50, got ${maxBatchSize}`);
    this.settings = {
      maxBatchSize,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 3,
      retryBaseMs: options.retryBaseMs ?? 200,
      maxRateLimitRetries: 10,
      stuckAfterMs: options.stuckAfterMs ?? 5_000,
    };
  }

  /**
   * The identity behind credentials. A webhook names its user; a token's user is asked once
   * with user.current and remembered for the token's life. Concurrent asks share one request.
   */
  identify(credentials: Credentials): Promise<Identity> {
    const cacheKey = `${credentials.portal}#${credentials.cacheKey}`;
    const cached = this.identities.get(cacheKey);
    if (cached && cached.expires > Date.now()) return cached.identity;
    const identity = this.resolveUser(credentials).then((userId) => ({
      key: `${credentials.portal}#${userId}#${credentials.cacheKey}`,
      user: `${credentials.portal}#${userId}`,
      portal: credentials.portal,
      userId,
      credentials,
    }));
    this.identities.set(cacheKey, { identity, expires: Date.now() + IDENTITY_TTL_MS });
    identity.catch(() => this.identities.delete(cacheKey));
    return identity;
  }

  /** Calls `method` as `identity`; resolves with the REST `result`. */
  call<T = unknown>(identity: Identity, method: string, params: Record<string, unknown> = {}, options: CallOptions = {}): Promise<T> {
    return this.dispatcher(identity.credentials).call(method, params, options.priority ?? 'interactive', options.signal) as Promise<T>;
  }

  /** A caller bound to `identity`. */
  caller(identity: Identity): Caller {
    return { call: (method, params, options) => this.call(identity, method, params, options) };
  }

  /**
   * A caller for one incoming request: identical reads within it are asked once. Writes are
   * never merged, and a write forgets the reads before it, so a read after a write sees it.
   * `request.signal` is the request's deadline, read at each call (it may be set later): every
   * call without a signal of its own takes it.
   */
  forRequest(identity: Identity, request: { readonly signal?: AbortSignal } = {}): Caller {
    // Made on the first read: most subscriptions never call the portal from a resolver.
    let reads: Map<string, Promise<unknown>> | undefined;
    const withDeadline = (options?: CallOptions): CallOptions | undefined =>
      request.signal && !options?.signal ? { ...options, signal: request.signal } : options;
    return {
      call: <T>(method: string, params: Record<string, unknown> = {}, options?: CallOptions): Promise<T> => {
        if (!isRead(method)) {
          reads?.clear();
          return this.call<T>(identity, method, params, withDeadline(options));
        }
        const key = `${method.toLowerCase()} ${stableJson(params)}`;
        reads ??= new Map();
        if (!reads.has(key)) reads.set(key, this.call(identity, method, params, withDeadline(options)));
        return reads.get(key) as Promise<T>;
      },
    };
  }

  /**
   * Whether `portal` answered within `freshMs`, polls included. Only when it did not, one probe
   * (`server.time`, without credentials, at background priority through the shaper) asks it,
   * shared by every caller meanwhile; it waits at most `timeoutMs`.
   */
  async reachable(portal: string, { freshMs, timeoutMs }: { freshMs: number; timeoutMs: number }): Promise<boolean> {
    const { pulse } = this.portal(portal);
    if (pulse.heardWithin(freshMs)) return true;
    let probe = this.probes.get(portal);
    if (!probe) {
      const anonymous = anonymousCredentials(portal);
      // Any envelope proves the portal up (NO_AUTH_FOUND among them): the pulse records it.
      probe = this.dispatcher(anonymous)
        .call('server.time', {}, 'background', AbortSignal.timeout(timeoutMs))
        .catch(() => undefined)
        .finally(() => this.probes.delete(portal));
      this.probes.set(portal, probe);
    }
    await probe;
    return pulse.heardWithin(freshMs);
  }

  /** Calls `listener` after every call to `portal` that succeeds; returns the function that stops it. */
  onPortalSuccess(portal: string, listener: () => void): () => void {
    return this.portal(portal).pulse.onSuccess(listener);
  }

  /** Counters per method, batch sizes, 503s seen and each portal's mirrored bucket level. */
  metrics(): ClientMetrics {
    const levels = Object.fromEntries([...this.portals].map(([portal, line]) => [portal, line.shaper.level()]));
    return this.metricsStore.snapshot(levels);
  }

  // One bucket and one pulse per portal, shared by every credential of it.
  private portal(portal: string): PortalLine {
    let line = this.portals.get(portal);
    if (!line) {
      const limit = this.options.rateLimit ?? { burst: 50, drainPerSecond: 2 };
      const headroom = this.options.headroom ?? Math.min(limit.burst - 1, Math.max(1, Math.ceil(limit.drainPerSecond * ARRIVAL_SPREAD_S)));
      line = { shaper: new RateShaper({ ...limit, headroom }), pulse: new Pulse() };
      this.portals.set(portal, line);
    }
    return line;
  }

  // Keyed by credential: a batch runs under one auth, whoever it turns out to be.
  private dispatcher(credentials: Credentials): IdentityDispatcher {
    const key = `${credentials.portal}#${credentials.cacheKey}`;
    let dispatcher = this.dispatchers.get(key);
    if (!dispatcher) {
      this.forgetIdle();
      dispatcher = new IdentityDispatcher(credentials, this.portal(credentials.portal), this.metricsStore, this.settings);
      this.dispatchers.set(key, dispatcher);
    }
    return dispatcher;
  }

  // Each client token gets a dispatcher; drop the ones nobody used for an hour.
  private forgetIdle(): void {
    const cutoff = Date.now() - IDLE_DISPATCHER_MS;
    for (const [key, d] of this.dispatchers) if (d.lastUsed < cutoff && d.idle()) this.dispatchers.delete(key);
  }

  // Through the credential's own dispatcher, so it is shaped, batched and retried like any call.
  private async resolveUser(credentials: Credentials): Promise<number> {
    if (credentials.userId !== undefined) return credentials.userId;
    const answer = (await this.dispatcher(credentials).call('user.current', {}, 'interactive')) as { ID?: unknown } | null;
    const id = answer?.ID;
    const n = typeof id === 'number' || (typeof id === 'string' && /^[1-9]\d*$/.test(id)) ? Number(id) : Number.NaN;
    if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`user.current must answer a positive integer ID, got ${describe(id)}`);
    return n;
  }
}

const describe = (value: unknown): string => (typeof value === 'string' ? `a ${value.length}-character string` : typeof value === 'number' ? String(value) : typeof value);

// Key order must not make two identical reads look different.
function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}
