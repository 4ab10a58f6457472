// One `ws` socket as graphql-ws's protocol core (makeServer) sees it. graphql-ws's own
// adapter for `ws` does not fit: it has no hook on the send path for backpressure, prints a
// stack for every client fault and answers a client-sent `next` with 4500 (which clients never
// retry). This one bounds what a socket may queue, counts its operations against the
// per-socket caps, logs client faults in one line, and cuts a peer that ignores a close.
import type { IncomingMessage } from 'node:http';
import type { WebSocket as ProtocolSocket } from 'graphql-ws';
import { CloseCode } from 'graphql-ws';
import WebSocket from 'ws';

/** What a socket's operations count against: queries and mutations, or subscriptions. */
export type OperationKind = 'operation' | 'subscription';

export interface ConnectionLimits {
  /** Queries and mutations running at once (GRAPHQL_MAX_WS_OPERATIONS). */
  maxOperations: number;
  /** Subscriptions held at once (GRAPHQL_MAX_WS_SUBSCRIPTIONS). */
  maxSubscriptions: number;
  /** Unsent bytes before the socket is closed with 1013 (GRAPHQL_MAX_WS_BUFFER_BYTES). */
  maxBufferBytes: number;
  /** Largest message a client may send (GRAPHQL_MAX_BODY_BYTES), for the log line. */
  maxPayload: number;
}

/** RFC 6455 codes the facade closes with besides graphql-ws's own. */
export const TRY_AGAIN_LATER = 1013;
export const SERVICE_RESTART = 1012;

/** How long a closed socket may take to finish the close handshake before it is cut. */
const CLOSE_TIMEOUT_MS = 1000;
/** Ping interval; a socket that has not answered the previous ping by the next is cut. */
const KEEP_ALIVE_MS = 12_000;
// makeServer rejects a message type only a server sends (next, error, connection_ack) with a
// plain Error; its text is the only mark it carries.
const SERVER_ONLY_MESSAGE = /^Unexpected message of type (\S+) received$/;

export class Connection implements ProtocolSocket {
  /** `address:port` of the peer, for log lines. */
  readonly peer: string;
  /** Settles once the socket has closed, cleanly or not. */
  readonly gone: Promise<void>;
  private readonly running = new Map<object, OperationKind>();
  private readonly counts: Record<OperationKind, number> = { operation: 0, subscription: 0 };
  /** Sends waiting for ws to hand their data to the OS; settled when the socket goes. */
  private readonly sending = new Set<() => void>();
  private closing = false;
  private cut?: NodeJS.Timeout;
  private readonly keepAlive: NodeJS.Timeout;

  constructor(
    private readonly socket: WebSocket,
    request: IncomingMessage,
    private readonly limits: ConnectionLimits,
    /** Told when a query or mutation ends, so a drain can finish. */
    private readonly settled: () => void,
  ) {
    this.gone = new Promise((done) => socket.once('close', () => done()));
    const { remoteAddress, remotePort } = request.socket;
    this.peer = remoteAddress ? `${remoteAddress}:${remotePort}` : 'unknown peer';
    let answered = true;
    this.keepAlive = setInterval(() => {
      if (!answered) return socket.terminate();
      answered = false;
      socket.ping();
    }, KEEP_ALIVE_MS);
    this.keepAlive.unref();
    socket.on('pong', () => (answered = true));
    // ws emits 'error' for a frame it refuses (too big, bad UTF-8, bad opcode) and has begun
    // the close with the matching code (1009, 1007, 1002): a client fault, worth one line.
    socket.on('error', (error: Error & { code?: string }) => {
      const detail = error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? ` (GRAPHQL_MAX_BODY_BYTES is ${this.limits.maxPayload})` : '';
      this.log(`refused a frame: ${error.message}${detail}`);
      // Already closing in ws: this only marks it so and arms the cut.
      this.close();
    });
    socket.once('close', () => {
      clearInterval(this.keepAlive);
      clearTimeout(this.cut);
      for (const settle of this.sending) settle();
      this.sending.clear();
      this.running.clear();
      this.counts.operation = this.counts.subscription = 0;
    });
  }

  get protocol(): string {
    return this.socket.protocol;
  }

  /** Queries and mutations running now. */
  get operations(): number {
    return this.counts.operation;
  }

  get isOpen(): boolean {
    return !this.closing && this.socket.readyState === WebSocket.OPEN;
  }

  /**
   * Resolves once ws has handed the data to the OS, so a subscription waits for a slow reader
   * instead of queueing for it. Past the buffer bound the socket is closed with 1013 and
   * nothing more is queued: the client retries on a new socket, and reads from the start.
   */
  send(data: string): Promise<void> {
    if (!this.isOpen) return Promise.resolve();
    const unsent = this.socket.bufferedAmount;
    if (unsent > this.limits.maxBufferBytes) {
      this.closeFor(TRY_AGAIN_LATER, 'Try Again Later: the client does not read its messages', `${unsent} bytes unsent, more than GRAPHQL_MAX_WS_BUFFER_BYTES (${this.limits.maxBufferBytes})`);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const settle = () => {
        this.sending.delete(settle);
        resolve();
      };
      this.sending.add(settle);
      this.socket.send(data, settle);
    });
  }

  /** The first close wins; a peer that does not complete the handshake is cut shortly after. */
  close(code?: number, reason?: string): void {
    if (this.closing) return;
    this.closing = true;
    this.socket.close(code, reason === undefined ? undefined : limitReason(reason));
    this.cut = setTimeout(() => this.socket.terminate(), CLOSE_TIMEOUT_MS);
    this.cut.unref();
  }

  /** Closes and says why in one log line. */
  closeFor(code: number, reason: string, why: string): void {
    if (this.closing) return;
    this.log(`closed with ${code}: ${why}`);
    this.close(code, reason);
  }

  onMessage(handle: (data: string) => Promise<void>): void {
    // makeServer's promise lasts as long as the operation the message started; it rejects on
    // a protocol fault or an error thrown while executing.
    this.socket.on('message', (data) => {
      // Once closing, nothing more is answered (RFC 6455 §1.4): a flood stops costing work.
      if (this.closing) return;
      handle(String(data)).catch((error: unknown) => this.failed(error));
    });
  }

  /**
   * Counts an operation against its cap; `key` is the subscribe message's payload, which
   * makeServer hands to onSubscribe and onComplete alike. Null when admitted, or the cap hit.
   */
  admit(key: object, kind: OperationKind): number | null {
    const cap = kind === 'operation' ? this.limits.maxOperations : this.limits.maxSubscriptions;
    if (this.counts[kind] >= cap) return cap;
    this.running.set(key, kind);
    this.counts[kind]++;
    return null;
  }

  /** Releases what admit() counted for `key`; a key never admitted is ignored. */
  release(key: object): void {
    const kind = this.running.get(key);
    if (!kind) return;
    this.running.delete(key);
    this.counts[kind]--;
    if (kind === 'operation') this.settled();
  }

  private failed(error: unknown): void {
    const unexpected = error instanceof Error ? SERVER_ONLY_MESSAGE.exec(error.message) : null;
    if (unexpected) {
      const type = limitReason(unexpected[1]);
      return this.closeFor(CloseCode.BadRequest, `Bad Request: ${type} is a message only a server sends`, `the client sent a ${JSON.stringify(type)} message, which only a server sends`);
    }
    // A fault of the facade, not of the client: the stack helps, the client learns nothing.
    console.error(`ws ${this.peer}: closing with 4500 after an internal error:`, error);
    this.close(CloseCode.InternalServerError, 'Internal server error');
  }

  private log(line: string): void {
    console.warn(`ws ${this.peer}: ${line}`);
  }
}

/** A close reason may hold at most 123 bytes (RFC 6455 §5.5). */
function limitReason(reason: string): string {
  const bytes = Buffer.from(reason);
  return bytes.length <= 123 ? reason : `${bytes.subarray(0, 120).toString().replace(/\uFFFD$/, '')}...`;
}
