// What a client is told when the facade will not serve it: the GraphQL errors for one refused
// operation (a cap, a shutdown), the close code for a refused connection_init, and the HTTP
// answer written on a socket whose upgrade is refused.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { Bitrix24AuthError } from '../../bitrix/index.js';
import { exposeError } from '../../schema/errors.js';
import { isUnauthenticated } from '../identity.js';
import { TRY_AGAIN_LATER, type OperationKind } from './connection.js';

/** The operation is refused because the facade is draining; retrying elsewhere is right. */
export function shuttingDown(): GraphQLError {
  return new GraphQLError('The server is shutting down and takes no new operations; retry on a new connection', { extensions: { code: 'SHUTTING_DOWN' } });
}

/** A subscribe over a per-socket cap; the socket stays open for the operations it has. */
export function tooMany(kind: OperationKind, cap: number): GraphQLError {
  if (kind === 'subscription') {
    return new GraphQLError(`Too many subscriptions on this socket: at most ${cap} at once (GRAPHQL_MAX_WS_SUBSCRIPTIONS); complete one before starting another`, {
      extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: cap },
    });
  }
  return new GraphQLError(`Too many queries and mutations running on this socket: at most ${cap} at once (GRAPHQL_MAX_WS_OPERATIONS); wait for one to finish`, {
    extensions: { code: 'TOO_MANY_OPERATIONS', limit: cap },
  });
}

/**
 * How to close a socket whose connection_init credentials could not be resolved, or null for
 * an unexpected error. Refused credentials get 4403 with the portal's code (`expired_token`);
 * a portal that cannot answer now gets 1013, which graphql-ws clients retry.
 */
export function connectRefusal(error: unknown): { code: number; reason: string } | null {
  if (isUnauthenticated(error) || isHttp401(error)) return { code: CloseCode.Forbidden, reason: `Forbidden: ${codeOf(error) ?? 'UNAUTHENTICATED'}` };
  const shown = error instanceof GraphQLError ? error : exposeError(error);
  if (shown) return { code: TRY_AGAIN_LATER, reason: `Try Again Later: ${codeOf(shown) ?? 'UPSTREAM_UNAVAILABLE'}` };
  return null;
}

/** Answers an upgrade request with a plain HTTP error instead of switching protocols. */
export function refuseUpgrade(socket: Duplex, status: number, error: { message: string; code: string }): void {
  const body = JSON.stringify({ errors: [{ message: error.message, extensions: { code: error.code } }] });
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  // A peer that resets meanwhile is of no concern; without a listener its error would throw.
  socket.on('error', () => {});
  socket.once('finish', () => socket.destroy());
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

function isHttp401(error: unknown): boolean {
  const http = error instanceof GraphQLError ? (error.extensions?.http as { status?: unknown } | undefined) : undefined;
  return http?.status === 401;
}

// Codes are the portal's or the facade's identifiers; anything else is not put in a reason.
function codeOf(error: unknown): string | undefined {
  const code = error instanceof GraphQLError ? error.extensions?.code : error instanceof Bitrix24AuthError ? error.code : undefined;
  return typeof code === 'string' && /^[A-Za-z0-9_.-]{1,60}$/.test(code) ? code : undefined;
}
