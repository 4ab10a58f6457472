// One HTTP exchange with the portal: POST JSON to `{base}/{method}.json`, read the envelope,
// and tell transport failures apart from the portal's own errors.
import got, { type RequestError } from 'got';
import { TransportError, type TransportFailure, portalError } from './errors.js';
import { redact } from './redact.js';
import type { RestTime } from './types.js';

/** A successful REST answer. */
export interface RestSuccess {
  result: unknown;
  time?: RestTime;
  total?: number;
  next?: number;
}

export interface PostOptions {
  /** Whole-request timeout. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Secrets to keep out of any error this request raises. */
  secrets: string[];
}

/**
 * POSTs `body` as JSON to `{base}/{method}.json`. Resolves with the success envelope; rejects
 * with a Bitrix24Error for an error envelope, or a TransportError when no envelope arrived.
 */
export async function postRest(base: string, method: string, body: Record<string, unknown>, options: PostOptions): Promise<RestSuccess> {
  // Serialised before the request, so a value that cannot be is the caller's fault, not the network's.
  const payload = JSON.stringify(body);
  let response;
  try {
    response = await got.post(`${base}/${method}.json`, {
      body: payload,
      responseType: 'text',
      throwHttpErrors: false,
      // Retrying is the client's decision: it depends on the method, not on the socket.
      retry: { limit: 0 },
      // A redirect would re-post the body, token and all, to whatever host Location names.
      followRedirect: false,
      timeout: { request: options.timeoutMs },
      signal: options.signal,
      headers: { accept: 'application/json', 'content-type': 'application/json' },
    });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw transportFailure(error as RequestError, method, options);
  }
  if (response.statusCode >= 300 && response.statusCode < 400) {
    throw new TransportError('redirect', method, `${method}: the portal answered HTTP ${response.statusCode} redirecting to ${locationOrigin(response.headers.location, base)}; redirects are not followed, so check the configured portal URL`, response.statusCode);
  }
  const envelope = parseEnvelope(response.body);
  if (!envelope) {
    throw new TransportError('bad-response', method, `${method}: expected a JSON REST envelope, got HTTP ${response.statusCode} with ${describeBody(response.body)}`, response.statusCode);
  }
  if (typeof envelope.error === 'string') {
    const description = typeof envelope.error_description === 'string' ? envelope.error_description : '';
    throw portalError(envelope.error, redact(description, options.secrets), response.statusCode, method);
  }
  if (!('result' in envelope)) {
    throw new TransportError('bad-response', method, `${method}: expected "result" or "error" in the answer, got keys ${Object.keys(envelope).join(', ') || 'none'}`, response.statusCode);
  }
  return envelope as unknown as RestSuccess;
}

function parseEnvelope(text: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

// Only the origin: the path of a redirect to a webhook URL would carry its secret.
function locationOrigin(location: string | undefined, base: string): string {
  if (!location) return 'no Location';
  try {
    return new URL(location, base).origin;
  } catch {
    return 'an unreadable Location';
  }
}

const describeBody = (text: string): string => (text.length === 0 ? 'an empty body' : `a ${text.length}-byte non-JSON body`);

// got's own messages carry the URL, which holds a webhook secret: build a new error instead.
function transportFailure(error: RequestError, method: string, options: PostOptions): TransportError {
  const kind = failureKind(error);
  const detail = error.code ? `${error.code}` : error.name;
  return new TransportError(kind, method, redact(`${method}: ${KIND_TEXT[kind]} (${detail})`, options.secrets));
}

type SocketFailure = Extract<TransportFailure, 'refused' | 'timeout' | 'reset' | 'network'>;

function failureKind(error: RequestError): SocketFailure {
  if (error.name === 'TimeoutError' || error.code === 'ETIMEDOUT') return 'timeout';
  // Refused at connect: nothing was sent, so even a write may be repeated.
  if (error.code === 'ECONNREFUSED') return 'refused';
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE' || error.code === 'ECONNABORTED') return 'reset';
  return 'network';
}

const KIND_TEXT: Record<SocketFailure, string> = {
  refused: 'the portal refused the connection',
  timeout: 'no answer within the timeout',
  reset: 'the connection was cut before the answer arrived',
  network: 'the request failed on the network',
};
