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

/** How the HTTP exchange broke. Only `refused` proves the portal never saw the request. */
export type TransportFailure = 'refused' | 'timeout' | 'reset' | 'network' | 'bad-response';

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

/**
 * A write timed out: the portal may or may not have executed it, so it was not retried.
 * Check the portal before sending again.
 */
export class UnknownOutcomeError extends TransportError {
  override name = 'UnknownOutcomeError';
}

const AUTH_CODES = new Set(['expired_token', 'invalid_token', 'NO_AUTH_FOUND', 'INVALID_CREDENTIALS', 'insufficient_scope', 'APPLICATION_NOT_FOUND', 'user_access_error']);

/** The error type for a portal answer: auth failures get their own class. */
export function portalError(code: string, description: string, status: number, method: string): Bitrix24Error {
  return AUTH_CODES.has(code) ? new Bitrix24AuthError(code, description, status, method) : new Bitrix24Error(code, description, status, method);
}
