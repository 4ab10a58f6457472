// Every /rest/ request, so tests can count upstream calls and prove a client kept to the
// bucket. Credentials are never recorded: entries carry the auth type and user id only.

export interface LoggedRequest {
  seq: number;
  /** Portal time, Unix seconds. */
  at: number;
  ip: string;
  httpMethod: string;
  /** REST method, lower-cased, without the format suffix. */
  method: string;
  auth: 'webhook' | 'oauth' | 'session' | 'none';
  userId: number | null;
  /** 0 when no answer was sent (an injected reset or hang). */
  status: number;
  error?: string;
  /** Number of commands, for batch calls. */
  batchSize?: number;
  /** Bucket level right after this request was admitted (0 when the limit is off). */
  bucketLevel: number;
  /** Set when an injected fault shaped the answer. */
  fault?: true;
}

/** Entries kept for reading; the counters cover every request since the last clear. */
export const KEPT_ENTRIES = 10_000;

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;
  private counters = emptyCounters();

  add(entry: Omit<LoggedRequest, 'seq'>): void {
    const logged = { seq: ++this.seq, ...entry };
    this.entries.push(logged);
    // Long runs (the activity generator, load tests) keep memory flat.
    if (this.entries.length > KEPT_ENTRIES * 1.5) this.entries = this.entries.slice(-KEPT_ENTRIES);
    const c = this.counters;
    c.total++;
    c.byMethod[logged.method] = (c.byMethod[logged.method] ?? 0) + 1;
    if (logged.error === 'QUERY_LIMIT_EXCEEDED' && !logged.fault) c.limited++;
    else c.maxBucketLevel = Math.max(c.maxBucketLevel, logged.bucketLevel);
  }

  /** Counts one call of the OAuth token endpoint (not a /rest/ request, so not an entry). */
  tokenRequest(): void {
    this.counters.tokenRequests++;
  }

  clear(): void {
    this.entries = [];
    this.counters = emptyCounters();
  }

  /**
   * The counters with the newest entries, as `GET /_sandbox/requests` answers. `limited` counts
   * the bucket's own 503s (not injected ones); `maxBucketLevel` is over admitted requests;
   * `tokenRequests` counts calls of /oauth/token/.
   */
  summary(): Record<string, unknown> {
    return { ...this.counters, requests: this.entries.slice(-KEPT_ENTRIES) };
  }
}

function emptyCounters() {
  return { total: 0, byMethod: {} as Record<string, number>, limited: 0, maxBucketLevel: 0, tokenRequests: 0 };
}
