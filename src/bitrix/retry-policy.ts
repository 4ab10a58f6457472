// What to do after a call failed, by idempotency (DESIGN §7). Pure, so the whole table is tested.
import { Bitrix24AuthError, Bitrix24Error, TransportError, UnknownOutcomeError, neverRan } from './errors.js';

/** Methods that change nothing, so a lost answer may be asked for again. */
export const READ_METHODS: ReadonlySet<string> = new Set([
  'im.notify.get', 'im.notify.schema.get', 'im.notify.history.search',
  'user.current', 'user.get', 'im.user.list.get', 'im.counters.get', 'server.time',
]);
export const isRead = (method: string): boolean => READ_METHODS.has(method.toLowerCase());

export interface RetrySettings {
  /** Retries of a read (or of a write refused at connect) after network errors and 5xx. */
  maxRetries: number;
  /** First backoff step; later ones double, with full jitter, up to 5 s. */
  retryBaseMs: number;
  /** 503s are not executed, so they are retried up to this many times. */
  maxRateLimitRetries: number;
}

/** How often this call has been tried, per cause. */
export interface Attempts {
  attempt: number;
  rateLimited: number;
  authRetried: boolean;
}

export type Decision =
  /** Send it again after `delayMs`; `rateLimited` when the portal's bucket was full. */
  | { action: 'retry'; delayMs: number; rateLimited: boolean }
  /** Ask the credentials for a fresh token; retry once if they got one, else fail with `error`. */
  | { action: 'recover'; error: Error }
  /** The method is over its operating time: pause it until the portal's reset, and fail. */
  | { action: 'pause'; error: Error }
  | { action: 'fail'; error: Error };

const MAX_BACKOFF_MS = 5_000;

export function decide(method: string, error: Error, tried: Attempts, settings: RetrySettings, random: () => number = Math.random): Decision {
  const read = isRead(method);
  const backoff = (): Decision => ({ action: 'retry', delayMs: random() * Math.min(MAX_BACKOFF_MS, settings.retryBaseMs * 2 ** tried.attempt), rateLimited: false });
  const retriesLeft = tried.attempt < settings.maxRetries;

  if (error instanceof Bitrix24Error) {
    if (error.code === 'QUERY_LIMIT_EXCEEDED' && tried.rateLimited < settings.maxRateLimitRetries) return { action: 'retry', delayMs: 0, rateLimited: true };
    if (error.code === 'OPERATION_TIME_LIMIT') return { action: 'pause', error };
    if (error instanceof Bitrix24AuthError && !tried.authRetried) return { action: 'recover', error };
    if (error.status >= 500 && read && retriesLeft) return backoff();
  } else if (error instanceof TransportError && !(error instanceof UnknownOutcomeError)) {
    // A redirect stays a redirect, and a withdrawn or cancelled call's caller has gone.
    const transient = error.kind !== 'redirect' && error.kind !== 'withdrawn' && error.kind !== 'cancelled';
    if (transient && (read || error.kind === 'refused') && retriesLeft) return backoff();
  }
  return { action: 'fail', error: finalError(method, error) };
}

/**
 * The error a caller gets once no retry is left. A write that may have run becomes an
 * UnknownOutcomeError, whatever broke, so nobody mistakes it for a failure and sends it twice.
 */
export function finalError(method: string, error: Error): Error {
  if (isRead(method) || neverRan(error) || error instanceof UnknownOutcomeError) return error;
  if (error instanceof Bitrix24Error) {
    const portal = { error: error.code, description: error.description, status: error.status };
    return new UnknownOutcomeError('server-error', method, `${method}: the portal answered HTTP ${error.status} ${error.code} after the call may have run; it was not retried`, error.status, portal);
  }
  if (error instanceof TransportError) {
    return new UnknownOutcomeError(error.kind, method, `${method}: ${error.kind} after sending; the portal may have executed it, so it was not retried`, error.status);
  }
  // Not a portal failure: a fault of the facade itself, which stays masked.
  return error;
}
