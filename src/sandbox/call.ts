// One method call as the portal runs it, for a top-level request or a batch command:
// scope, operating-time check, the method, accounting, and the `time` object.
import { checkScope, withoutAuth } from './auth.js';
import { restError } from './errors.js';
import { intval } from './php.js';
import { type Identity, type Method, Paged, type Portal } from './portal.js';
export interface CallOutcome {
  result: unknown;
  total?: number;
  next?: number;
  time: Record<string, unknown>;
}

/** Runs an authenticated call. Throws RestError for refusals and method errors. */
export function invoke(portal: Portal, identity: Identity, name: string, method: Method, params: Record<string, unknown>, inBatch = false): CallOutcome {
  const started = portal.now();
  const methodName = name.toLowerCase();
  checkScope(identity, method, inBatch);
  // batch itself is exempt from the operating limit; its commands are checked one by one.
  const limited = identity.type !== 'session' && methodName !== 'batch';
  if (limited && portal.operating.blocked(identity.entity, methodName)) throw restError('operationTimeLimit');

  const callbackStart = portal.now();
  const value = method.run({ portal, identity, params: withoutAuth(params), start: Math.max(0, intval(params.start)) });
  const finished = portal.now();
  if (limited) portal.operating.record(identity.entity, methodName, finished - callbackStart);

  const usage = portal.operating.usage(limited ? identity.entity : '', methodName, started);
  const time = timeObject(portal, started, finished, callbackStart, usage);
  if (value instanceof Paged) {
    return { result: value.items, total: value.total, ...(value.next !== undefined ? { next: value.next } : {}), time };
  }
  return { result: value, time };
}

/** The eight-field `time` object of spec A.6, in the portal's key order. */
export function timeObject(
  portal: Portal,
  started: number,
  finished: number,
  callbackStart: number,
  usage: { operating: number; resetAt: number },
): Record<string, unknown> {
  // start and processing are integers in current portals (truncated), finish keeps microseconds.
  const start = Math.floor(started);
  const finish = Math.round(finished * 1e6) / 1e6;
  return {
    start,
    finish,
    duration: Math.round((finish - start) * 1e6) / 1e6,
    processing: Math.floor(finished) - Math.floor(callbackStart),
    date_start: portal.clock.format(start),
    date_finish: portal.clock.format(finish),
    operating_reset_at: usage.resetAt,
    operating: usage.operating,
  };
}
