// The Bitrix24 client: identities, one rate shaper per portal, one dispatcher per identity.
import type { Credentials } from './credentials.js';
import { type DispatchSettings, IdentityDispatcher, READ_METHODS } from './dispatcher.js';
import { type ClientMetrics, Metrics } from './metrics.js';
import { RateShaper } from './rate-shaper.js';
import { redactError } from './redact.js';
import { postRest } from './transport.js';
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
}

/** A portal user the client acts as. Calls of one identity share batches; two never do. */
export interface Identity {
  /** `portal#userId#credential`: distinct per credential, so batches never mix them. */
  readonly key: string;
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
  private readonly shapers = new Map<string, RateShaper>();
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
    return this.dispatcher(identity).call(method, params, options.priority ?? 'interactive', options.signal) as Promise<T>;
  }

  /** A caller bound to `identity`. */
  caller(identity: Identity): Caller {
    return { call: (method, params, options) => this.call(identity, method, params, options) };
  }

  /**
   * A caller for one incoming request: identical reads within it are asked once. Writes are
   * never merged, and a write forgets the reads before it, so a read after a write sees it.
   */
  forRequest(identity: Identity): Caller {
    // Made on the first read: most subscriptions never call the portal from a resolver.
    let reads: Map<string, Promise<unknown>> | undefined;
    return {
      call: <T>(method: string, params: Record<string, unknown> = {}, options?: CallOptions): Promise<T> => {
        if (!READ_METHODS.has(method.toLowerCase())) {
          reads?.clear();
          return this.call<T>(identity, method, params, options);
        }
        const key = `${method.toLowerCase()} ${stableJson(params)}`;
        reads ??= new Map();
        if (!reads.has(key)) reads.set(key, this.call(identity, method, params, options));
        return reads.get(key) as Promise<T>;
      },
    };
  }

  /** Counters per method, batch sizes, 503s seen and each portal's mirrored bucket level. */
  metrics(): ClientMetrics {
    const levels = Object.fromEntries([...this.shapers].map(([portal, shaper]) => [portal, shaper.level()]));
    return this.metricsStore.snapshot(levels);
  }

  private shaper(portal: string): RateShaper {
    let shaper = this.shapers.get(portal);
    if (!shaper) {
      const limit = this.options.rateLimit ?? { burst: 50, drainPerSecond: 2 };
      const headroom = this.options.headroom ?? Math.min(limit.burst - 1, Math.max(1, Math.ceil(limit.drainPerSecond * ARRIVAL_SPREAD_S)));
      shaper = new RateShaper({ ...limit, headroom });
      this.shapers.set(portal, shaper);
    }
    return shaper;
  }

  private dispatcher(identity: Identity): IdentityDispatcher {
    let dispatcher = this.dispatchers.get(identity.key);
    if (!dispatcher) {
      this.forgetIdle();
      dispatcher = new IdentityDispatcher(identity.credentials, this.shaper(identity.portal), this.metricsStore, this.settings);
      this.dispatchers.set(identity.key, dispatcher);
    }
    return dispatcher;
  }

  // Each client token gets a dispatcher; drop the ones nobody used for an hour.
  private forgetIdle(): void {
    const cutoff = Date.now() - IDLE_DISPATCHER_MS;
    for (const [key, d] of this.dispatchers) if (d.lastUsed < cutoff && d.idle()) this.dispatchers.delete(key);
  }

  private async resolveUser(credentials: Credentials): Promise<number> {
    if (credentials.userId !== undefined) return credentials.userId;
    // Not batched: the identity that would own the batch is what this call finds out.
    await this.shaper(credentials.portal).acquire('interactive');
    this.metricsStore.request('user.current');
    try {
      const answer = await postRest(credentials.restBase, 'user.current', await credentials.authParams(), { timeoutMs: this.settings.timeoutMs, secrets: credentials.secrets() });
      const id = Number((answer.result as { ID?: unknown })?.ID);
      if (!Number.isInteger(id) || id <= 0) throw new Error(`user.current must answer a positive ID, got ${JSON.stringify((answer.result as { ID?: unknown })?.ID)}`);
      return id;
    } catch (error) {
      throw error instanceof Error ? redactError(error, credentials.secrets()) : error;
    }
  }
}

// Key order must not make two identical reads look different.
function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}
