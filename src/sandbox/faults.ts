// Injected faults per REST method: latency, error answers, connection resets and hangs.
import { FixtureError } from './directory.js';

export interface Fault {
  id: number;
  /** Lower-cased top-level REST method (`batch` for batches), or `*` for every method. */
  method: string;
  /** `before` acts before the method runs; `after` runs it first (a write is stored). */
  when: 'before' | 'after';
  latencyMs: number;
  /** Answer this HTTP status with an INTERNAL_SERVER_ERROR envelope. */
  status?: number;
  /** Answer this envelope instead. */
  error?: { code: string; description: string; status: number };
  /** Answer a redirect here (status 301, 302, 307 or 308; 301 unless `status` says which), as a moved portal does. */
  redirect?: string;
  reset: boolean;
  hang: boolean;
  /** Requests left to hit; undefined means every request. */
  remaining?: number;
}

export class Faults {
  private list: Fault[] = [];
  private seq = 0;

  /** Validates and adds a fault from fixtures input. */
  add(input: Record<string, unknown>): Fault {
    const method = input.method;
    if (typeof method !== 'string' || method === '') throw new FixtureError(`method must be a REST method name or "*", got ${JSON.stringify(method)}`);
    const when = input.when ?? 'before';
    if (when !== 'before' && when !== 'after') throw new FixtureError(`when must be "before" or "after", got ${JSON.stringify(when)}`);
    const latencyMs = input.latencyMs ?? 0;
    if (typeof latencyMs !== 'number' || latencyMs < 0) throw new FixtureError(`latencyMs must be a number >= 0, got ${JSON.stringify(latencyMs)}`);
    const status = input.status;
    if (status !== undefined && (typeof status !== 'number' || status < 100 || status > 599)) throw new FixtureError(`status must be an HTTP status 100..599, got ${JSON.stringify(status)}`);
    const error = input.error as Fault['error'] | undefined;
    if (error !== undefined && (typeof error?.code !== 'string' || typeof error.status !== 'number')) {
      throw new FixtureError(`error must be { code, description, status }, got ${JSON.stringify(error)}`);
    }
    const redirect = input.redirect;
    if (redirect !== undefined && (typeof redirect !== 'string' || !URL.canParse(redirect))) throw new FixtureError(`redirect must be an absolute URL, got ${JSON.stringify(redirect)}`);
    if (redirect !== undefined && status !== undefined && ![301, 302, 307, 308].includes(status as number)) throw new FixtureError(`a redirect's status must be 301, 302, 307 or 308, got ${JSON.stringify(status)}`);
    const times = input.times;
    if (times !== undefined && (!Number.isInteger(times) || (times as number) < 1)) throw new FixtureError(`times must be an integer >= 1, got ${JSON.stringify(times)}`);
    const fault: Fault = {
      id: ++this.seq,
      method: method.toLowerCase(),
      when,
      latencyMs,
      status: status as number | undefined,
      error: error && { code: error.code, description: error.description ?? '', status: error.status },
      redirect: redirect as string | undefined,
      reset: input.reset === true,
      hang: input.hang === true,
      remaining: times as number | undefined,
    };
    this.list.push(fault);
    return fault;
  }

  /** Takes the first fault for `method` at `when`, counting it against its `times`. */
  take(method: string, when: Fault['when']): Fault | undefined {
    const fault = this.list.find((f) => f.when === when && (f.method === method || f.method === '*'));
    if (!fault) return undefined;
    if (fault.remaining !== undefined && --fault.remaining === 0) this.list = this.list.filter((f) => f !== fault);
    return fault;
  }

  clear(): void {
    this.list = [];
  }
}
