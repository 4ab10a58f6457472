// What a WebSocket client is refused and how it learns it: a Host or Origin the allow-list does
// not serve gets 403 at the upgrade (DNS rebinding), a refused OAuth token closes with 4403 and
// the portal's code, and protocol faults close the socket with one log line and no stack.
import type { IncomingMessage } from 'node:http';
import { CloseCode, MessageType } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config.js';
import { createApp, type App } from '../../src/server.js';
import { useTestApp } from '../support/app.js';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.js';
import { RawSocket } from '../support/ws-raw.js';

const wsUrl = (httpUrl: string) => httpUrl.replace(/^http/, 'ws');

afterEach(() => {
  vi.restoreAllMocks();
});

/** How an upgrade ended: opened, or refused with an HTTP answer. */
async function upgrade(url: string, options: WebSocket.ClientOptions): Promise<{ opened: true } | { opened: false; status: number; body: any }> {
  const socket = new WebSocket(url, 'graphql-transport-ws', options);
  return new Promise((done, fail) => {
    socket.once('open', () => {
      socket.terminate();
      done({ opened: true });
    });
    socket.once('unexpected-response', (_req, res: IncomingMessage) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk)).on('end', () => {
        socket.terminate();
        done({ opened: false, status: res.statusCode!, body: JSON.parse(text) });
      });
    });
    socket.once('error', fail);
  });
}

describe('the Host and Origin checks at the upgrade', () => {
  const app = useTestApp({ env: { CORS_ORIGINS: 'https://app.example.com', ALLOWED_HOSTS: 'api.example.test' } });
  const port = () => new URL(app.url).port;

  it('refuses a Host that is not served (a rebound DNS name) with 403 before switching protocols', async () => {
    const answer = await upgrade(wsUrl(app.url), { headers: { host: `rebound.attacker.test:${port()}` } });
    expect(answer).toMatchObject({ opened: false, status: 403, body: { errors: [{ message: expect.stringContaining('rebound.attacker.test'), extensions: { code: 'HOST_NOT_ALLOWED' } }] } });
  });

  it("refuses a page on a rebound name even though its Origin matches the request's own Host", async () => {
    const host = `rebound.attacker.test:${port()}`;
    const answer = await upgrade(wsUrl(app.url), { headers: { host }, origin: `http://${host}` });
    expect(answer).toMatchObject({ opened: false, status: 403 });
  });

  it('refuses a foreign Origin on a served Host with 403', async () => {
    const answer = await upgrade(wsUrl(app.url), { origin: 'https://evil.example' });
    expect(answer).toMatchObject({ opened: false, status: 403, body: { errors: [{ extensions: { code: 'ORIGIN_NOT_ALLOWED' } }] } });
  });

  it('opens for a loopback name, an IP literal, an ALLOWED_HOSTS name, and an origin in CORS_ORIGINS', async () => {
    expect(await upgrade(wsUrl(app.url), { headers: { host: `localhost:${port()}` } })).toEqual({ opened: true });
    expect(await upgrade(wsUrl(app.url), {})).toEqual({ opened: true });
    expect(await upgrade(wsUrl(app.url), { headers: { host: 'api.example.test' } })).toEqual({ opened: true });
    expect(await upgrade(wsUrl(app.url), { origin: 'https://app.example.com' })).toEqual({ opened: true });
  });
});

describe('OAuth tokens refused at connection_init', () => {
  let sandbox: TestSandbox;
  let app: App;
  let url: string;
  let client: { clientId: string };
  let userId: number;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 'demo' });
    userId = (await sandbox.givenUser()).id;
    client = await sandbox.givenApp();
    app = createApp(loadConfig({ PORT: '0', B24_PORTAL_URL: sandbox.url }));
    url = wsUrl(await app.listen());
  });
  afterAll(async () => {
    await app?.close(100);
    await sandbox?.close();
  });

  it('closes with 4403 and the reason "Forbidden: expired_token" for an expired token', async () => {
    const { access_token } = await sandbox.givenToken(client.clientId, userId, { expiresIn: -60 });
    const socket = await RawSocket.open(`${url}/graphql`);
    socket.send({ type: MessageType.ConnectionInit, payload: { authorization: `Bearer ${access_token}` } });
    expect(await socket.closed).toEqual({ code: CloseCode.Forbidden, reason: 'Forbidden: expired_token' });
  });

  it("closes with 4403 and the portal's code for a token the portal does not know, without echoing it", async () => {
    const socket = await RawSocket.open(`${url}/graphql`);
    socket.send({ type: MessageType.ConnectionInit, payload: { authorization: 'Bearer not-a-real-token-123' } });
    const closed = await socket.closed;
    expect(closed).toEqual({ code: CloseCode.Forbidden, reason: expect.stringMatching(/^Forbidden: (invalid_token|NO_AUTH_FOUND)$/) });
  });

  it('closes with 1013 Try Again Later, which clients retry, when the portal cannot answer at connection_init', async () => {
    const { access_token } = await sandbox.givenToken(client.clientId, userId);
    await sandbox.admin('POST', 'faults', { method: 'user.current', status: 503, times: 20 });
    try {
      const socket = await RawSocket.open(`${url}/graphql`);
      socket.send({ type: MessageType.ConnectionInit, payload: { authorization: `Bearer ${access_token}` } });
      expect(await socket.closed).toEqual({ code: 1013, reason: 'Try Again Later: UPSTREAM_UNAVAILABLE' });
    } finally {
      await sandbox.admin('DELETE', 'faults');
    }
  });

  it('still acknowledges a valid token and runs its operations', async () => {
    const { access_token } = await sandbox.givenToken(client.clientId, userId);
    const socket = await RawSocket.open(`${url}/graphql`);
    await socket.init({ authorization: `Bearer ${access_token}` });
    socket.subscribe('v', '{ viewer { id } }');
    expect(await socket.untilDone('v')).toEqual([
      { id: 'v', type: MessageType.Next, payload: { data: { viewer: { id: String(userId) } } } },
      { id: 'v', type: MessageType.Complete },
    ]);
  });
});

describe('protocol faults, logged in one line', () => {
  const app = useTestApp({ env: { GRAPHQL_MAX_BODY_BYTES: '4000' } });

  /** What reached console.warn and console.error from now on, one string per call. */
  function recordConsole(): { warn: string[]; error: string[] } {
    const seen = { warn: [] as string[], error: [] as string[] };
    const record = (into: string[]) => (...args: unknown[]) => void into.push(args.map((a) => (a instanceof Error ? `${a.stack}` : String(a))).join(' '));
    vi.spyOn(console, 'warn').mockImplementation(record(seen.warn));
    vi.spyOn(console, 'error').mockImplementation(record(seen.error));
    return seen;
  }

  it('closes with 4400 Bad Request on a next message sent by the client, and logs one line without a stack', async () => {
    const seen = recordConsole();
    const socket = await RawSocket.open(wsUrl(app.url));
    await socket.init();
    socket.send({ id: 'x', type: MessageType.Next, payload: { data: {} } });
    expect(await socket.closed).toEqual({ code: CloseCode.BadRequest, reason: expect.stringContaining('next') });
    expect(seen.error).toEqual([]);
    expect(seen.warn).toEqual([expect.stringMatching(/closed with 4400: the client sent a "next" message, which only a server sends$/)]);
    expect(seen.warn[0]).not.toMatch(/\n|    at /);
  });

  it('closes with 1009 on a message over GRAPHQL_MAX_BODY_BYTES, and logs one line without a stack', async () => {
    const seen = recordConsole();
    const socket = await RawSocket.open(wsUrl(app.url));
    await socket.init();
    socket.subscribe('big', `{ __typename } # ${'x'.repeat(5000)}`);
    expect((await socket.closed).code).toBe(1009);
    await vi.waitFor(() => expect(seen.warn).toHaveLength(1));
    expect(seen.error).toEqual([]);
    expect(seen.warn[0]).toMatch(/Max payload size exceeded \(GRAPHQL_MAX_BODY_BYTES is 4000\)$/);
    expect(seen.warn[0]).not.toMatch(/\n|    at /);
  });
});
