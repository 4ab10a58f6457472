// Errors a client may see: the portal's own (code in extensions.code, details in
// extensions.bitrix24) and the facade's input checks, which use the same codes. Anything
// else is unexpected and stays masked by yoga as INTERNAL_SERVER_ERROR, which is kept for the
// facade's own faults: a portal that fails is UPSTREAM_UNAVAILABLE, and a write whose outcome
// is unknown UPSTREAM_OUTCOME_UNKNOWN, so a client never resends a write that may have run.
import { GraphQLError } from 'graphql';
import { Bitrix24Error, TransportError, UnknownOutcomeError } from '../bitrix/index.js';
import { LocalCheckError } from '../bitrix/notify-checks.js';

/** A check the facade makes itself, before any upstream call (e.g. tags in webhook mode). */
export class InputError extends GraphQLError {
  constructor(code: string, message: string, field?: string) {
    super(message, { extensions: { code, ...(field ? { field } : {}) } });
  }
}

/** Codes of failures that are the portal's or the network's, not the client's input. */
export const UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE';
export const UPSTREAM_OUTCOME_UNKNOWN = 'UPSTREAM_OUTCOME_UNKNOWN';

// A client's token the portal refused: the client refreshes it and retries (DESIGN §4).
const TOKEN_CODES = new Set(['expired_token', 'invalid_token']);
const TOKEN_REFUSED = { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } };

/** The GraphQL error to show for `error`, or null when it must stay masked. */
export function exposeError(error: unknown): GraphQLError | null {
  if (error instanceof InputError) return error;
  if (error instanceof Bitrix24Error) {
    const bitrix24 = { error: error.code, description: error.description, status: error.status, method: error.method };
    if (error.status >= 500 && error.code !== 'QUERY_LIMIT_EXCEEDED') {
      return new GraphQLError(`${error.method}: the portal failed with HTTP ${error.status} ${error.code}`, { extensions: { code: UPSTREAM_UNAVAILABLE, bitrix24 } });
    }
    const http = TOKEN_CODES.has(error.code) ? { http: TOKEN_REFUSED } : {};
    return new GraphQLError(error.description || error.code, { extensions: { code: error.code, bitrix24, ...http } });
  }
  if (error instanceof LocalCheckError) {
    return new GraphQLError(error.description, { extensions: { code: error.code } });
  }
  if (error instanceof UnknownOutcomeError) {
    const bitrix24 = error.portal ? { bitrix24: { ...error.portal, method: error.method } } : {};
    return new GraphQLError(error.message, { extensions: { code: UPSTREAM_OUTCOME_UNKNOWN, kind: error.kind, ...bitrix24 } });
  }
  if (error instanceof TransportError) {
    // The portal could not be reached, answered garbage or moved: say so without internals.
    return new GraphQLError(error.message, { extensions: { code: UPSTREAM_UNAVAILABLE, kind: error.kind } });
  }
  return null;
}
