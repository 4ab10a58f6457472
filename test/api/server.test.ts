// createApp over real sockets: a sandbox portal and the facade on free loopback ports, in
// webhook mode (with and without API_KEYS), OAuth pass-through and server-app mode.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config.js';
import { createApp, type App } from '../../src/server.js';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.js';

const API_KEY = 'test-key-0123456789abcdef';
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };

interface Running {
  sandbox: TestSandbox;
  app: App;
  url: string;
}

/** A demo sandbox and a webhook-mode facade on it, configured through loadConfig. */
async function boot(env: Record<string, string> = {}): Promise<Running> {
  const sandbox = await startTestSandbox({ seed: 'demo' });
  const { webhooks } = await sandbox.admin<{ webhooks: Array<{ userId: number; secret: string }> }>('POST', 'reset', { seed: 'demo' });
  const hook = webhooks[0];
  const app = createApp(loadConfig({ PORT: '0', B24_WEBHOOK_URL: `${sandbox.url}/rest/${hook.userId}/${hook.secret}/`, ...env }));
  return { sandbox, app, url: await app.listen() };
}

async function shut(running: Running | undefined): Promise<void> {
  await running?.app.close(100);
  await running?.sandbox.close();
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/graphql`, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) });

/** A graphql-ws client that records how its socket closed. */
function wsClient(url: string, connectionParams?: Record<string, unknown>, origin?: string): { client: Client; closed: Promise<number> } {
  let closedWith!: (code: number) => void;
  const closed = new Promise<number>((resolve) => (closedWith = resolve));
  const client = createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    // A browser page's socket carries its Origin; the ws package sets none unless asked.
    webSocketImpl: origin ? class extends WebSocket { constructor(address: string, protocols?: string | string[]) { super(address, protocols, { origin }); } } : WebSocket,
    connectionParams,
    lazy: false,
    retryAttempts: 0,
    // The close is observed through `closed`; the default would print it.
    onNonLazyError: () => undefined,
    on: { closed: (event) => closedWith((event as { code: number }).code) },
  });
  return { client, closed };
}

/** The single result of `query` over graphql-ws. */
async function wsQuery(client: Client, query: string): Promise<{ data?: unknown; errors?: Array<{ message: string }> }> {
  for await (const result of client.iterate({ query })) return result as { data?: unknown };
  throw new Error('the operation completed without a result');
}

describe('the GraphQL server in webhook mode', () => {
  let running: Running;
  beforeAll(async () => {
    running = await boot({ GRAPHQL_MAX_ALIASES: '3', GRAPHQL_MAX_BODY_BYTES: '4000' });
  });
  afterAll(() => shut(running));

  it('answers a query sent as a JSON POST', async () => {
    const res = await post(running.url, { query: '{ __typename }' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers a GET query that carries the CSRF header', async () => {
    const res = await fetch(`${running.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'x-graphql-csrf': '1', accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses a header-less GET query as a possible cross-site request', async () => {
    const res = await fetch(`${running.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(res.status).toBe(403);
    expect(JSON.stringify(await res.json())).toMatch(/CSRF/);
  });

  it('resolves fields through the portal as the webhook user', async () => {
    const res = await post(running.url, { query: '{ notifications(first: 2) { totalCount } }' });
    const body = await res.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.notifications.totalCount).toBeGreaterThan(0);
  });

  it('reports liveness on /health and readiness on /ready', async () => {
    expect((await fetch(`${running.url}/health`)).status).toBe(200);
    expect((await fetch(`${running.url}/ready`)).status).toBe(200);
  });

  it('serves the client counters as Prometheus text on /metrics, without webhook secrets', async () => {
    await post(running.url, { query: '{ notifications(first: 1) { totalCount } }' });
    const res = await fetch(`${running.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^b24_requests_total\{method="im\.notify\.get"\} [1-9]/m);
    expect(text).toMatch(/^# TYPE b24_bucket_level gauge$/m);
    expect(text).not.toMatch(/\/rest\/\d+\//);
  });

  it('refuses a body over GRAPHQL_MAX_BODY_BYTES with 413 before parsing it, closing that connection', async () => {
    const res = await post(running.url, { query: `{ __typename } # ${'x'.repeat(5000)}` });
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
    const body = await res.json();
    expect(body.errors[0]).toMatchObject({ message: 'Request body too large', extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } });
  });

  it('refuses an operation with more aliases than GRAPHQL_MAX_ALIASES with a message saying so', async () => {
    const query = `{ ${[1, 2, 3, 4].map((i) => `a${i}: notifications(first: 1) { totalCount }`).join(' ')} }`;
    const body = await (await post(running.url, { query })).json();
    expect(body.data).toBeUndefined();
    expect(body.errors[0].message).toMatch(/Aliases limit of 3 exceeded, found 4/);
  });

  it('answers an armor rejection over WebSocket as an operation error and keeps the socket open', async () => {
    const { client } = wsClient(running.url);
    try {
      const bomb = `{ ${[1, 2, 3, 4].map((i) => `a${i}: notifications(first: 1) { totalCount }`).join(' ')} }`;
      await expect(wsQuery(client, bomb)).rejects.toSatisfy((errors: unknown) => JSON.stringify(errors).includes('Aliases limit of 3 exceeded'));
      expect(await wsQuery(client, '{ __typename }')).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await client.dispose();
    }
  });

  it('serves GraphiQL from its own bundle, with subscriptions over WebSocket', async () => {
    const res = await fetch(`${running.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toMatch(/unpkg|jsdelivr/);
    expect(html).toContain('"subscriptionsProtocol":"WS"');
  });

  it('drops a WebSocket upgrade for any other path, however malformed, and keeps serving', async () => {
    const { port } = new URL(running.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.write(`GET //: HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk) => (text += chunk)).on('close', () => resolve(text)).on('error', () => undefined);
    });
    expect(answer).not.toMatch(/101 Switching Protocols/);
    expect((await post(running.url, { query: '{ __typename }' })).status).toBe(200);
  });

  it('refuses a WebSocket from a foreign browser origin', async () => {
    const socket = new WebSocket(`${running.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { origin: 'https://evil.example' });
    const refused = await new Promise<string>((resolve) => socket.once('error', (error) => resolve(error.message)).once('open', () => resolve('opened')));
    expect(refused).toMatch(/Unexpected server response: 403/);
  });
});

describe('the GraphQL server with API_KEYS and CORS_ORIGINS', () => {
  let running: Running;
  beforeAll(async () => {
    running = await boot({ API_KEYS: API_KEY, CORS_ORIGINS: 'https://app.example.com' });
  });
  afterAll(() => shut(running));

  it('refuses an HTTP request without a key with 401 UNAUTHENTICATED', async () => {
    const res = await post(running.url, { query: '{ __typename }' });
    expect(res.status).toBe(401);
    expect((await res.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a wrong key the same way', async () => {
    const res = await post(running.url, { query: '{ __typename }' }, { 'x-api-key': `${API_KEY}x` });
    expect(res.status).toBe(401);
  });

  it('answers an HTTP request that sends a configured key', async () => {
    const res = await post(running.url, { query: '{ __typename }' }, { 'x-api-key': API_KEY });
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('lets a configured origin call from a browser and no other', async () => {
    const preflight = (origin: string) =>
      fetch(`${running.url}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key' } });
    const allowed = await preflight('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/x-api-key/);
    expect(allowed.headers.get('vary')).toMatch(/\bOrigin\b/);
    // With one configured origin, yoga's own CORS used to send it to every caller.
    const foreign = await preflight('https://evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('closes a WebSocket without a key with 4403 Forbidden', async () => {
    const { client, closed } = wsClient(running.url);
    expect(await closed).toBe(4403);
    await client.dispose();
  });

  it('accepts a WebSocket whose connectionParams carry the key, also from a configured origin', async () => {
    const { client } = wsClient(running.url, { 'x-api-key': API_KEY }, 'https://app.example.com');
    try {
      expect(await wsQuery(client, '{ __typename }')).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await client.dispose();
    }
  });
});

describe('the GraphQL server going down', () => {
  let running: Running | undefined;
  beforeAll(async () => {
    running = await boot();
  });
  afterAll(() => shut(running));

  it('reports not ready once a call finds the portal gone, without waiting for its last answer to age', async () => {
    expect((await fetch(`${running!.url}/ready`)).status).toBe(200);
    await running!.sandbox.close();
    expect((await (await post(running!.url, { query: '{ unreadNotificationCount }' })).json()).errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect((await fetch(`${running!.url}/ready`)).status).toBe(503);
  });

  it('closes WebSockets with 1012 Service Restart on a graceful close, which clients retry', async () => {
    const { client, closed } = wsClient(running!.url);
    await new Promise<void>((resolve) => client.on('connected', () => resolve()));
    await running!.app.close(200);
    expect(await closed).toBe(1012);
    await client.dispose();
  });
});

const INBOX = { query: '{ notifications(first: 1) { totalCount } }' };
const postInbox = (url: string, headers: Record<string, string> = {}) => post(url, INBOX, headers);

describe('the GraphQL server in OAuth pass-through mode', () => {
  let sandbox: TestSandbox;
  let app: App;
  let url: string;
  let accessToken: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 'demo' });
    const user = await sandbox.givenUser();
    const oauthApp = await sandbox.givenApp();
    accessToken = (await sandbox.givenToken(oauthApp.clientId, user.id)).access_token;
    app = createApp(loadConfig({ PORT: '0', B24_PORTAL_URL: sandbox.url }));
    url = await app.listen();
  });
  afterAll(async () => {
    await app?.close(100);
    await sandbox?.close();
  });

  it('acts as the user of the Bearer token the client sends', async () => {
    const body = await (await postInbox(url, { authorization: `Bearer ${accessToken}` })).json();
    expect(body.errors).toBeUndefined();
    expect(body.data.notifications.totalCount).toBeTypeOf('number');
  });

  it('refuses a request without a token with 401 UNAUTHENTICATED and a Bearer challenge', async () => {
    const res = await postInbox(url);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await res.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it("passes the portal's verdict on a bad token through with its code, without echoing the token", async () => {
    const res = await postInbox(url, { authorization: 'Bearer not-a-real-token-123' });
    expect(res.status).toBe(401);
    const text = await res.text();
    expect(JSON.parse(text).errors[0].extensions.code).toMatch(/invalid_token|expired_token|NO_AUTH_FOUND/);
    expect(text).not.toContain('not-a-real-token-123');
  });

  it('closes a WebSocket without connectionParams.authorization with 4403', async () => {
    const { client, closed } = wsClient(url);
    expect(await closed).toBe(4403);
    await client.dispose();
  });

  it('reports ready while the portal answers, without any token', async () => {
    expect((await fetch(`${url}/ready`)).status).toBe(200);
  });
});

describe('the GraphQL server in server-app mode', () => {
  let sandbox: TestSandbox;
  let app: App;
  let url: string;
  let dir: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 'demo' });
    dir = await mkdtemp(join(tmpdir(), 'b24-tokens-'));
    const user = await sandbox.givenUser();
    const oauthApp = await sandbox.givenApp();
    const token = await sandbox.givenToken(oauthApp.clientId, user.id);
    app = createApp(loadConfig({
      PORT: '0', B24_PORTAL_URL: sandbox.url, B24_OAUTH_URL: `${sandbox.url}/oauth/token/`, B24_TOKEN_FILE: join(dir, 'tokens.json'),
      B24_CLIENT_ID: oauthApp.clientId, B24_CLIENT_SECRET: oauthApp.clientSecret, B24_REFRESH_TOKEN: token.refresh_token,
    }));
    url = await app.listen();
  });
  afterAll(async () => {
    await app?.close(100);
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('acts as its own app user with no client credentials, and persists the refreshed tokens readable by the owner only', async () => {
    const body = await (await postInbox(url)).json();
    expect(body.errors).toBeUndefined();
    const file = join(dir, 'tokens.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ portal: sandbox.url, accessToken: expect.any(String), refreshToken: expect.any(String) });
  });
});
