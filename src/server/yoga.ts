// The yoga instance: schema, per-request context, error masking and the HTTP-side plugins
// (Host guard, CORS, CSRF, graphql-armor, body limit, GraphiQL, /health, /ready, /metrics).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError } from 'graphql';
import { createYoga, maskError as defaultMaskError, useReadinessCheck, type MaskError, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { BitrixClient } from '../bitrix/index.js';
import { notifyApi } from '../bitrix/notify.js';
import type { AppConfig } from '../config.js';
import type { Context } from '../schema/context.js';
import type { LiveHub } from '../live/hub.js';
import { exposeError } from '../schema/errors.js';
import { schema } from '../schema/index.js';
import { corsFor } from './cors.js';
import { urlEncodedParams } from './get-params.js';
import { hostGuard } from './guard.js';
import { hostPolicy } from './hosts.js';
import { operationDeadline, useDeadlines } from './deadline.js';
import { fromConnectionParams, fromHeaders, type IdentityResolver } from './identity.js';
import { PROMETHEUS_CONTENT_TYPE, prometheusText } from './metrics.js';

export type ServerContext = { req: IncomingMessage; res: ServerResponse };
export type Yoga = YogaServerInstance<ServerContext, Context>;

export interface YogaDeps {
  config: AppConfig;
  client: BitrixClient;
  resolve: IdentityResolver;
  /** Readiness; false (or a throw) answers 503. */
  ready: () => Promise<boolean>;
  /** The watchers behind subscriptions. */
  live: LiveHub;
}

// Portal and input errors are shown with their codes; anything else keeps yoga's mask.
export const maskError: MaskError = (error, message, isDev) => {
  const cause = error instanceof GraphQLError && error.originalError ? error.originalError : error;
  const exposed = exposeError(cause);
  if (!exposed) return defaultMaskError(error, message, isDev);
  if (!(error instanceof GraphQLError) || !error.path) return exposed;
  // Keep where in the response the error happened.
  return new GraphQLError(exposed.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, extensions: exposed.extensions });
};

// Client input errors and the portal's answers are part of the API, not server faults:
// they are not logged. Everything else stays at error level.
const isExpected = (value: unknown): boolean =>
  exposeError(value instanceof GraphQLError && value.originalError ? value.originalError : value) !== null;

/** Yoga's logger, minus the errors clients are told about anyway. */
export const quietLogger = {
  debug: () => {},
  info: (...args: unknown[]) => console.info(...args),
  warn: (...args: unknown[]) => console.warn(...args),
  error: (...args: unknown[]) => {
    if (args.some(isExpected)) return;
    console.error(...args);
  },
};

export function buildYoga({ config, client, resolve, ready, live }: YogaDeps): Yoga {
  const { limits } = config;
  const guard = hostGuard(hostPolicy({ allowedHosts: config.allowedHosts, corsOrigins: config.corsOrigins }));
  const mode = config.mode === 'webhook' || config.mode === 'sandbox' ? 'webhook' : 'oauth';
  const metrics: Plugin = {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/metrics') return;
      endResponse(new fetchAPI.Response(prometheusText(client.metrics()), { headers: { 'content-type': PROMETHEUS_CONTENT_TYPE } }));
    },
  };

  // A refused body may still be arriving: close the connection instead of reading the rest,
  // and say so, so that a keep-alive client does not send its next request down this socket.
  const closeAfterRefusedBody: Plugin = {
    onResponse({ response }) {
      if (response.status === 413) response.headers.set('connection', 'close');
    },
  };

  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    // Yoga renders GraphiQL before our plugins run, so it asks the Host guard itself.
    graphiql: config.graphiql ? (request) => guard.allowsGraphiQL(request) && { subscriptionsProtocol: 'WS', title: 'b24-notify-graphql' } : false,
    renderGraphiQL,
    maskedErrors: { maskError },
    logging: quietLogger,
    // Yoga's CORS would run before the Host guard and answer strangers; cors.ts does it after.
    cors: false,
    // Refused with 413 before parsing: by Content-Length, or while streaming a chunked body.
    maxRequestBodySize: limits.maxBodyBytes,
    // No field takes an upload; a multipart POST is refused instead of half-parsed.
    multipart: false,
    context: async (initial) => {
      // HTTP brings a Request; graphql-ws (ws.ts) brings its connectionParams instead.
      const { connectionParams } = initial as { connectionParams?: Record<string, unknown> };
      const identity = await resolve(initial.request ? fromHeaders(initial.request.headers) : fromConnectionParams(connectionParams));
      const deadline = operationDeadline();
      const caller = client.forRequest(identity, deadline);
      return { identity, caller, notify: notifyApi(caller), mode, maxComplexity: limits.maxComplexity, live, deadline };
    },
    plugins: [
      // First: a refused Host or Origin gets 403 before anything else is served.
      guard.plugin,
      corsFor(config.corsOrigins),
      metrics,
      closeAfterRefusedBody,
      useReadinessCheck({ endpoint: '/ready', check: ready }),
      useDeadlines(config.deadlines),
      useCSRFPrevention({ requestHeaders: ['x-graphql-csrf'] }),
      urlEncodedParams(),
      // Cost is left to the schema's Pothos complexity, which knows list sizes.
      EnvelopArmorPlugin({
        maxDepth: { n: limits.maxDepth },
        maxAliases: { n: limits.maxAliases },
        maxTokens: { n: limits.maxTokens },
        maxDirectives: { n: limits.maxDirectives },
        costLimit: { enabled: false },
      }),
    ],
  });
}
