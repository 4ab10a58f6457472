// graphql-ws (graphql-transport-ws) on the HTTP server's /graphql path. Operations go through
// yoga.getEnveloped(), so armor, masking and the context factory apply as over HTTP.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import type { Disposable } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { fromConnectionParams, isUnauthenticated, type IdentityResolver } from './identity.js';
import { maskError, type Yoga } from './yoga.js';

export interface WsOptions {
  /** Asked once per socket in connection_init; null when no credentials are needed. */
  resolve: IdentityResolver | null;
  /** Largest message a client may send. */
  maxPayload: number;
  /** Browser origins allowed besides the server's own. */
  corsOrigins: string[];
}

type Enveloped = ReturnType<Yoga['getEnveloped']>;
type RootValue = { execute: Enveloped['execute']; subscribe: Enveloped['subscribe'] };

export interface AttachedWebSocket extends Disposable {
  /** Cuts every socket at once, for peers that do not answer the close handshake. */
  terminate(): void;
}

/**
 * Attaches graphql-ws. dispose() sends every socket 1001 Going Away and resolves once all
 * have closed, which a silent peer can delay (ws waits 30 s): terminate() ends the wait.
 */
export function attachWebSocket(yoga: Yoga, httpServer: Server, options: WsOptions): AttachedWebSocket {
  // noServer: upgrades are routed here, and the HTTP server's own errors (EADDRINUSE) stay
  // with its listen() instead of being re-emitted on the WebSocket server.
  const wsServer = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayload,
    // Browsers skip CORS for WebSockets: without this any page could act as the portal user.
    verifyClient: ({ origin, req }: { origin?: string; req: IncomingMessage }) => !origin || options.corsOrigins.includes(origin) || sameOrigin(origin, req.headers.host),
  });

  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (req.url?.split('?')[0] !== yoga.graphqlEndpoint) return void socket.destroy();
    wsServer.handleUpgrade(req, socket, head, (client) => wsServer.emit('connection', client, req));
  });

  const server = useServer(
    {
      execute: (args) => (args.rootValue as RootValue).execute(args as ExecutionArgs),
      subscribe: (args) => (args.rootValue as RootValue).subscribe(args as ExecutionArgs),
      onConnect: async (ctx) => {
        if (!options.resolve) return true;
        try {
          await options.resolve(fromConnectionParams(ctx.connectionParams));
          return true;
        } catch (error) {
          // false closes with 4403 Forbidden; an unreachable portal stays a 4500.
          if (isUnauthenticated(error)) return false;
          throw error;
        }
      },
      onSubscribe: async (ctx, _id, params) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
        });
        try {
          const document = parse(params.query);
          const errors = validate(schema, document);
          if (errors.length) return errors;
          const rootValue: RootValue = { execute, subscribe };
          return { schema, document, operationName: params.operationName, variableValues: params.variables, contextValue: await contextFactory(), rootValue };
        } catch (error) {
          // graphql-armor throws its rejections, and the context factory its auth and upstream
          // errors: answer this operation only (masked like over HTTP) and keep the socket open.
          if (error instanceof GraphQLError) return [error];
          yoga.logger.error(error);
          return [maskError(error, 'Unexpected error.') as GraphQLError];
        }
      },
    },
    wsServer,
  );
  return { dispose: () => server.dispose(), terminate: () => wsServer.clients.forEach((socket) => socket.terminate()) };
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
