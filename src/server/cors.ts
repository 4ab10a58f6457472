// CORS for the origins in CORS_ORIGINS, and for no other. Written here rather than taken from
// yoga (`cors: { origin: [...] }`, i.e. @whatwg-node/server's useCORS) because that one sends
// its only configured origin to every caller, answers `null` (the origin of sandboxed iframes
// and file: pages) to a stranger when several are configured, leaves out `Vary: Origin` with
// one, and runs before our plugins, so ahead of the Host guard (guard.ts).
import type { Plugin } from 'graphql-yoga';

/** CORS headers for `origins` (exact origins such as `https://app.example.com`). */
export function corsFor(origins: readonly string[]): Plugin {
  const allowed = new Set(origins);
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      // Headers are added in onResponse, like on every other answer.
      if (isPreflight(request)) endResponse(new fetchAPI.Response(null, { status: 204, headers: { 'content-length': '0' } }));
    },
    onResponse({ request, response }) {
      // Whether CORS headers are sent (and whether the Host guard refuses) depends on Origin, so
      // a cache must not hand one origin's answer to another.
      vary(response.headers, 'Origin');
      const origin = request.headers.get('origin');
      if (origin === null || !allowed.has(origin)) return;
      response.headers.set('access-control-allow-origin', origin);
      if (!isPreflight(request)) return;
      response.headers.set('access-control-allow-methods', 'GET, POST');
      // The origin is trusted, so whatever headers it asks for (x-api-key, x-graphql-csrf, tracing).
      const asked = request.headers.get('access-control-request-headers');
      if (asked) {
        response.headers.set('access-control-allow-headers', asked);
        vary(response.headers, 'Access-Control-Request-Headers');
      }
      response.headers.set('access-control-max-age', String(PREFLIGHT_CACHE_SECONDS));
    },
  };
}

/** How long a browser may reuse a preflight's answer. */
const PREFLIGHT_CACHE_SECONDS = 600;

const isPreflight = (request: Request): boolean =>
  request.method === 'OPTIONS' && request.headers.has('origin') && request.headers.has('access-control-request-method');

function vary(headers: Headers, name: string): void {
  const current = headers.get('vary');
  if (!current) return headers.set('vary', name);
  if (current.split(',').some((item) => item.trim().toLowerCase() === name.toLowerCase() || item.trim() === '*')) return;
  headers.set('vary', `${current}, ${name}`);
}
