// Counters per method, read through one function and served by the API on /metrics.

export interface MethodCounters {
  /** Calls made through the client. */
  calls: number;
  /** HTTP requests that carried only this method (direct calls). */
  requests: number;
  retries: number;
  /** Errors by code (portal codes, or transport kinds such as `timeout`). */
  errors: Record<string, number>;
  /** Last `time.operating` the portal reported for this method. */
  operating: number;
}

export interface ClientMetrics {
  methods: Record<string, MethodCounters>;
  /** `batch` requests and how many commands they carried. */
  batches: { requests: number; commands: number; maxSize: number };
  /** All HTTP requests sent (direct + batch). */
  requests: number;
  /** 503 QUERY_LIMIT_EXCEEDED answers seen. */
  rateLimited: number;
  /** Mirrored bucket level per portal, drained to now. */
  bucketLevel: Record<string, number>;
}

export class Metrics {
  private methods = new Map<string, MethodCounters>();
  private batches = { requests: 0, commands: 0, maxSize: 0 };
  private requests = 0;
  private rateLimited = 0;

  call(method: string): void {
    this.of(method).calls++;
  }

  request(method: string): void {
    this.requests++;
    this.of(method).requests++;
  }

  batch(size: number): void {
    this.requests++;
    this.batches.requests++;
    this.batches.commands += size;
    this.batches.maxSize = Math.max(this.batches.maxSize, size);
  }

  retry(method: string): void {
    this.of(method).retries++;
  }

  error(method: string, code: string): void {
    const errors = this.of(method).errors;
    errors[code] = (errors[code] ?? 0) + 1;
    if (code === 'QUERY_LIMIT_EXCEEDED') this.rateLimited++;
  }

  operating(method: string, seconds: number): void {
    this.of(method).operating = seconds;
  }

  snapshot(bucketLevel: Record<string, number>): ClientMetrics {
    const methods = Object.fromEntries([...this.methods].map(([m, c]) => [m, { ...c, errors: { ...c.errors } }]));
    return { methods, batches: { ...this.batches }, requests: this.requests, rateLimited: this.rateLimited, bucketLevel };
  }

  private of(method: string): MethodCounters {
    let counters = this.methods.get(method);
    if (!counters) this.methods.set(method, (counters = { calls: 0, requests: 0, retries: 0, errors: {}, operating: 0 }));
    return counters;
  }
}
