// Every way a Bitrix24 call fails, as types a caller can branch on.

/** The portal answered with an error envelope (or a batch `result_error` entry). */
export class Bitrix24Error extends Error {
  override name = 'Bitrix24Error';
  constructor(
    /** The portal's code, e.g. `USER_ID_EMPTY`, `QUERY_LIMIT_EXCEEDED`. */
    readonly code: string,
    /** The portal's `error_description`. */
    readonly description: string,
    /** HTTP status of the answer (200 for a batch command's error). */
    readonly status: number,
    /** The REST method the error belongs to. */
    readonly method: string,
  ) {
    super(`${method} failed with ${code}${description ? `: ${description}` : ''}`);
  }
}

/** The credentials were refused: `expired_token`, `invalid_token`, `INVALID_CREDENTIALS`, … */
export class Bitrix24AuthError extends Bitrix24Error {
  override name = 'Bitrix24AuthError';
}

/** A method is paused after `OPERATION_TIME_LIMIT` until `retryAt`; refused locally, no request made. */
export class OperationPausedError extends Bitrix24Error {
  override name = 'OperationPausedError';
  constructor(method: string, readonly retryAt: number) {
    super('OPERATION_TIME_LIMIT', `Method is blocked due to operation time limit; paused until ${new Date(retryAt).toISOString()}`, 429, method);
  }
}

/**
 * How a call failed without a usable portal answer:
 * - `refused`: the connection was refused at connect, so nothing was sent;
 * - `timeout`, `reset`, `network`: the exchange broke after the request may have left;
 * - `bad-response`: an answer arrived that is not a REST envelope (a proxy's 502 page, say);
 * - `server-error`: the portal answered a write with a 5xx envelope (see UnknownOutcomeError);
 * - `redirect`: the portal answered 3xx; redirects are never followed, so nothing ran there;
 * - `withdrawn`: the caller gave up (its deadline passed) while the call still waited, so it was never sent;
 * - `cancelled`: the caller gave up after the call was sent.
 */
export type TransportFailure = 'refused' | 'timeout' | 'reset' | 'network' | 'bad-response' | 'server-error' | 'redirect' | 'withdrawn' | 'cancelled';

/** The request did not produce a readable answer. */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    readonly kind: TransportFailure,
    readonly method: string,
    message: string,
    /** HTTP status when an answer arrived but was not a REST envelope (e.g. a 502 page). */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** What the portal answered, when it answered a write with a 5xx error envelope. */
export interface PortalAnswer {
  error: string;
  description: string;
  status: number;
}

/**
 * A write whose outcome is unknown: it timed out, was cut, was cancelled in flight, or the
 * portal answered 5xx after it may have run. It was not retried; check the portal before
 * sending it again.
 */
export class UnknownOutcomeError extends TransportError {
  override name = 'UnknownOutcomeError';
  constructor(kind: TransportFailure, method: string, message: string, status?: number, readonly portal?: PortalAnswer) {
    super(kind, method, message, status);
  }
}

const AUTH_CODES = new Set(['expired_token', 'invalid_token', 'NO_AUTH_FOUND', 'INVALID_CREDENTIALS', 'insufficient_scope', 'APPLICATION_NOT_FOUND', 'user_access_error']);

/** The error type for a portal answer: auth failures get their own class. */
export function portalError(code: string, description: string, status: number, method: string): Bitrix24Error {
  return AUTH_CODES.has(code) ? new Bitrix24AuthError(code, description, status, method) : new Bitrix24Error(code, description, status, method);
}

/**
 * Whether a failed call provably never ran at the portal: refused at connect, withdrawn
 * before it was sent, answered with a redirect, or refused by the portal with an error below
 * 500 (a batch command's error has status 200) or with 503 QUERY_LIMIT_EXCEEDED, which the
 * portal's front answers before any method runs. Everything else may have run.
 */
export function neverRan(error: unknown): boolean {
  if (error instanceof UnknownOutcomeError) return false;
  if (error instanceof TransportError) return error.kind === 'refused' || error.kind === 'withdrawn' || error.kind === 'redirect';
  if (error instanceof Bitrix24Error) return error.status < 500 || error.code === 'QUERY_LIMIT_EXCEEDED';
  return false;
}
