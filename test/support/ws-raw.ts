// Bare graphql-transport-ws clients for the WebSocket protocol, limit and refusal tests: a `ws` socket
// whose frames the test sends and reads itself, and a TCP socket that upgrades by hand (so it
// can stop reading entirely, close frame included).
import { randomBytes } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { connect, type Socket } from 'node:net';
import { GRAPHQL_TRANSPORT_WS_PROTOCOL, MessageType } from 'graphql-ws';
import { afterEach, expect } from 'vitest';
import WebSocket from 'ws';

/** A frame the server sent, as parsed JSON. */
export interface Frame {
  type: string;
  id?: string;
  payload?: any;
}

const opened = new Set<{ terminate(): void }>();
afterEach(() => {
  for (const socket of opened) socket.terminate();
  opened.clear();
});

export class RawSocket {
  /** Settles when the socket closes, with the code and reason the client saw. */
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly frames: Frame[] = [];
  private readonly waiting: Array<(frame: Frame) => void> = [];

  private constructor(readonly socket: WebSocket) {
    this.closed = new Promise((done) => socket.once('close', (code, reason) => done({ code, reason: reason.toString() })));
    socket.on('error', () => {});
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      const waiter = this.waiting.shift();
      if (waiter) waiter(frame);
      else this.frames.push(frame);
    });
  }

  static open(url: string, options: WebSocket.ClientOptions = {}): Promise<RawSocket> {
    const socket = new WebSocket(url, GRAPHQL_TRANSPORT_WS_PROTOCOL, options);
    opened.add(socket);
    const raw = new RawSocket(socket);
    return new Promise((done, fail) => {
      socket.once('open', () => done(raw));
      socket.once('error', fail);
    });
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Sends an object as JSON, or a string as it is. */
  send(message: object | string): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  receive(): Promise<Frame> {
    const queued = this.frames.shift();
    if (queued) return Promise.resolve(queued);
    return Promise.race([
      new Promise<Frame>((done) => this.waiting.push(done)),
      this.closed.then(({ code, reason }) => Promise.reject(new Error(`socket closed with ${code} ${reason} while a frame was awaited`))),
    ]);
  }

  async init(payload?: Record<string, unknown>): Promise<void> {
    this.send({ type: MessageType.ConnectionInit, ...(payload ? { payload } : {}) });
    expect(await this.receive()).toEqual({ type: MessageType.ConnectionAck });
  }

  subscribe<T, V>(id: string, document: TypedDocumentNode<T, V> | string, variables?: V): void {
    const query = typeof document === 'string' ? document : print(document);
    this.send({ id, type: MessageType.Subscribe, payload: { query, ...(variables ? { variables } : {}) } });
  }

  /** Every frame up to and including the one that ends operation `id` (complete or error). */
  async untilDone(id: string): Promise<Frame[]> {
    const frames: Frame[] = [];
    for (;;) {
      const frame = await this.receive();
      frames.push(frame);
      if (frame.id === id && (frame.type === MessageType.Complete || frame.type === MessageType.Error)) return frames;
    }
  }

  /** The next frame for operation `id`, skipping (and keeping) frames of other operations. */
  async next(id: string): Promise<Frame> {
    const skipped: Frame[] = [];
    try {
      for (;;) {
        const frame = await this.receive();
        if (frame.id === id) return frame;
        skipped.push(frame);
      }
    } finally {
      this.frames.unshift(...skipped);
    }
  }
}

/** A socket that upgrades by hand, acknowledged, and then reads nothing more at all. */
export interface DeafSocket {
  /** The client's local port, as the server's log lines name it. */
  port: number;
  /** Sends one text frame (masked, as a client must). */
  send(message: object): void;
  /** Resolves once writing to the socket fails or it closes (the server has cut it); rejects after `timeoutMs`. */
  cut(timeoutMs?: number): Promise<void>;
}

export async function deafSocket(httpUrl: string): Promise<DeafSocket> {
  const { hostname, port } = new URL(httpUrl);
  const socket: Socket = connect(Number(port), hostname);
  opened.add({ terminate: () => socket.destroy() });
  let gone = false;
  const ended = new Promise<void>((done) => {
    socket.once('close', () => done());
    socket.on('error', () => done());
  });
  void ended.then(() => (gone = true));
  await new Promise<void>((done, fail) => socket.once('connect', done).once('error', fail));
  socket.write(
    `GET /graphql HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${GRAPHQL_TRANSPORT_WS_PROTOCOL}\r\n\r\n`,
  );
  socket.write(clientFrame(0x1, JSON.stringify({ type: MessageType.ConnectionInit })));
  // The 101 answer and connection_ack are the last bytes this socket reads.
  await new Promise<void>((done, fail) => {
    let seen = '';
    const read = (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      if (!seen.includes(MessageType.ConnectionAck)) return;
      socket.off('data', read);
      socket.pause();
      done();
    };
    socket.on('data', read);
    socket.once('close', () => fail(new Error(`the server closed the socket during the handshake; it sent ${JSON.stringify(seen.slice(0, 200))}`)));
  });
  return {
    port: socket.localPort!,
    send: (message) => socket.write(clientFrame(0x1, JSON.stringify(message))),
    async cut(timeoutMs = 8000) {
      const deadline = Date.now() + timeoutMs;
      // A socket the server has closed answers the next bytes with a reset.
      while (!gone) {
        if (Date.now() > deadline) throw new Error(`the server still held the socket ${timeoutMs} ms later`);
        socket.write(clientFrame(0x9, ''));
        await Promise.race([ended, new Promise((r) => setTimeout(r, 50))]);
      }
    },
  };
}

/** A final frame with `opcode`, masked with a random key (RFC 6455 §5.3). */
function clientFrame(opcode: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const length = payload.length;
  const head = length < 126 ? Buffer.from([0x80 | opcode, 0x80 | length]) : Buffer.alloc(length < 65536 ? 4 : 10);
  if (length >= 126) {
    head[0] = 0x80 | opcode;
    if (length < 65536) {
      head[1] = 0x80 | 126;
      head.writeUInt16BE(length, 2);
    } else {
      head[1] = 0x80 | 127;
      head.writeBigUInt64BE(BigInt(length), 2);
    }
  }
  const mask = randomBytes(4);
  const masked = Buffer.alloc(length);
  for (let i = 0; i < length; i++) masked[i] = payload[i] ^ mask[i % 4];
  return Buffer.concat([head, mask, masked]);
}
