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
  status: number;
  error?: string;
  /** Number of commands, for batch calls. */
  batchSize?: number;
  /** Bucket level right after this request was admitted (0 when the limit is off). */
  bucketLevel: number;
  /** Set when an injected fault shaped the answer. */
  fault?: true;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  add(entry: Omit<LoggedRequest, 'seq'>): void {
    this.entries.push({ seq: ++this.seq, ...entry });
  }

  clear(): void {
    this.entries = [];
  }

  /** The log with counters, as `GET /_sandbox/requests` answers it. */
  summary(): Record<string, unknown> {
    const byMethod: Record<string, number> = {};
    let limited = 0;
    let maxBucketLevel = 0;
    for (const e of this.entries) {
      byMethod[e.method] = (byMethod[e.method] ?? 0) + 1;
      if (e.error === 'QUERY_LIMIT_EXCEEDED' && !e.fault) limited++;
      else maxBucketLevel = Math.max(maxBucketLevel, e.bucketLevel);
    }
    return { total: this.entries.length, byMethod, limited, maxBucketLevel, requests: this.entries };
  }
}
