// Sends one credential's calls. DataLoader gathers the calls of a tick; a pump then packs
// whatever is waiting into requests of at most 50 as the portal's rate shaper admits them,
// so calls that pile up while the bucket is full still leave together.
import DataLoader from 'dataloader';
import type { Credentials } from './credentials.js';
import { Bitrix24Error, OperationPausedError, TransportError, UnknownOutcomeError, portalError } from './errors.js';
import { batchCommand } from './form.js';
import type { Metrics } from './metrics.js';
import { holdsBatchPlaceholder } from './placeholders.js';
import type { Pulse } from './pulse.js';
import type { RateShaper } from './rate-shaper.js';
import { redact, redactError } from './redact.js';
import { type RetrySettings, decide, finalError, isRead } from './retry-policy.js';
import { type RestSuccess, postRest } from './transport.js';
import type { Priority, RestTime } from './types.js';

export interface DispatchSettings extends RetrySettings {
  maxBatchSize: number;
  timeoutMs: number;
  /** A read sent this long before a request the portal has since answered is taken as lost. */
  stuckAfterMs: number;
}

/** The portal a dispatcher sends to: its shared bucket and its pulse. */
export interface PortalLine {
  shaper: RateShaper;
  pulse: Pulse;
}

type JobState = 'queued' | 'delayed' | 'sent' | 'settled';

interface Job {
  method: string;
  params: Record<string, unknown>;
  priority: Priority;
  signal?: AbortSignal;
  /** Holds a batch placeholder: sent on its own, where the portal substitutes nothing. */
  alone: boolean;
  state: JobState;
  retryTimer?: NodeJS.Timeout;
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
    private readonly portal: PortalLine,
    private readonly metrics: Metrics,
    private readonly settings: DispatchSettings,
  ) {}

  /**
   * Queues a call; resolves with its `result`. When `signal` aborts, a call still waiting is
   * withdrawn unsent (TransportError `withdrawn`), and one already sent is given up on:
   * UnknownOutcomeError `cancelled` for a write, TransportError `cancelled` for a read.
   */
  call(method: string, params: Record<string, unknown>, priority: Priority, signal?: AbortSignal): Promise<unknown> {
    this.lastUsed = Date.now();
    this.metrics.call(method);
    const paused = this.pausedUntil.get(method) ?? 0;
    if (paused > Date.now()) return Promise.reject(new OperationPausedError(method, paused));
    if (signal?.aborted) return Promise.reject(this.abandoned(method, 'queued', signal.reason));
    return new Promise((resolve, reject) => {
      const job: Job = {
        method, params, priority, signal, alone: holdsBatchPlaceholder(params), state: 'queued', attempt: 0, rateLimited: 0, authRetried: false, resolve, reject,
      };
      // The listener goes when the job settles: a watcher's signal outlives thousands of polls.
      const onAbort = () => this.settle(job, 'reject', this.abandoned(method, job.state, signal!.reason));
      job.resolve = (value) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      };
      job.reject = (error) => {
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      };
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
    if (job.state === 'settled') return;
    job.state = 'queued';
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
        await this.portal.shaper.acquire(priority, controller.signal);
        const jobs = this.nextRequest();
        this.take(jobs);
        if (jobs.length > 0) this.send(jobs);
      }
    } catch {
      // Called off: nothing of this priority waits any more.
    } finally {
      delete this.pumps[priority];
    }
  }

  // What one request carries: a call holding a batch placeholder alone, otherwise up to a
  // batch of the calls without one.
  private nextRequest(): Job[] {
    const first = this.waiting.interactive[0] ?? this.waiting.background[0];
    if (!first || first.alone) return first ? [first] : [];
    // Looks no further than it takes: 10,000 queued sends leave 50 at a time.
    const jobs: Job[] = [];
    for (const queue of [this.waiting.interactive, this.waiting.background]) {
      for (const job of queue) {
        if (jobs.length === this.settings.maxBatchSize) return jobs;
        if (!job.alone) jobs.push(job);
      }
    }
    return jobs;
  }

  // Whatever goes wrong in here, every job settles and nothing is left unhandled: a rejection
  // escaping a fire-and-forget send would end the process.
  private send(jobs: Job[]): void {
    for (const job of jobs) job.state = 'sent';
    this.exchange(jobs).catch((fault: unknown) => {
      for (const job of jobs) this.settle(job, 'reject', clientFault(fault));
    });
  }

  private async exchange(jobs: Job[]): Promise<void> {
    const secrets = this.credentials.secrets();
    let auth: Record<string, string> = {};
    try {
      auth = await this.credentials.authParams();
      if (jobs.length === 1) {
        const [job] = jobs;
        this.metrics.request(job.method);
        const answer = await this.post(jobs, job.method, { ...job.params, ...auth }, secrets, job.signal);
        this.succeed(job, answer.result, answer.time);
      } else {
        this.metrics.batch(jobs.length);
        const cmd = jobs.map((job) => batchCommand(job.method, job.params));
        const answer = await this.post(jobs, 'batch', { halt: 0, cmd, ...auth }, secrets);
        this.splitBatch(jobs, answer, secrets);
      }
    } catch (error) {
      await Promise.all(jobs.map((job) => this.fail(job, error, auth, secrets)));
    }
  }

  // One HTTP exchange; the portal's pulse hears every answer that shows it up. A request of
  // reads only is given up on, and asked again, once the portal has answered a request sent
  // `stuckAfterMs` after it: a hang that ended holds it until the timeout otherwise (30 s),
  // and the portal's later answers show it up. Writes wait: they may have run.
  private async post(jobs: Job[], method: string, body: Record<string, unknown>, secrets: string[], callerSignal?: AbortSignal): Promise<RestSuccess> {
    const sentAt = Date.now();
    const stuck = jobs.every((job) => isRead(job.method)) ? new AbortController() : undefined;
    const { stuckAfterMs } = this.settings;
    const stopWatching = stuck && this.portal.pulse.onSuccess((answeredSentAt) => {
      if (answeredSentAt - sentAt >= stuckAfterMs) stuck.abort(new TransportError('timeout', method, `${method}: no answer, while the portal answered requests sent ${stuckAfterMs} ms or more after it`));
    });
    // Joined by hand: AbortSignal.any would tie every request to a watcher's lifelong signal.
    const followCaller = () => stuck?.abort(callerSignal!.reason);
    if (stuck && callerSignal) callerSignal.addEventListener('abort', followCaller, { once: true });
    const signal = stuck ? stuck.signal : callerSignal;
    try {
      const answer = await postRest(this.credentials.restBase, method, body, { timeoutMs: this.settings.timeoutMs, signal, secrets });
      this.portal.pulse.succeeded(sentAt);
      return answer;
    } catch (error) {
      // A request given up as stuck is no sign of an outage: the portal answers, it was lost.
      const given = stuck?.signal.aborted ?? false;
      if (error instanceof Bitrix24Error && (error.status < 500 || error.code === 'QUERY_LIMIT_EXCEEDED')) this.portal.pulse.heard();
      else if (!given && (error instanceof Bitrix24Error || (error instanceof TransportError && error.kind !== 'redirect'))) this.portal.pulse.failed();
      throw error;
    } finally {
      stopWatching?.();
      callerSignal?.removeEventListener('abort', followCaller);
    }
  }

  // Batch maps are lists when every command succeeded and objects keyed by index otherwise.
  private splitBatch(jobs: Job[], answer: RestSuccess, secrets: string[]): void {
    const maps = (answer.result ?? {}) as Record<string, unknown>;
    const entry = (map: unknown, i: number): unknown => (Array.isArray(map) ? map[i] : (map as Record<string, unknown> | undefined)?.[i]);
    const has = (map: unknown, i: number): boolean => (Array.isArray(map) ? i < map.length : !!map && Object.hasOwn(map, String(i)));
    jobs.forEach((job, i) => {
      const error = entry(maps.result_error, i) as { error?: string; error_description?: string } | undefined;
      if (error) void this.fail(job, portalError(String(error.error), redact(String(error.error_description ?? ''), secrets), 200, job.method), {}, secrets);
      else if (has(maps.result, i)) this.succeed(job, entry(maps.result, i), entry(maps.result_time, i) as RestTime | undefined);
      else this.settle(job, 'reject', finalError(job.method, new TransportError('bad-response', job.method, `${job.method}: the batch answer has no entry for command ${i}`)));
    });
  }

  private succeed(job: Job, result: unknown, time: RestTime | undefined): void {
    if (time?.operating !== undefined) this.metrics.operating(job.method, time.operating);
    if (time?.operating_reset_at) this.resetAt.set(job.method, time.operating_reset_at * 1000);
    this.settle(job, 'resolve', result);
  }

  // Never rejects: a throw while deciding (a credential's recover() among them) settles the job.
  private async fail(job: Job, error: unknown, auth: Record<string, string>, secrets: string[]): Promise<void> {
    if (job.state === 'settled') return;
    try {
      const failure = redactError(error, secrets);
      this.metrics.error(job.method, failure instanceof Bitrix24Error ? failure.code : failure instanceof TransportError ? failure.kind : failure.name);
      const decision = decide(job.method, failure, job, this.settings);
      switch (decision.action) {
        case 'retry':
          if (decision.rateLimited) {
            job.rateLimited++;
            this.portal.shaper.penalize();
          }
          return this.requeue(job, decision.delayMs);
        case 'pause':
          this.pausedUntil.set(job.method, this.resetAt.get(job.method) ?? Date.now() + 600_000);
          return this.settle(job, 'reject', decision.error);
        case 'recover':
          // A refresh that fails leaves the portal's verdict as the answer.
          if (await Promise.resolve().then(() => this.credentials.recover(decision.error as Bitrix24Error, auth)).catch(() => false)) {
            job.authRetried = true;
            return this.requeue(job, 0);
          }
          return this.settle(job, 'reject', decision.error);
        case 'fail':
          return this.settle(job, 'reject', decision.error);
      }
    } catch (fault) {
      this.settle(job, 'reject', clientFault(fault));
    }
  }

  private requeue(job: Job, delayMs: number): void {
    if (job.state === 'settled') return;
    job.attempt++;
    this.metrics.retry(job.method);
    if (delayMs <= 0) return this.enqueue(job);
    job.state = 'delayed';
    job.retryTimer = setTimeout(() => this.enqueue(job), delayMs);
  }

  /** Settles a job once; later answers for it (a batch that outlived its deadline) are ignored. */
  private settle(job: Job, how: 'resolve' | 'reject', value: unknown): void {
    if (job.state === 'settled') return;
    if (job.state === 'queued') this.remove(job);
    clearTimeout(job.retryTimer);
    job.state = 'settled';
    if (how === 'resolve') job.resolve(value);
    else job.reject(value);
  }

  // Why a call whose caller gave up failed, by how far it had got.
  private abandoned(method: string, state: JobState, reason: unknown): Error {
    const why = isTimeout(reason) ? "the operation's deadline passed" : `its caller gave up: ${reasonText(reason)}`;
    if (state === 'sent') {
      if (isRead(method)) return new TransportError('cancelled', method, `${method}: no answer yet when ${why}`);
      return new UnknownOutcomeError('cancelled', method, `${method}: ${why} after it was sent; the portal may have executed it`);
    }
    return new TransportError('withdrawn', method, `${method}: not sent, because ${why} while it waited`);
  }

  // Takes a request's jobs out of the queues. They are mostly the queue's head, which leaves
  // in one splice: one splice per job would move a 10,000-call queue 50 times per request.
  private take(jobs: Job[]): void {
    const taken = new Set(jobs);
    for (const priority of ['interactive', 'background'] as const) {
      const queue = this.waiting[priority];
      let head = 0;
      while (head < queue.length && taken.has(queue[head])) taken.delete(queue[head++]);
      if (head === 0) continue;
      queue.splice(0, head);
      if (queue.length === 0) this.pumps[priority]?.abort();
    }
    for (const job of taken) this.remove(job);
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

const isTimeout = (reason: unknown): boolean => reason instanceof Error && reason.name === 'TimeoutError';
const reasonText = (reason: unknown): string => redact(reason instanceof Error ? reason.message : String(reason));

/** An error of the client's own making, without the text of what was thrown (it may hold a secret). */
function clientFault(fault: unknown): Error {
  const name = fault instanceof Error ? fault.name : typeof fault;
  return new Error(`the Bitrix24 client failed while sending (${name}); the call may or may not have reached the portal`);
}
