// The two child processes of the memory scenario (bench/scenarios/memory.ts), one file forked
// with a role argument:
//
//   --facade       the GraphQL facade alone (createApp on the environment the parent sends), so
//                  its process holds only the server side of every socket. Started with
//                  --expose-gc; on request it collects garbage and answers process.memoryUsage().
//   --subscribers  graphql-ws clients (one WebSocket each) subscribed to notificationEvents,
//                  counting which notifications reached them.
//
// Each role imports only what it needs, so the facade process loads no client code and the
// subscriber process no server code. Both exit when the parent goes away.
import { globalAgent } from 'node:http';

/** A socket without connection_ack after this long counts as failed. */
const ACK_TIMEOUT_MS = 20_000;
/** Between the two collections: lets the first one's finalizers and weak callbacks run. */
const GC_PAUSE_MS = 150;

export interface MemoryFigures {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Sockets in http.globalAgent (the facade's client uses it): in use, and idle keep-alive ones. */
  upstreamSockets: { busy: number; idle: number };
}

export type ToFacade = { type: 'start'; env: Record<string, string> } | { type: 'memory' } | { type: 'close' };
export type FromFacade =
  | { type: 'ready' }
  | { type: 'listening'; url: string }
  | { type: 'failed'; error: string }
  | ({ type: 'memory' } & MemoryFigures)
  | { type: 'closed' };

/** `authorizations`: one entry per socket to open, its connectionParams.authorization or null. */
export type ToSubscribers =
  | { type: 'connect'; url: string; authorizations: (string | null)[] }
  | { type: 'count'; ids: string[] }
  | { type: 'close' };
export type FromSubscribers =
  | { type: 'ready' }
  | { type: 'connected'; total: number; failed: number; firstError?: string }
  | { type: 'count'; received: number; errors: number; closed: number; firstError?: string }
  | { type: 'closed' };

const pooled = (pool: NodeJS.ReadOnlyDict<unknown[]>): number => Object.values(pool).reduce((sum, list) => sum + (list?.length ?? 0), 0);

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const describe = (error: unknown): string => {
  if (error instanceof Error) return error.message;
  // A CloseEvent from ws: its code and reason say why.
  const close = error as { code?: unknown; reason?: unknown } | null;
  if (close && typeof close.code === 'number') return `socket closed ${close.code} ${String(close.reason ?? '')}`.trim();
  return JSON.stringify(error);
};

// ---------------------------------------------------------------------------------------------
// --facade

async function facadeMain(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const send = (m: FromFacade) => process.send!(m);
  const { loadConfig } = await import('../../src/config.js');
  const { createApp } = await import('../../src/server.js');
  let app: ReturnType<typeof createApp> | undefined;
  process.on('disconnect', () => process.exit(0));

  process.on('message', (message: ToFacade) => {
    void (async () => {
      if (message.type === 'start') {
        try {
          if (!gc) throw new Error('gc() is not exposed; expected the facade process to be started with --expose-gc');
          app = createApp(loadConfig(message.env));
          send({ type: 'listening', url: await app.listen() });
        } catch (error) {
          send({ type: 'failed', error: describe(error) });
        }
      } else if (message.type === 'memory') {
        // Twice: the first collection's finalizers and weak callbacks free more in the second.
        // Read right after the second: the watchers keep polling, and every poll in between
        // would leave its garbage in the figures.
        gc!();
        await pause(GC_PAUSE_MS);
        gc!();
        const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
        send({ type: 'memory', rss, heapTotal, heapUsed, external, arrayBuffers, upstreamSockets: { busy: pooled(globalAgent.sockets), idle: pooled(globalAgent.freeSockets) } });
      } else {
        await app?.close(1000);
        send({ type: 'closed' });
        process.exit(0);
      }
    })();
  });
  // Messages sent before a listener exists are dropped: the parent waits for this one.
  send({ type: 'ready' });
}

// ---------------------------------------------------------------------------------------------
// --subscribers

async function subscribersMain(): Promise<void> {
  // Loaded here so that the facade role never holds graphql-ws client code.
  const { subscriberCrowd } = await import('../subscribers.js');
  const send = (m: FromSubscribers) => process.send!(m);
  /** Notification id → how many subscribers received its NotificationAdded. */
  const receipts = new Map<string, number>();
  const crowd = subscriberCrowd((id) => receipts.set(id, (receipts.get(id) ?? 0) + 1), ACK_TIMEOUT_MS);
  const { tally } = crowd;
  // The parent going away (timeout, crash) must not leave thousands of sockets open.
  process.on('disconnect', () => process.exit(0));

  process.on('message', (message: ToSubscribers) => {
    void (async () => {
      if (message.type === 'connect') {
        await crowd.openAll(message.url, message.authorizations);
        send({ type: 'connected', total: tally.total, failed: tally.failed, firstError: tally.firstError });
      } else if (message.type === 'count') {
        const received = message.ids.reduce((sum, id) => sum + (receipts.get(id) ?? 0), 0);
        send({ type: 'count', received, errors: tally.errors, closed: tally.closed, firstError: tally.firstError });
      } else {
        await crowd.dispose();
        send({ type: 'closed' });
        process.exit(0);
      }
    })();
  });
  send({ type: 'ready' });
}

if (process.send && process.argv.includes('--facade')) void facadeMain();
else if (process.send && process.argv.includes('--subscribers')) void subscribersMain();
