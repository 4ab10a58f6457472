// Errors a client may see: the portal's own (code in extensions.code, details in
// extensions.bitrix24) and the facade's input checks, which use the same codes. Anything
// else is unexpected and stays masked by yoga.
import { GraphQLError } from 'graphql';
import { Bitrix24Error, TransportError } from '../bitrix/index.js';
import { LocalCheckError } from '../bitrix/notify-checks.js';

/** A check the facade makes itself, before any upstream call (e.g. tags in webhook mode). */
export class InputError extends GraphQLError {
  constructor(code: string, message: string, field?: string) {
    super(message, { extensions: { code, ...(field ? { field } : {}) } });
  }
}

/** The GraphQL error to show for `error`, or null when it must stay masked. */
export function exposeError(error: unknown): GraphQLError | null {
  if (error instanceof InputError) return error;
  if (error instanceof Bitrix24Error) {
    return new GraphQLError(error.description || error.code, {
      extensions: { code: error.code, bitrix24: { error: error.code, description: error.description, status: error.status, method: error.method } },
    });
  }
  if (error instanceof LocalCheckError) {
    return new GraphQLError(error.description, { extensions: { code: error.code } });
  }
  if (error instanceof TransportError) {
    // The portal could not be reached or answered garbage: say so without internals.
    const code = error.name === 'UnknownOutcomeError' ? 'UPSTREAM_OUTCOME_UNKNOWN' : 'UPSTREAM_UNAVAILABLE';
    return new GraphQLError(error.message, { extensions: { code, kind: error.kind } });
  }
  return null;
}
