// node:http passes the request target and Host on as they came, and @whatwg-node/server (under
// yoga) glues them into one URL, `http://` + Host + target, before any plugin runs. When that is
// not a URL it answers 500 with the stack trace as the body: a Host with a space or a bad port,
// `OPTIONS *`, or an absolute-form target (`GET http://localhost:4000/graphql`) behind a Host
// with a port. This wrapper answers those with 400 first, and puts an absolute-form target in
// origin form. RFC 9112 §3.2.2 has a server go by the target's authority and ignore Host; a
// proxy sends both alike, so one that differs is refused rather than picking either, and the
// Host guard (guard.ts) judges the one name left.
import type { IncomingMessage, ServerResponse } from 'node:http';

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

/** `listener`, behind a check that yoga can make a URL of the request's target and Host. */
export function wellFormedTargets(listener: Listener): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const problem = normalizeTarget(req);
    if (problem) return void refuse(res, problem);
    void listener(req, res);
  };
}

/** Why yoga could not make a URL of `req`, or null after putting its target in origin form (for upgrades too). */
export function normalizeTarget(req: IncomingMessage): string | null {
  const target = req.url ?? '';
  if (ABSOLUTE_FORM.test(target)) {
    if (!URL.canParse(target)) return `The request target must be a path or an absolute http(s) URL, got ${show(target)}`;
    const url = new URL(target);
    const host = req.headers.host;
    if (host !== undefined && authorityOf(host, url.protocol) !== url.host) return `The request target names ${show(url.host)} but Host says ${show(host)}; expected the same host in both`;
    req.headers.host = url.host;
    req.url = `${url.pathname}${url.search}`;
  } else if (!target.startsWith('/')) {
    return `The request target must be a path such as /graphql, got ${show(target)}`;
  }
  // No Host at all (HTTP/1.0): yoga uses the socket's address instead.
  const host = req.headers.host;
  if (host !== undefined && !URL.canParse(`http://${host}${req.url}`)) return `Host must be a host name or IP address with an optional port, got ${show(host)}`;
  return null;
}

const ABSOLUTE_FORM = /^https?:\/\//i;

// `host[:port]` as a URL spells it (lower case, no default port), or null when it is not one.
function authorityOf(host: string, protocol: string): string | null {
  const url = `${protocol}//${host}/`;
  return URL.canParse(url) ? new URL(url).host : null;
}

function refuse(res: ServerResponse, message: string): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
  res.writeHead(400, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' }).end(body);
}

const show = (value: string): string => JSON.stringify(value.slice(0, 200));
