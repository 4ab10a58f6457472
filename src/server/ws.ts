// graphql-ws (graphql-transport-ws) on the HTTP server's /graphql path, over graphql-ws's
// protocol core (makeServer) with our own socket adapter (ws/connection.ts). Operations go
// through yoga.getEnveloped(), so armor, masking and the context factory apply as over HTTP.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, getOperationAST, type ExecutionArgs } from 'graphql';
import { handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { HostPolicy } from './hosts.js';
import { fromConnectionParams, type IdentityResolver } from './identity.js';
import { Connection, SERVICE_RESTART, type ConnectionLimits } from './ws/connection.js';
import { connectRefusal, refuseUpgrade, shuttingDown, tooMany } from './ws/refusals.js';
import { maskError, type Yoga } from './yoga.js';

export interface WsOptions {
  /** Asked once per socket in connection_init; null when no credentials are needed. */
  resolve: IdentityResolver | null;
  /** Per-socket limits: message size, operations, subscriptions, unsent bytes. */
  limits: ConnectionLimits;
  /** Which Host and Origin headers may open a socket (DNS rebinding, cross-site pages). */
  hosts: HostPolicy;
}

export interface AttachedWebSocket {
  /**
   * Refuses new sockets (503 at the upgrade) and new operations (an `error` message,
   * SHUTTING_DOWN) from now on; resolves once no query or mutation runs on any socket.
   * Subscriptions are not waited for: they end with the close.
   */
  drain(): Promise<void>;
  /** Closes every socket with 1012 Service Restart; resolves once all have closed (a silent peer is cut within a second). */
  close(): Promise<void>;
}

type Enveloped = ReturnType<Yoga['getEnveloped']>;
type RootValue = { execute: Enveloped['execute']; subscribe: Enveloped['subscribe'] };
type Extra = { socket: WebSocket; request: IncomingMessage; connection: Connection };

const RESTART_REASON = 'Service Restart: the server is shutting down; reconnect';

export function attachWebSocket(yoga: Yoga, httpServer: Server, options: WsOptions): AttachedWebSocket {
  const connections = new Set<Connection>();
  let draining = false;
  let restarting = false;
  const idle: Array<() => void> = [];
  const settled = () => {
    if (!draining || [...connections].some((c) => c.operations > 0)) return;
    for (const done of idle.splice(0)) done();
  };

  const protocol = makeServer<Record<string, unknown>, Extra>(protocolOptions(yoga, options, () => draining));
  // noServer: upgrades are routed here, and the HTTP server's own errors (EADDRINUSE) stay
  // with its listen() instead of being re-emitted on the WebSocket server.
  const wsServer = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    maxPayload: options.limits.maxPayload,
    handleProtocols,
    // One message per tick and socket: a burst in one TCP read cannot hold the event loop, and
    // a client's `complete` has released its operation before its next `subscribe` is counted.
    allowSynchronousEvents: false,
  });

  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = request.url?.split('?')[0];
    if (path !== yoga.graphqlEndpoint) return void socket.destroy();
    if (draining) return refuseUpgrade(socket, 503, { message: shuttingDown().message, code: 'SHUTTING_DOWN' });
    // Browsers skip CORS for WebSockets, so the Host and Origin checks are the only guard.
    const refusal = options.hosts.refuse({ host: request.headers.host, origin: request.headers.origin, path });
    if (refusal) return refuseUpgrade(socket, 403, refusal);
    wsServer.handleUpgrade(request, socket, head, (socket) => {
      const connection = new Connection(socket, request, options.limits, settled);
      connections.add(connection);
      void connection.gone.then(() => {
        connections.delete(connection);
        settled();
      });
      const closed = protocol.opened(connection, { socket, request, connection });
      // Ends the socket's subscriptions; a subscription that fails to end must not take the process.
      socket.once('close', (code, reason) => closed(code, reason.toString()).catch((error: unknown) => yoga.logger.error(error)));
      // An upgrade admitted before the drain may complete after close() went round the sockets.
      if (restarting) connection.close(SERVICE_RESTART, RESTART_REASON);
    });
  });

  return {
    drain() {
      draining = true;
      return new Promise<void>((done) => {
        idle.push(done);
        settled();
      });
    },
    async close() {
      restarting = true;
      const all = [...connections];
      for (const connection of all) connection.close(SERVICE_RESTART, RESTART_REASON);
      await Promise.all(all.map((connection) => connection.gone));
      wsServer.close();
    },
  };
}

/** makeServer's hooks: authentication at connection_init, and each subscribe through yoga. */
function protocolOptions(yoga: Yoga, options: WsOptions, draining: () => boolean): ServerOptions<Record<string, unknown>, Extra> {
  return {
    execute: (args) => (args.rootValue as RootValue).execute(args as ExecutionArgs),
    subscribe: (args) => (args.rootValue as RootValue).subscribe(args as ExecutionArgs),
    onConnect: async (ctx) => {
      if (!options.resolve) return true;
      try {
        await options.resolve(fromConnectionParams(ctx.connectionParams));
        return true;
      } catch (error) {
        const refusal = connectRefusal(error);
        if (!refusal) throw error;
        // The first close wins, so makeServer's own 4403 "Forbidden" after `false` is a no-op.
        ctx.extra.connection.close(refusal.code, refusal.reason);
        return false;
      }
    },
    onSubscribe: async (ctx, _id, params) => {
      if (draining()) return [shuttingDown()];
      const { connection } = ctx.extra;
      const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
        ...ctx,
        req: ctx.extra.request,
        socket: ctx.extra.socket,
        params,
      });
      let admitted = false;
      try {
        const document = parse(params.query);
        const errors = validate(schema, document);
        if (errors.length) return errors;
        const operation = getOperationAST(document, params.operationName);
        if (!operation) return [new GraphQLError(params.operationName ? `No operation named "${params.operationName}" in the document` : 'The document has several operations; expected operationName to name one')];
        const kind = operation.operation === 'subscription' ? 'subscription' : 'operation';
        // Counted before the context resolves, so a burst of subscribes cannot all pass the cap.
        const cap = connection.admit(params, kind);
        if (cap !== null) return [tooMany(kind, cap)];
        admitted = true;
        const rootValue: RootValue = { execute, subscribe };
        const execArgs = { schema, document, operationName: params.operationName, variableValues: params.variables, contextValue: await contextFactory(), rootValue };
        admitted = false;
        return execArgs;
      } catch (error) {
        // graphql-armor throws its rejections, and the context factory its auth and upstream
        // errors: answer this operation only (masked like over HTTP) and keep the socket open.
        if (error instanceof GraphQLError) return [error];
        yoga.logger.error(error);
        return [maskError(error, 'Unexpected error.') as GraphQLError];
      } finally {
        // Refused after admission: makeServer reports the errors without calling onComplete.
        if (admitted) connection.release(params);
      }
    },
    // Called once an admitted operation ends however it ends: completed, cancelled, failed.
    onComplete: (ctx, _id, params) => ctx.extra.connection.release(params),
    // extensions.http sets an HTTP status (401 for an expired token); yoga drops it from HTTP
    // answers, and a WebSocket frame has no status to set.
    onNext: (_ctx, _id, _params, _args, result) => (result.errors?.length ? { ...result, errors: result.errors.map(withoutHttp) } : undefined),
    onError: (_ctx, _id, _params, errors) => errors.map(withoutHttp),
  };
}

function withoutHttp(error: GraphQLError): ReturnType<GraphQLError['toJSON']> {
  const json = error.toJSON();
  if (!json.extensions || !('http' in json.extensions)) return json;
  const { http: _http, ...extensions } = json.extensions;
  return { ...json, extensions };
}
