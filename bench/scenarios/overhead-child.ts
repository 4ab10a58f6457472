// The server processes of the overhead scenario (overhead.ts): this file, forked with
// --overhead-server, runs either the sandbox portal or the GraphQL facade, whichever the parent
// asks for in its first message, and reports the URL it listens on. Each server gets a process
// (an event loop) of its own, so the load generator in the parent and the two servers do not
// take turns on one loop; all of them still share the machine's cores.
import { loadConfig } from '../../src/config.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { createApp } from '../../src/server.js';

export const SERVER_FLAG = '--overhead-server';

export type ToServer =
  | { type: 'start-sandbox' }
  | { type: 'start-facade'; webhookUrl: string; rateLimit: string }
  | { type: 'close' };

export type FromServer = { type: 'ready'; url: string } | { type: 'failed'; error: string } | { type: 'closed' };

async function serverMain(): Promise<void> {
  const send = (message: FromServer): void => void process.send!(message);
  // The parent going away (timeout, crash) must not leave a server behind.
  process.on('disconnect', () => process.exit(0));
  let close: (() => Promise<void>) | undefined;

  process.on('message', (message: ToServer) => {
    void (async () => {
      try {
        if (message.type === 'start-sandbox') {
          const sandbox = await startSandbox({ port: 0, host: '127.0.0.1', seed: 'empty', rateLimit: 'off' });
          close = sandbox.close;
          send({ type: 'ready', url: sandbox.url });
        } else if (message.type === 'start-facade') {
          const config = loadConfig({ B24_WEBHOOK_URL: message.webhookUrl, PORT: '0', B24_RATE_LIMIT: message.rateLimit });
          const app = createApp(config);
          const url = await app.listen();
          close = () => app.close(1000);
          send({ type: 'ready', url });
        } else {
          await close?.();
          send({ type: 'closed' });
          process.exit(0);
        }
      } catch (error) {
        send({ type: 'failed', error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      }
    })();
  });
}

if (process.argv.includes(SERVER_FLAG) && process.send) void serverMain();
