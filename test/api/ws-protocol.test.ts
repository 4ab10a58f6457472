// GraphQL over WebSocket (graphql-transport-ws, PROTOCOL.md of graphql-ws): a raw `ws` client
// sends protocol messages and checks the frames and close codes the server answers with, then
// the official graphql-ws client runs an operation against the same server (interop).
import { print } from 'graphql';
import { CloseCode, GRAPHQL_TRANSPORT_WS_PROTOCOL, MessageType, createClient, type Client } from 'graphql-ws';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { graphql } from '../gql/index.js';
import { useTestApp } from '../support/app.js';
import { RawSocket } from '../support/ws-raw.js';

const UnreadCount = graphql(`query WsUnreadCount { unreadNotificationCount }`);
const Viewer = graphql(`query WsViewer { viewer { id name } }`);
const Send = graphql(`
  mutation WsSend($input: SendNotificationInput!) { sendNotification(input: $input) { sent notificationId } }
`);

const clients: Client[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
});

/** The official client, connecting on first use and never retrying. */
function officialClient(url: string, connectionParams?: Record<string, unknown>): Client {
  const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams });
  clients.push(client);
  return client;
}

describe('graphql-transport-ws, raw protocol', () => {
  const app = useTestApp();
  const wsUrl = () => app.url.replace(/^http/, 'ws');

  it('negotiates the graphql-transport-ws subprotocol', async () => {
    const client = await RawSocket.open(wsUrl());
    expect(client.socket.protocol).toBe(GRAPHQL_TRANSPORT_WS_PROTOCOL);
  });

  it('acknowledges connection_init with connection_ack', async () => {
    const client = await RawSocket.open(wsUrl());
    client.send({ type: MessageType.ConnectionInit });
    expect(await client.receive()).toEqual({ type: MessageType.ConnectionAck });
  });

  it('answers ping with pong', async () => {
    const client = await RawSocket.open(wsUrl());
    await client.init();
    client.send({ type: MessageType.Ping });
    expect(await client.receive()).toMatchObject({ type: MessageType.Pong });
  });

  it('runs a query: next with the result, then complete, both with the subscription id', async () => {
    const client = await RawSocket.open(wsUrl());
    await client.init();
    client.subscribe('q1', Viewer);
    const frames = await client.untilDone('q1');
    expect(frames).toEqual([
      { id: 'q1', type: MessageType.Next, payload: { data: { viewer: { id: String(app.webhooks[0].userId), name: expect.any(String) } } } },
      { id: 'q1', type: MessageType.Complete },
    ]);
  });

  it('runs a mutation whose effect reaches the portal', async () => {
    const client = await RawSocket.open(wsUrl());
    await client.init();
    const recipient = app.webhooks[1].userId;
    const message = `over the socket ${Date.now()}`;
    client.subscribe('m1', Send, { input: { userId: String(recipient), message } });
    const [next, complete] = await client.untilDone('m1');
    expect(complete).toEqual({ id: 'm1', type: MessageType.Complete });
    expect(next).toMatchObject({ id: 'm1', type: MessageType.Next, payload: { data: { sendNotification: { sent: true, notificationId: expect.any(String) } } } });
    expect(next.payload.errors).toBeUndefined();

    const { notifications } = await app.sandbox.admin<{ notifications: Array<{ id: number; message: string }> }>('GET', `notifications?userId=${recipient}`);
    expect(notifications.find((n) => String(n.id) === next.payload.data.sendNotification.notificationId)).toMatchObject({ message });
  });

  it('answers a document that does not validate with an error for that id and keeps the socket open', async () => {
    const client = await RawSocket.open(wsUrl());
    await client.init();
    client.subscribe('bad', '{ noSuchField }');
    expect(await client.untilDone('bad')).toEqual([
      { id: 'bad', type: MessageType.Error, payload: [expect.objectContaining({ message: expect.stringContaining('noSuchField') })] },
    ]);
    expect(client.isOpen).toBe(true);

    client.subscribe('after', UnreadCount);
    expect(await client.untilDone('after')).toEqual([
      { id: 'after', type: MessageType.Next, payload: { data: { unreadNotificationCount: expect.any(Number) } } },
      { id: 'after', type: MessageType.Complete },
    ]);
  });

  it('answers a document that does not parse with an error for that id and keeps the socket open', async () => {
    const client = await RawSocket.open(wsUrl());
    await client.init();
    client.subscribe('syntax', '{ viewer { id ');
    expect(await client.untilDone('syntax')).toEqual([
      { id: 'syntax', type: MessageType.Error, payload: [expect.objectContaining({ message: expect.stringMatching(/Syntax Error/) })] },
    ]);

    client.subscribe('after', UnreadCount);
    expect((await client.untilDone('after')).map((f) => f.type)).toEqual([MessageType.Next, MessageType.Complete]);
  });

  it('answers a document graphql-armor rejects (20 aliases) with an error for that id and keeps the socket open', async () => {
    const client = await RawSocket.open(wsUrl());
    await client.init();
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: unreadNotificationCount`).join(' ');
    client.subscribe('bomb', `{ ${aliases} }`);
    expect(await client.untilDone('bomb')).toEqual([
      { id: 'bomb', type: MessageType.Error, payload: [expect.objectContaining({ message: expect.stringMatching(/aliases/i) })] },
    ]);
    expect(client.isOpen).toBe(true);

    client.subscribe('after', UnreadCount);
    expect(await client.untilDone('after')).toEqual([
      { id: 'after', type: MessageType.Next, payload: { data: { unreadNotificationCount: expect.any(Number) } } },
      { id: 'after', type: MessageType.Complete },
    ]);
  });

  it('closes with 4401 Unauthorized when subscribe comes before the connection is acknowledged', async () => {
    const client = await RawSocket.open(wsUrl());
    client.subscribe('early', UnreadCount);
    expect((await client.closed).code).toBe(CloseCode.Unauthorized);
  });

  it('closes with 4429 when connection_init is sent twice', async () => {
    const client = await RawSocket.open(wsUrl());
    await client.init();
    client.send({ type: MessageType.ConnectionInit });
    expect((await client.closed).code).toBe(CloseCode.TooManyInitialisationRequests);
  });

  it('closes with 4400 Bad Request on an unknown message type', async () => {
    const client = await RawSocket.open(wsUrl());
    await client.init();
    client.send({ type: 'no_such_type' });
    expect((await client.closed).code).toBe(CloseCode.BadRequest);
  });

  it('closes with 4400 Bad Request on a message that is not JSON', async () => {
    const client = await RawSocket.open(wsUrl());
    await client.init();
    client.send('{ this is not json');
    expect((await client.closed).code).toBe(CloseCode.BadRequest);
  });

  it('closes with 1009 Message Too Big when a message exceeds the size limit (GRAPHQL_MAX_BODY_BYTES)', async () => {
    const client = await RawSocket.open(wsUrl());
    await client.init();
    client.subscribe('big', `{ unreadNotificationCount } # ${'x'.repeat(1_000_001)}`);
    expect((await client.closed).code).toBe(1009); // RFC 6455 Message Too Big; not a graphql-ws CloseCode
  });

  it('closes with 4409 when a subscription id is reused while its operation runs', async () => {
    const client = await RawSocket.open(wsUrl());
    await client.init();
    // Sent back to back: the first operation still waits for the portal when the second arrives.
    client.subscribe('dup', Viewer);
    client.subscribe('dup', Viewer);
    expect((await client.closed).code).toBe(CloseCode.SubscriberAlreadyExists);
  });

  it('closes with 4408 when connection_init does not arrive in time', async () => {
    const client = await RawSocket.open(wsUrl());
    expect((await client.closed).code).toBe(CloseCode.ConnectionInitialisationTimeout);
  });
});

describe('graphql-transport-ws with API_KEYS configured', () => {
  const key = 'ws-test-key-0123456789';
  const app = useTestApp({ env: { API_KEYS: key } });
  const wsUrl = () => app.url.replace(/^http/, 'ws');

  it('closes with 4403 Forbidden when connectionParams carry no API key', async () => {
    const client = await RawSocket.open(wsUrl());
    client.send({ type: MessageType.ConnectionInit });
    expect((await client.closed).code).toBe(CloseCode.Forbidden);
  });

  it('closes with 4403 Forbidden when connectionParams carry a wrong API key', async () => {
    const client = await RawSocket.open(wsUrl());
    client.send({ type: MessageType.ConnectionInit, payload: { 'x-api-key': `${key}-wrong` } });
    expect((await client.closed).code).toBe(CloseCode.Forbidden);
  });

  it('reports 4403 to the official graphql-ws client that sends no API key', async () => {
    const client = officialClient(wsUrl());
    const failure = await new Promise<unknown>((done) => {
      client.subscribe({ query: print(UnreadCount) }, { next: () => done(new Error('got a result without an API key')), error: done, complete: () => done(new Error('completed without an API key')) });
    });
    expect((failure as { code?: number }).code).toBe(CloseCode.Forbidden);
  });

  it('runs a query through the official graphql-ws client that sends the API key', async () => {
    const client = officialClient(wsUrl(), { 'x-api-key': key });
    const results = [];
    for await (const result of client.iterate({ query: print(UnreadCount) })) results.push(result);
    expect(results).toEqual([{ data: { unreadNotificationCount: expect.any(Number) } }]);
  });

  it('acknowledges a connection whose connectionParams carry the API key and runs queries on it', async () => {
    const client = await RawSocket.open(wsUrl());
    await client.init({ 'x-api-key': key });
    client.subscribe('q', UnreadCount);
    expect((await client.untilDone('q')).map((f) => f.type)).toEqual([MessageType.Next, MessageType.Complete]);
  });
});

describe('graphql-ws client interop', () => {
  const app = useTestApp();

  it('runs a query through the official graphql-ws client', async () => {
    const client = officialClient(app.url.replace(/^http/, 'ws'));
    const results = [];
    for await (const result of client.iterate({ query: print(UnreadCount) })) results.push(result);
    expect(results).toEqual([{ data: { unreadNotificationCount: expect.any(Number) } }]);
  });
});
