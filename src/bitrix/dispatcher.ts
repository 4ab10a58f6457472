// Sends one identity's calls. DataLoader gathers the calls of a tick; a pump then packs
// whatever is waiting into requests of at most 50 as the portal's rate shaper admits them,
// so calls that pile up while the bucket is full still leave together.
import DataLoader from 'dataloader';
import type { Credentials } from './credentials.js';
import { Bitrix24AuthError, Bitrix24Error, OperationPausedError, TransportError, UnknownOutcomeError, portalError } from './errors.js';
import { batchCommand } from './form.js';
import type { Metrics } from './metrics.js';
import type { RateShaper } from './rate-shaper.js';
import { redactError } from './redact.js';
import { type RestSuccess, postRest } from './transport.js';
import type { Priority, RestTime } from './types.js';

/** Methods that change nothing, so a lost answer may be asked for again. */
export const READ_METHODS = new Set([
  'im.notify.get', 'im.notify.schema.get', 'im.notify.history.search',
  'user.current', 'user.get', 'im.user.list.get', 'im.counters.get',
]);
const isRead = (method: string): boolean => READ_METHODS.has(method.toLowerCase());

export interface DispatchSettings {
  maxBatchSize: number;
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  /** 503s are not executed, so they are retried up to this many times. */
  maxRateLimitRetries: number;
}

interface Job {
  method: string;
  params: Record<string, unknown>;
  priority: Priority;
  signal?: AbortSignal;
  attempt: number;
  rateLimited: number;
  authRetried: boolean;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export class IdentityDispatcher {
  private readonly loader = new DataLoader<Job, unknown>((jobs) => this.admit(jobs), { cache: false, maxBatchSize: 50 });
  private readonly waiting: Record<Priority, Job[]> = { interactive: [], background: [] };
  // One pump per priority: an interactive call must not wait behind this identity's own poll
  // that is queued in the shaper's background line. Each pump's wait can be called off.
  private readonly pumps: Partial<Record<Priority, AbortController>> = {};
  // Per method: when the portal last said its operating window resets, and pauses after a 429.
  private readonly resetAt = new Map<string, number>();
  private readonly pausedUntil = new Map<string, number>();
  lastUsed = Date.now();

  constructor(
    private readonly credentials: Credentials,
    private readonly shaper: RateShaper,
    private readonly metrics: Metrics,
    private readonly settings: DispatchSettings,
  ) {}

  /** Queues a call; resolves with its `result`. */
  call(method: string, params: Record<string, unknown>, priority: Priority, signal?: AbortSignal): Promise<unknown> {
    this.lastUsed = Date.now();
    this.metrics.call(method);
    const paused = this.pausedUntil.get(method) ?? 0;
    if (paused > Date.now()) return Promise.reject(new OperationPausedError(method, paused));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      // Jobs still waiting when their caller gives up leave the queue and cost nothing. The
      // listener goes when the job settles: a watcher's signal outlives thousands of polls.
      const onAbort = () => this.drop(job, signal!.reason);
      const settle = <T>(done: (value: T) => void) => (value: T) => {
        signal?.removeEventListener('abort', onAbort);
        done(value);
      };
      const job: Job = { method, params, priority, signal, attempt: 0, rateLimited: 0, authRetried: false, resolve: settle(resolve), reject: settle(reject) };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.loader.load(job).catch(() => {});
    });
  }

  /** Whether anything is queued; idle dispatchers may be forgotten. */
  idle(): boolean {
    return this.waiting.interactive.length === 0 && this.waiting.background.length === 0 && !this.pumps.interactive && !this.pumps.background;
  }

  // DataLoader's batch function: hand the tick's jobs to the pump. Results arrive through each
  // job's own promise, so the loader is only told that the jobs were taken.
  private async admit(jobs: readonly Job[]): Promise<unknown[]> {
    for (const job of jobs) this.enqueue(job);
    return jobs.map(() => undefined);
  }

  private enqueue(job: Job): void {
    this.waiting[job.priority].push(job);
    void this.pump(job.priority);
  }

  // Waits for a slot at `priority` while jobs of that priority wait; each slot carries up to
  // a batch of whatever waits, interactive jobs first.
  private async pump(priority: Priority): Promise<void> {
    if (this.pumps[priority]) return;
    const controller = (this.pumps[priority] = new AbortController());
    try {
      while (this.waiting[priority].length > 0) {
        await this.shaper.acquire(priority, controller.signal);
        const jobs = [...this.waiting.interactive, ...this.waiting.background].slice(0, this.settings.maxBatchSize);
        for (const job of jobs) this.remove(job);
        if (jobs.length > 0) void this.send(jobs);
      }
    } catch {
      // Called off: nothing of this priority waits any more.
    } finally {
      delete this.pumps[priority];
    }
  }

  private async send(jobs: Job[]): Promise<void> {
    const secrets = this.credentials.secrets();
    let auth: Record<string, string> = {};
    try {
      auth = await this.credentials.authParams();
      if (jobs.length === 1) {
        const [job] = jobs;
        this.metrics.request(job.method);
        const answer = await postRest(this.credentials.restBase, job.method, { ...job.params, ...auth }, { timeoutMs: this.settings.timeoutMs, signal: job.signal, secrets });
        this.succeed(job, answer.result, answer.time);
      } else {
        this.metrics.batch(jobs.length);
        const cmd = jobs.map((job) => batchCommand(job.method, job.params));
        const answer = await postRest(this.credentials.restBase, 'batch', { halt: 0, cmd, ...auth }, { timeoutMs: this.settings.timeoutMs, secrets });
        this.splitBatch(jobs, answer);
      }
    } catch (error) {
      await Promise.all(jobs.map((job) => this.fail(job, error, auth)));
    }
  }

  // Batch maps are lists when every command succeeded and objects keyed by index otherwise.
  private splitBatch(jobs: Job[], answer: RestSuccess): void {
    const maps = (answer.result ?? {}) as Record<string, unknown>;
    const entry = (map: unknown, i: number): unknown => (Array.isArray(map) ? map[i] : (map as Record<string, unknown> | undefined)?.[i]);
    const has = (map: unknown, i: number): boolean => (Array.isArray(map) ? i < map.length : !!map && Object.hasOwn(map, String(i)));
    jobs.forEach((job, i) => {
      const error = entry(maps.result_error, i) as { error?: string; error_description?: string } | undefined;
      if (error) void this.fail(job, portalError(String(error.error), String(error.error_description ?? ''), 200, job.method), {});
      else if (has(maps.result, i)) this.succeed(job, entry(maps.result, i), entry(maps.result_time, i) as RestTime | undefined);
      else job.reject(new TransportError('bad-response', job.method, `${job.method}: the batch answer has no entry for command ${i}`));
    });
  }

  private succeed(job: Job, result: unknown, time: RestTime | undefined): void {
    if (time?.operating !== undefined) this.metrics.operating(job.method, time.operating);
    if (time?.operating_reset_at) this.resetAt.set(job.method, time.operating_reset_at * 1000);
    job.resolve(result);
  }

  // Decides per call: retry when the portal provably did not run it, or when it is a read.
  private async fail(job: Job, error: unknown, auth: Record<string, string>): Promise<void> {
    const secrets = this.credentials.secrets();
    if (error instanceof Bitrix24Error) {
      this.metrics.error(job.method, error.code);
      if (error.code === 'QUERY_LIMIT_EXCEEDED' && job.rateLimited++ < this.settings.maxRateLimitRetries) {
        this.shaper.penalize();
        return this.requeue(job, 0);
      }
      if (error.code === 'OPERATION_TIME_LIMIT') {
        this.pausedUntil.set(job.method, this.resetAt.get(job.method) ?? Date.now() + 600_000);
      } else if (error instanceof Bitrix24AuthError && !job.authRetried && (await this.credentials.recover(error, auth).catch(() => false))) {
        job.authRetried = true;
        return this.requeue(job, 0);
      } else if (error.status >= 500 && isRead(job.method) && job.attempt < this.settings.maxRetries) {
        return this.requeue(job, this.backoff(job.attempt));
      }
      return job.reject(redactError(error, secrets));
    }
    if (error instanceof TransportError) {
      this.metrics.error(job.method, error.kind);
      const retryable = error.kind === 'refused' || isRead(job.method);
      if (retryable && job.attempt < this.settings.maxRetries) return this.requeue(job, this.backoff(job.attempt));
      // A write whose answer was lost may have run: say so instead of guessing.
      if (!isRead(job.method) && (error.kind === 'timeout' || error.kind === 'reset' || error.kind === 'network')) {
        return job.reject(new UnknownOutcomeError(error.kind, job.method, `${job.method}: ${error.kind} after sending; the portal may have executed it, so it was not retried`));
      }
      return job.reject(redactError(error, secrets));
    }
    job.reject(error instanceof Error ? redactError(error, secrets) : error);
  }

  private requeue(job: Job, delayMs: number): void {
    job.attempt++;
    this.metrics.retry(job.method);
    const again = (): void => {
      if (job.signal?.aborted) return job.reject(job.signal.reason);
      this.enqueue(job);
    };
    if (delayMs > 0) setTimeout(again, delayMs);
    else again();
  }

  // Full jitter: spreads retries of many callers instead of stacking them.
  private backoff(attempt: number): number {
    return Math.random() * Math.min(5_000, this.settings.retryBaseMs * 2 ** attempt);
  }

  private drop(job: Job, reason: unknown): void {
    if (this.remove(job)) job.reject(reason);
  }

  private remove(job: Job): boolean {
    const queue = this.waiting[job.priority];
    const index = queue.indexOf(job);
    if (index === -1) return false;
    queue.splice(index, 1);
    // Nobody of this priority waits: its pump need not hold a place in the shaper's line.
    if (queue.length === 0) this.pumps[job.priority]?.abort();
    return true;
  }
}
