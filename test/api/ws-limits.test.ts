// Per-socket limits on graphql-ws: a socket whose client stops reading is closed with 1013 once
// its unsent bytes pass GRAPHQL_MAX_WS_BUFFER_BYTES (and cut if it cannot even read the close),
// and the operations and subscriptions a socket may hold at once are capped, a refusal being an
// `error` for that operation while the socket keeps working.
import { getIntrospectionQuery } from 'graphql';
import { MessageType } from 'graphql-ws';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTestApp } from '../support/app.js';
import { RawSocket, deafSocket } from '../support/ws-raw.js';

const wsUrl = (httpUrl: string) => httpUrl.replace(/^http/, 'ws');
// About 56 KB of result per query: a few hundred overflow what the kernel buffers on loopback.
const INTROSPECTION = getIntrospectionQuery();
const FLOOD = 600;

afterEach(() => {
  vi.restoreAllMocks();
});

/** console.warn lines recorded from now on. */
function warnings(): string[] {
  const lines: string[] = [];
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
  return lines;
}

describe('a WebSocket whose client stops reading', () => {
  const app = useTestApp({ env: { GRAPHQL_MAX_WS_BUFFER_BYTES: '65536', GRAPHQL_MAX_DEPTH: '20', GRAPHQL_MAX_TOKENS: '5000' } });

  it('is closed with 1013 Try Again Later once its unsent bytes pass GRAPHQL_MAX_WS_BUFFER_BYTES, while another client keeps getting answers', async () => {
    const lines = warnings();
    const other = await RawSocket.open(wsUrl(app.url));
    await other.init();
    const stalled = await RawSocket.open(wsUrl(app.url));
    await stalled.init();
    const port = (stalled.socket as any)._socket.localPort as number;
    (stalled.socket as any)._socket.pause();

    for (let i = 0; i < FLOOD; i++) stalled.subscribe(`q${i}`, INTROSPECTION);
    other.subscribe('during', '{ unreadNotificationCount }');
    expect((await other.untilDone('during')).map((f) => f.type)).toEqual([MessageType.Next, MessageType.Complete]);

    await vi.waitFor(() => expect(lines.some((line) => line.includes(`:${port}: closed with 1013`))).toBe(true), { timeout: 15_000, interval: 10 });
    (stalled.socket as any)._socket.resume();
    const { code, reason } = await stalled.closed;
    expect(code).toBe(1013);
    expect(reason).toMatch(/^Try Again Later/);
    const line = lines.find((l) => l.includes(`:${port}:`))!;
    expect(line).toMatch(/bytes unsent, more than GRAPHQL_MAX_WS_BUFFER_BYTES \(65536\)/);

    other.subscribe('after', '{ unreadNotificationCount }');
    expect((await other.untilDone('after')).map((f) => f.type)).toEqual([MessageType.Next, MessageType.Complete]);
  });

  it('is cut by the server when it reads nothing at all, not even the close frame', async () => {
    const lines = warnings();
    const deaf = await deafSocket(app.url);
    for (let i = 0; i < FLOOD; i++) deaf.send({ id: `q${i}`, type: MessageType.Subscribe, payload: { query: INTROSPECTION } });
    await vi.waitFor(() => expect(lines.some((line) => line.includes(`:${deaf.port}: closed with 1013`))).toBe(true), { timeout: 15_000, interval: 10 });
    // Without the cut, ws would hold the socket and its buffers for 30 s waiting for the close.
    await deaf.cut(5000);
  });
});

describe('the per-socket caps', () => {
  const app = useTestApp({ env: { GRAPHQL_MAX_WS_SUBSCRIPTIONS: '2', GRAPHQL_MAX_WS_OPERATIONS: '2' } });
  const COUNT = 'subscription { unreadNotificationCount }';

  it('refuse a subscription over GRAPHQL_MAX_WS_SUBSCRIPTIONS with an error for its id, keep the socket, and accept one once another completes', async () => {
    const client = await RawSocket.open(wsUrl(app.url));
    await client.init();
    client.subscribe('s1', COUNT);
    client.subscribe('s2', COUNT);
    // Each subscription's first value is the current count: both are running.
    expect(await client.next('s1')).toMatchObject({ type: MessageType.Next, payload: { data: { unreadNotificationCount: expect.any(Number) } } });
    expect(await client.next('s2')).toMatchObject({ type: MessageType.Next });

    client.subscribe('s3', COUNT);
    const refused = await client.next('s3');
    expect(refused).toEqual({
      id: 's3',
      type: MessageType.Error,
      payload: [expect.objectContaining({ message: expect.stringMatching(/at most 2 .*GRAPHQL_MAX_WS_SUBSCRIPTIONS/), extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 2 } })],
    });
    expect(client.isOpen).toBe(true);

    client.send({ id: 's1', type: MessageType.Complete });
    client.subscribe('s4', COUNT);
    expect(await client.next('s4')).toMatchObject({ type: MessageType.Next, payload: { data: { unreadNotificationCount: expect.any(Number) } } });
  });

  it('refuse a query over GRAPHQL_MAX_WS_OPERATIONS while two run, still take subscriptions, and take queries again once those finish', async () => {
    await app.sandbox.admin('POST', 'faults', { method: 'im.notify.personal.add', latencyMs: 600, times: 2 });
    const client = await RawSocket.open(wsUrl(app.url));
    await client.init();
    const send = 'mutation($input: SendNotificationInput!) { sendNotification(input: $input) { sent } }';
    const input = { userId: String(app.webhooks[1].userId), message: 'capped' };
    client.subscribe('m1', send, { input });
    client.subscribe('m2', send, { input });

    client.subscribe('q3', '{ __typename }');
    expect(await client.next('q3')).toEqual({
      id: 'q3',
      type: MessageType.Error,
      payload: [expect.objectContaining({ message: expect.stringMatching(/at most 2 .*GRAPHQL_MAX_WS_OPERATIONS/), extensions: { code: 'TOO_MANY_OPERATIONS', limit: 2 } })],
    });
    // Subscriptions have their own cap.
    client.subscribe('s', COUNT);
    expect(await client.next('s')).toMatchObject({ type: MessageType.Next });

    for (const id of ['m1', 'm2']) {
      expect(await client.next(id)).toMatchObject({ type: MessageType.Next, payload: { data: { sendNotification: { sent: true } } } });
      expect(await client.next(id)).toEqual({ id, type: MessageType.Complete });
    }
    client.subscribe('q4', '{ __typename }');
    expect(await client.untilDone('q4')).toEqual([
      { id: 'q4', type: MessageType.Next, payload: { data: { __typename: 'Query' } } },
      { id: 'q4', type: MessageType.Complete },
    ]);
  });
});
