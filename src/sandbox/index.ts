// The sandbox portal's public entry: start it, read its URL and webhooks, close it.
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createListener } from './http.js';
import type { RunningSandbox, SandboxOptions } from './options.js';
import { Portal } from './portal.js';
import { seedPortal, sendActivity, webhookUrls } from './seed.js';

export type { RateLimit, RunningSandbox, SandboxOptions, SeededWebhook } from './options.js';
export { parseRateLimit } from './fixture-input.js';

/** Starts a sandbox portal; resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const portal = new Portal(options);
  const listener = createListener(portal);
  const server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener) : createHttpServer(listener);
  // Hanging faults keep sockets open on purpose, so close() must be able to cut them.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  portal.url = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  seedPortal(portal, options.seed ?? 'demo');

  const activity = options.activityIntervalMs ? setInterval(() => sendActivity(portal), options.activityIntervalMs) : undefined;
  activity?.unref();

  return {
    url: portal.url,
    port,
    webhooks: webhookUrls(portal),
    close: async () => {
      clearInterval(activity);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
