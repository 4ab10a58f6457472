// The /rest/ front controller (spec A): URL forms, parameter parsing, method lookup before
// auth, and the success and error envelopes. Pure: a parsed request in, a reply out.
import { type Headers, authenticate } from './auth.js';
import { invoke } from './call.js';
import { RestError, restError } from './errors.js';
import { encodeJson, encodeXml } from './json.js';
import { decodeJson, isPhpArray, parseQuery, phpEntries } from './php.js';
import type { Identity, Portal } from './portal.js';
import { findMethod } from './registry.js';

export interface RestRoute {
  /** Method name as it appears in the URL, format suffix removed. */
  method: string;
  format: 'json' | 'xml';
  /** Webhook path segments, injected as the `aplogin`/`ap` parameters. */
  webhook?: { aplogin: string; ap: string };
}

export interface RestRequest {
  route: RestRoute;
  httpMethod: string;
  query: string;
  headers: Headers;
  body: Buffer;
}

export interface RestReply {
  status: number;
  headers: Record<string, string>;
  body: string;
  identity: Identity | null;
  error?: string;
  batchSize?: number;
}

/** Splits `/rest/...` into method, format and webhook credentials. */
export function parseRestPath(pathname: string): RestRoute {
  const segments = pathname.replace(/^\/rest\/?/, '').replace(/\/+$/, '').split('/').map(decodeSegment);
  // REST v3 (`/rest/api/...`) and unknown shapes have no method here.
  const methodPath = segments[0] === 'api' ? '' : segments.length === 1 ? segments[0] : segments.length === 3 ? segments[2] : '';
  const webhook = segments.length === 3 && segments[0] !== 'api' ? { aplogin: segments[0], ap: segments[1] } : undefined;
  const dot = methodPath.lastIndexOf('.');
  const suffix = dot === -1 ? '' : methodPath.slice(dot + 1).toLowerCase();
  if (suffix === 'json' || suffix === 'xml') return { method: methodPath.slice(0, dot), format: suffix, webhook };
  return { method: methodPath, format: 'json', webhook };
}

/** Runs one REST request after the rate limiter admitted it. */
export function executeRest(portal: Portal, request: RestRequest): RestReply {
  const { route } = request;
  let identity: Identity | null = null;
  let batchSize: number | undefined;
  try {
    const method = route.method === '' ? undefined : findMethod(route.method);
    if (!method) throw restError('methodNotFound');
    const params = requestParams(request);
    identity = authenticate(portal, params, request.headers);
    if (route.method.toLowerCase() === 'batch') batchSize = countCommands(params);
    const outcome = invoke(portal, identity, route.method, method, params);
    const body: Record<string, unknown> = { result: outcome.result };
    if (outcome.next !== undefined) body.next = outcome.next;
    if (outcome.total !== undefined) body.total = outcome.total;
    body.time = outcome.time;
    const headers: Record<string, string> = identity.clientId ? { 'x-bitrix-rest-application': identity.clientId } : {};
    return { ...render(200, body, route.format, headers), identity, batchSize };
  } catch (error) {
    if (!(error instanceof RestError)) throw error;
    return { ...render(error.status, error.toBody(), route.format), identity, error: error.code, batchSize };
  }
}

/** An error envelope outside method execution (rate limit, faults, oversized bodies). */
export function errorReply(error: RestError, format: 'json' | 'xml' = 'json'): Omit<RestReply, 'identity'> {
  return { ...render(error.status, error.toBody(), format), error: error.code };
}

/** Headers every /rest/ answer carries (spec A.8). */
export const COMMON_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'origin, content-type, accept',
  'x-content-type-options': 'nosniff',
};

function render(status: number, body: unknown, format: 'json' | 'xml', extra: Record<string, string> = {}) {
  const xml = format === 'xml';
  return {
    status,
    headers: { ...COMMON_HEADERS, 'content-type': xml ? 'text/xml; charset=utf-8' : 'application/json; charset=utf-8', ...extra },
    body: xml ? encodeXml(body) : encodeJson(body),
  };
}

/**
 * Query parameters, then top-level keys of a POST body replace them (array_replace). A body
 * that does not parse as its content type says is ignored, as the portal ignores it (A.2).
 */
function requestParams({ route, httpMethod, query, headers, body }: RestRequest): Record<string, unknown> {
  const params = parseQuery(query);
  if (httpMethod === 'POST' && body.length > 0) Object.assign(params, parseBody(body, String(headers['content-type'] ?? '')));
  if (route.webhook) Object.assign(params, route.webhook);
  return params;
}

function parseBody(body: Buffer, contentType: string): Record<string, unknown> {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type === 'application/json') {
    try {
      const parsed: unknown = decodeJson(body.toString('utf8'));
      return isPhpArray(parsed) ? Object.fromEntries(phpEntries(parsed)) : {};
    } catch {
      return {};
    }
  }
  if (type === 'multipart/form-data') return parseMultipart(body, contentType);
  return parseQuery(body.toString('utf8'));
}

// Text fields of a multipart form, named with PHP's bracket rules; file parts are ignored.
function parseMultipart(body: Buffer, contentType: string): Record<string, unknown> {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return {};
  const pairs: string[] = [];
  for (const part of body.toString('utf8').split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split === -1) continue;
    const head = part.slice(0, split);
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (name === undefined || /filename=/i.test(head)) continue;
    const value = part.slice(split + 4).replace(/\r\n$/, '');
    pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  }
  return parseQuery(pairs.join('&'));
}

function countCommands(params: Record<string, unknown>): number {
  const cmd = Object.entries(params).find(([k]) => k.toUpperCase() === 'CMD')?.[1];
  return isPhpArray(cmd) ? Object.keys(cmd).length : 0;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
