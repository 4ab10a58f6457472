// createApp(config): the GraphQL server (yoga over HTTP and SSE, graphql-ws on the same
// path) wired to one Bitrix24 client. Nothing listens until listen(); importing has no effects.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BitrixClient } from './bitrix/index.js';
import { createLiveHub } from './live/hub.js';
import type { AppConfig } from './config.js';
import { identities } from './server/identity.js';
import { readinessProbe } from './server/ready.js';
import { attachWebSocket } from './server/ws.js';
import { buildYoga, type Yoga } from './server/yoga.js';

export interface App {
  yoga: Yoga;
  httpServer: Server;
  client: BitrixClient;
  /** Starts listening on config.host:config.port; resolves with `http://host:port`. */
  listen(): Promise<string>;
  /**
   * Graceful shutdown: stops accepting, reports not ready, closes WebSockets with 1001, lets
   * HTTP requests in flight finish and cuts whatever is still open (SSE) after `graceMs`.
   * @default graceMs 5000
   */
  close(graceMs?: number): Promise<void>;
}

export function createApp(config: AppConfig, deps: { client?: BitrixClient } = {}): App {
  const client = deps.client ?? new BitrixClient({ rateLimit: config.rateLimit });
  const { resolve, own } = identities(config, client);
  const probe = readinessProbe(client, own, config.portalUrl);
  let closing: Promise<void> | undefined;

  const live = createLiveHub(client, { pollIntervalMs: config.pollIntervalMs, pollShare: config.pollShare, drainPerSecond: config.rateLimit.drainPerSecond });
  const yoga = buildYoga({ config, client, resolve, live, ready: async () => !closing && (await probe()) && !closing });
  const httpServer = createServer(yoga);
  const ws = attachWebSocket(yoga, httpServer, {
    // Sockets authenticate once, in connection_init, when credentials matter.
    resolve: config.mode === 'oauth' || config.apiKeys.length > 0 ? resolve : null,
    maxPayload: config.limits.maxBodyBytes,
    corsOrigins: config.corsOrigins,
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
    const closed = new Promise<void>((done) => httpServer.close(() => done()));
    // After the grace period, cut whatever is left: yoga.dispose() does not end SSE streams,
    // and a WebSocket peer that ignores the close frame would hold ws.dispose() for 30 s.
    const cut = setTimeout(() => {
      ws.terminate();
      httpServer.closeAllConnections();
    }, graceMs);
    live.close();
    await ws.dispose();
    await yoga.dispose();
    httpServer.closeIdleConnections();
    await closed;
    clearTimeout(cut);
  };

  return {
    yoga,
    httpServer,
    client,
    listen,
    close: (graceMs = 5000) => (closing ??= shutdown(graceMs)),
  };
}
