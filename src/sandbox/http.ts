// The node:http adapter: reads bodies within a limit, routes /rest/, /oauth/token/ and
// /_sandbox/, applies injected faults, and records every REST request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RestError, restError } from './errors.js';
import type { Fault } from './faults.js';
import { handleFixtures } from './fixtures.js';
import { encodeJson } from './json.js';
import { tokenEndpoint } from './oauth.js';
import { decodeJson, parseQuery } from './php.js';
import type { Portal } from './portal.js';
import { COMMON_HEADERS, type RestReply, errorReply, executeRest, parseRestPath } from './rest.js';

// Past the body limit the rest of an upload is read and dropped up to this much, so the
// client still gets its 413; beyond it the socket is cut.
const DISCARD_LIMIT = 64 * 1024 * 1024;

type Reply = { status: number; headers: Record<string, string>; body: string };

/** The request listener for the sandbox's http(s) server. */
export function createListener(portal: Portal) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(portal, req, res).catch((error: unknown) => {
      // Nothing odd may take the process down or leak a stack trace.
      console.error(`sandbox: unexpected error on ${req.method} ${safePath(req.url)}: ${(error as Error)?.message ?? error}`);
      if (!res.headersSent) send(res, errorReply(restError('internal')));
      else res.destroy();
    });
  };
}

async function handle(portal: Portal, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = splitTarget(req.url ?? '/');
  const body = await readBody(req, portal.maxBodyBytes);
  if (body === null) {
    const tooLarge = new RestError('REQUEST_ENTITY_TOO_LARGE', `Request body exceeds ${portal.maxBodyBytes} bytes`, 413);
    res.setHeader('connection', 'close');
    send(res, errorReply(tooLarge));
    return;
  }
  if (url.pathname.startsWith('/rest/') || url.pathname === '/rest') return handleRest(portal, req, res, url, body);
  if (/^\/oauth\/token\/?$/.test(url.pathname)) {
    const params = { ...parseQuery(url.search.slice(1)), ...bodyParams(req, body) };
    portal.log.tokenRequest();
    const reply = tokenEndpoint(portal, params);
    return send(res, json(reply.status, reply.body));
  }
  if (url.pathname.startsWith('/_sandbox/')) {
    const reply = handleFixtures(portal, req.method ?? 'GET', url.pathname.slice('/_sandbox/'.length), url.searchParams, body.toString('utf8'));
    return send(res, json(reply.status, reply.body));
  }
  if (url.pathname === '/') return send(res, json(200, { sandbox: 'b24-notify-graphql sandbox portal', rest: `${portal.url}/rest/`, fixtures: `${portal.url}/_sandbox/` }));
  send(res, json(404, { error: 'NOT_FOUND', error_description: `Nothing is served at ${url.pathname}` }));
}

/**
 * The request target as written: path and query. Not `new URL`, which throws on some targets
 * and resolves `..` segments the portal's front controller leaves alone.
 */
function splitTarget(rawTarget: string): { pathname: string; search: string; searchParams: URLSearchParams } {
  // HTTP/1.1 also allows the absolute form `http://host/path` (what proxies send).
  const target = rawTarget.replace(/^https?:\/\/[^/?]*/i, '') || '/';
  const q = target.indexOf('?');
  const pathname = q === -1 ? target : target.slice(0, q);
  const search = q === -1 ? '' : target.slice(q);
  return { pathname, search, searchParams: new URLSearchParams(search) };
}

async function handleRest(portal: Portal, req: IncomingMessage, res: ServerResponse, url: { pathname: string; search: string }, body: Buffer): Promise<void> {
  const route = parseRestPath(url.pathname);
  const ip = req.socket.remoteAddress ?? 'unknown';
  const entry = { at: portal.now(), ip, httpMethod: req.method ?? 'GET', method: route.method.toLowerCase() };

  // The bucket is checked before the method is looked up or credentials are read.
  const level = portal.buckets.admit(ip);
  if (level === null) {
    const reply = errorReply(restError('queryLimitExceeded'), route.format);
    portal.log.add({ ...entry, auth: 'none', userId: null, status: reply.status, error: reply.error, bucketLevel: portal.buckets.level(ip) });
    return send(res, reply);
  }

  // The log records what the portal did when it did it; an 'after' fault's delay comes later.
  const before = portal.faults.take(entry.method, 'before');
  if (before) await sleep(before.latencyMs);
  let outcome = before ? faultOutcome(before, req) : null;
  let executed: RestReply | undefined;
  let after: Fault | undefined;
  if (outcome === null) {
    executed = executeRest(portal, { route, httpMethod: entry.httpMethod, query: url.search.slice(1), headers: req.headers, body });
    after = portal.faults.take(entry.method, 'after');
    if (after) outcome = faultOutcome(after, req, false);
  }
  const reply = outcome ?? executed!;
  const sent = typeof reply === 'object';
  portal.log.add({
    ...entry,
    auth: executed?.identity?.type ?? 'none',
    userId: executed?.identity?.userId ?? null,
    // 0: no answer is sent (the connection is cut, or it hangs).
    status: sent ? reply.status : 0,
    ...(sent && reply.error ? { error: reply.error } : {}),
    ...(executed?.batchSize !== undefined ? { batchSize: executed.batchSize } : {}),
    bucketLevel: level,
    ...(before || after ? { fault: true as const } : {}),
  });
  if (after) await sleep(after.latencyMs);
  if (outcome === 'cut') req.socket.destroy();
  else if (sent) send(res, reply);
}

/**
 * What a fault does instead of the normal answer: a reply, `cut` (the socket is destroyed),
 * `hang` (nothing is ever sent), or null to answer normally. `cutNow` destroys a 'before'
 * fault's socket at once; an 'after' fault cuts only once its delay has passed.
 */
function faultOutcome(fault: Fault, req: IncomingMessage, cutNow = true): (Reply & { error?: string }) | 'cut' | 'hang' | null {
  if (fault.reset) {
    if (cutNow) req.socket.destroy();
    return 'cut';
  }
  // The response stays open until the client gives up or the sandbox closes.
  if (fault.hang) return 'hang';
  if (fault.redirect) return { status: fault.status ?? 301, headers: { ...COMMON_HEADERS, location: fault.redirect }, body: '' };
  if (fault.error) return errorReply(new RestError(fault.error.code, fault.error.description, fault.error.status));
  if (fault.status) return errorReply(new RestError('INTERNAL_SERVER_ERROR', 'Internal server error', fault.status));
  return null;
}

// Reads the body; null when it is over the limit (the excess is drained, then dropped).
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const chunks: Buffer[] = [];
    let size = 0;
    let over = declared > limit;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      if (size > DISCARD_LIMIT) req.socket.destroy();
      if (!over) chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', () => resolve(null));
  });
}

function bodyParams(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  if (String(req.headers['content-type'] ?? '').startsWith('application/json')) {
    try {
      const parsed = decodeJson(body.toString('utf8'));
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  return parseQuery(body.toString('utf8'));
}

const json = (status: number, body: unknown): Reply => ({
  status,
  headers: { ...COMMON_HEADERS, 'content-type': 'application/json; charset=utf-8' },
  body: encodeJson(body),
});

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body);
}

/** The request path with any webhook secret masked, for log lines. */
export const safePath = (path = ''): string => path.replace(/^(\/rest\/[^/]+\/)[^/]+/, '$1***').replace(/([?&](auth|access_token|refresh_token|client_secret|sessid)=)[^&]*/gi, '$1***');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

