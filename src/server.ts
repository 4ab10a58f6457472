// createApp(config): the GraphQL server (yoga over HTTP and SSE, graphql-ws on the same
// path) wired to one Bitrix24 client. Nothing listens until listen(); importing has no effects.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { BitrixClient } from './bitrix/index.js';
import { createLiveHub } from './live/hub.js';
import { memoryEventLog } from './live/log.js';
import type { AppConfig } from './config.js';
import { PROBE_PATHS, hostPolicy } from './server/hosts.js';
import { identities } from './server/identity.js';
import { readinessProbe } from './server/ready.js';
import { wellFormedTargets } from './server/request-target.js';
import { attachWebSocket } from './server/ws.js';
import { shuttingDown } from './server/ws/refusals.js';
import { buildYoga, type Yoga } from './server/yoga.js';

export interface App {
  yoga: Yoga;
  httpServer: Server;
  client: BitrixClient;
  /** Starts listening on config.host:config.port; resolves with `http://host:port`. */
  listen(): Promise<string>;
  /**
   * Graceful drain: reports not ready and stops accepting at once; refuses new operations
   * (HTTP 503 and WebSocket `error` messages, code SHUTTING_DOWN); lets HTTP requests and
   * WebSocket queries and mutations in flight finish within `graceMs`; then closes every
   * WebSocket with 1012 Service Restart (clients retry), ends SSE streams, and cuts whatever
   * is left. A WebSocket peer gets a second at most to answer the close.
   * @default graceMs 5000
   */
  close(graceMs?: number): Promise<void>;
}

export function createApp(config: AppConfig, deps: { client?: BitrixClient } = {}): App {
  const client = deps.client ?? new BitrixClient({ rateLimit: config.rateLimit, timeoutMs: config.requestTimeoutMs });
  const { resolve, own } = identities(config, client);
  const probe = readinessProbe(client, own, config.portalUrl);
  let closing: Promise<void> | undefined;

  const live = createLiveHub(client, {
    pollIntervalMs: config.pollIntervalMs,
    pollShare: config.pollShare,
    drainPerSecond: config.rateLimit.drainPerSecond,
    lingerMs: config.lingerMs,
    reproofMs: config.reproofMs,
    log: memoryEventLog(config.eventLog),
  });
  const yoga = buildYoga({ config, client, resolve, live, ready: async () => !closing && (await probe()) && !closing });
  const requests = requestsInFlight(yoga, () => closing !== undefined);
  // Requests whose target and Host yoga cannot make a URL of get 400 before they reach it.
  const httpServer = createServer(wellFormedTargets(requests.handle));
  const ws = attachWebSocket(yoga, httpServer, {
    // Sockets authenticate once, in connection_init, when credentials matter.
    resolve: config.mode === 'oauth' || config.apiKeys.length > 0 ? resolve : null,
    limits: {
      maxPayload: config.limits.maxBodyBytes,
      maxOperations: config.limits.maxWsOperations,
      maxSubscriptions: config.limits.maxWsSubscriptions,
      maxBufferBytes: config.limits.maxWsBufferBytes,
    },
    hosts: hostPolicy({ allowedHosts: config.allowedHosts, corsOrigins: config.corsOrigins }),
  });

  const listen = () =>
    new Promise<string>((done, fail) => {
      httpServer.once('error', fail);
      httpServer.listen(config.port, config.host, () => {
        httpServer.off('error', fail);
        const { address, port } = httpServer.address() as AddressInfo;
        done(`http://${address.includes(':') ? `[${address}]` : address}:${port}`);
      });
    });

  const shutdown = async (graceMs: number): Promise<void> => {
    // Stops listening (and drops idle keep-alive connections); resolves once every connection is gone.
    const closed = new Promise<void>((done) => httpServer.close(() => done()));
    const over = new AbortController();
    const graceOver = sleep(graceMs, undefined, { signal: over.signal }).catch(() => undefined);
    await Promise.race([Promise.all([ws.drain(), requests.drain(over.signal)]), graceOver]);
    over.abort();
    // Finished, or out of time: clients reconnect elsewhere, and nothing left may hold us.
    const wsClosed = ws.close();
    requests.cut();
    live.close();
    await yoga.dispose();
    await wsClosed;
    httpServer.closeAllConnections();
    await closed;
  };

  return {
    yoga,
    httpServer,
    client,
    listen,
    close: (graceMs = 5000) => (closing ??= shutdown(graceMs)),
  };
}

/** How often a drain looks whether the requests in flight have finished. */
const DRAIN_POLL_MS = 20;

/**
 * The HTTP requests in flight, so a drain can wait for them. A request that asks for an event
 * stream (SSE) or multipart is a subscription or a stream: it lasts until cut, so it is not
 * waited for. While draining, new requests are refused, except probes and scrapes.
 */
function requestsInFlight(yoga: Yoga, draining: () => boolean) {
  const open = new Map<ServerResponse, { streaming: boolean }>();
  return {
    handle(req: IncomingMessage, res: ServerResponse): void {
      if (draining() && !PROBE_PATHS.has(req.url?.split('?')[0] ?? '')) return refuseWhileDraining(res);
      open.set(res, { streaming: /text\/event-stream|multipart\/mixed/i.test(req.headers.accept ?? '') });
      res.once('close', () => open.delete(res));
      void yoga(req, res);
    },
    /** Resolves once only streams are left, or `stop` aborts. */
    async drain(stop: AbortSignal): Promise<void> {
      for (const res of open.keys()) if (!res.headersSent) res.setHeader('connection', 'close');
      while (!stop.aborted && [...open.values()].some(({ streaming }) => !streaming)) await sleep(DRAIN_POLL_MS);
    },
    /** Ends every response still open, streams included, by closing its connection. */
    cut(): void {
      for (const res of open.keys()) res.destroy();
    },
  };
}

function refuseWhileDraining(res: ServerResponse): void {
  const error = shuttingDown();
  const body = JSON.stringify({ errors: [{ message: error.message, extensions: error.extensions }] });
  // `connection: close`: a keep-alive client sends its next request to another instance.
  res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close', 'retry-after': '1' });
  res.end(body);
}
