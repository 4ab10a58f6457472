// The Host and Origin allow-list over HTTP (hosts.ts has the policy). It must run before any
// plugin that serves something: yoga's own CORS, GraphiQL and parsing plugins, CSRF and the
// API key check. Yoga places its own onRequest plugins ahead of ours, so yoga.ts turns its CORS
// off (cors.ts runs after this guard) and asks allowsGraphiQL() before rendering GraphiQL.
import type { Plugin } from 'graphql-yoga';
import type { HostPolicy, Refusal } from './hosts.js';

export interface HostGuard {
  /** Answers a refused request with 403 and a GraphQL error naming the problem. */
  plugin: Plugin;
  /** Whether GraphiQL may be rendered for `request` (it is the GraphQL endpoint's page). */
  allowsGraphiQL(request: Request): boolean;
}

export function hostGuard(policy: HostPolicy): HostGuard {
  return {
    plugin: {
      onRequest({ request, url, endResponse, fetchAPI }) {
        const refusal = refusalOf(policy, request, url.pathname);
        if (refusal) endResponse(forbidden(fetchAPI.Response, refusal));
      },
    },
    allowsGraphiQL: (request) => refusalOf(policy, request, GRAPHQL_PATH) === null,
  };
}

// GraphiQL matches any URL that ends in /graphql (`/health?/graphql` too): judge it as this path.
const GRAPHQL_PATH = '/graphql';

// The Host header is what a browser sends for the name it resolved. Yoga's URL takes its host
// from that header, except for an absolute-form target (`GET http://localhost/graphql`), whose
// authority ends up in the URL instead: both must be served, so neither can stand in for the other.
function refusalOf(policy: HostPolicy, request: Request, path: string): Refusal | null {
  const origin = request.headers.get('origin');
  const header = policy.refuse({ host: request.headers.get('host'), origin, path });
  if (header) return header;
  const target = URL.canParse(request.url) ? new URL(request.url).host : null;
  return policy.refuse({ host: target, origin, path });
}

function forbidden(Response: typeof globalThis.Response, refusal: Refusal): Response {
  const body = JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
  // `connection: close`: a refused client's next request (or the rest of its body) is not read.
  return new Response(body, { status: 403, headers: { 'content-type': 'application/json; charset=utf-8', connection: 'close' } });
}
