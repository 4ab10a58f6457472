// The Host and Origin allow-list over HTTP, and CORS, on the real server over real sockets. A
// page on a name an attacker re-points at this machine (DNS rebinding) sends that name as Host;
// fetch() may not set Host, so these requests go through node:http (and net for a raw target).
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApp, type App } from '../../src/server.js';
import { useTestApp, type TestApp } from '../support/app.js';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.js';

const REBOUND = 'rebound.attacker.test';
const QUERY = JSON.stringify({ query: '{ unreadNotificationCount }' });

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** One request to the app's port with any headers, Host included, on its own connection. */
function send(app: TestApp, init: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  const { port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, agent: false, method: init.method ?? 'GET', path: init.path ?? '/graphql', headers: init.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk) => (text += chunk)).on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {}
        resolve({ status: res.statusCode!, headers: res.headers, body });
      });
    });
    req.on('error', reject).end(init.body);
  });
}

const hostOf = (app: TestApp, name: string) => `${name}:${new URL(app.url).port}`;
const postQuery = (app: TestApp, headers: Record<string, string>) => send(app, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: QUERY });
const graphiql = (app: TestApp, host: string) => send(app, { headers: { host, accept: 'text/html' } });
const preflight = (app: TestApp, origin: string) =>
  send(app, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key' } });

const GET_QUERY = `/graphql?query=${encodeURIComponent('{ unreadNotificationCount }')}`;

/** The whole answer to a request written byte for byte, request line included. */
function rawRequest(port: number, requestLine: string, headers: Record<string, string>): Promise<string> {
  const head = [requestLine, ...Object.entries({ ...headers, 'X-GraphQL-CSRF': '1', Connection: 'close' }).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(`${head}\r\n\r\n`));
    socket.setEncoding('utf8').on('data', (chunk) => (text += chunk)).on('end', () => resolve(text)).on('error', reject);
  });
}

async function upstreamDuring<T>(app: TestApp, run: () => Promise<T>): Promise<{ answer: T; upstream: number }> {
  const before = (await app.sandbox.requests()).total;
  const answer = await run();
  return { answer, upstream: (await app.sandbox.requests()).total - before };
}

function expectRefused(answer: Answer, code: 'HOST_NOT_ALLOWED' | 'ORIGIN_NOT_ALLOWED', mentions: string) {
  expect(answer.status).toBe(403);
  expect(answer.body).toEqual({ errors: [{ message: expect.stringContaining(mentions), extensions: { code } }] });
  expect(answer.headers['access-control-allow-origin']).toBeUndefined();
}

describe('the default setup: loopback names and IP literals, no CORS_ORIGINS', () => {
  const app = useTestApp();

  it('refuses a POST /graphql with a rebound Host with 403 HOST_NOT_ALLOWED, without asking the portal', async () => {
    const { answer, upstream } = await upstreamDuring(app, () => postQuery(app, { host: hostOf(app, REBOUND) }));
    expectRefused(answer, 'HOST_NOT_ALLOWED', `Host ${REBOUND} is not served; expected one of localhost, *.localhost or an IP address`);
    expect(upstream).toBe(0);
  });

  it('refuses GraphiQL (a browser GET of /graphql) on a rebound Host, and renders it on localhost', async () => {
    expectRefused(await graphiql(app, hostOf(app, REBOUND)), 'HOST_NOT_ALLOWED', REBOUND);
    const served = await graphiql(app, hostOf(app, 'localhost'));
    expect(served.status).toBe(200);
    expect(served.body).toMatch(/<title>b24-notify-graphql<\/title>/);
  });

  it('serves /health, /ready and /metrics whatever the Host, for probes and scrapes by pod IP or any name', async () => {
    for (const path of ['/health', '/metrics']) {
      expect((await send(app, { path, headers: { host: hostOf(app, REBOUND) } })).status, path).toBe(200);
    }
    // Readiness is the portal's to decide: the same answer as on a served name, never a refusal.
    const ready = await send(app, { path: '/ready', headers: { host: hostOf(app, REBOUND) } });
    expect(ready.status).not.toBe(403);
    expect(ready.status).toBe((await send(app, { path: '/ready', headers: { host: hostOf(app, 'localhost') } })).status);
  });

  it('serves localhost, its subdomains and IP-literal Hosts', async () => {
    for (const name of ['localhost', 'app.localhost', '127.0.0.1', '10.0.0.7', '[::1]']) {
      const answer = await postQuery(app, { host: hostOf(app, name) });
      expect(answer.status, name).toBe(200);
      expect(answer.body.data.unreadNotificationCount, name).toBeTypeOf('number');
    }
  });

  it('refuses a rebound Host behind an absolute-form target naming localhost, since the two disagree', async () => {
    const port = Number(new URL(app.url).port);
    const query = await rawRequest(port, `GET http://localhost${GET_QUERY} HTTP/1.1`, { Host: REBOUND, Accept: 'application/json' });
    expect(query).toMatch(/^HTTP\/1\.1 400 /);
    expect(query).toContain('"code":"BAD_REQUEST"');
    expect(query).not.toContain('unreadNotificationCount');
    expect(await rawRequest(port, 'GET http://localhost/graphql HTTP/1.1', { Host: REBOUND, Accept: 'text/html' })).toMatch(/^HTTP\/1\.1 400 [^]*"code":"BAD_REQUEST"/);
    // A target naming the rebound host itself is judged by the Host guard.
    expect(await rawRequest(port, `GET http://${REBOUND}/graphql HTTP/1.1`, { Host: REBOUND, Accept: 'text/html' })).toMatch(/^HTTP\/1\.1 403 [^]*"code":"HOST_NOT_ALLOWED"/);
  });

  it('refuses a POST from an Origin that is neither a served name nor in CORS_ORIGINS with 403 ORIGIN_NOT_ALLOWED', async () => {
    for (const origin of ['https://evil.example', `http://${hostOf(app, REBOUND)}`]) {
      const { answer, upstream } = await upstreamDuring(app, () => postQuery(app, { origin }));
      expectRefused(answer, 'ORIGIN_NOT_ALLOWED', `Origin ${JSON.stringify(origin)} may not call this API`);
      expect(upstream).toBe(0);
    }
  });

  it('serves a POST from a page on a served name, such as a dev server on localhost', async () => {
    const answer = await postQuery(app, { origin: 'http://localhost:5173' });
    expect(answer.status).toBe(200);
    expect(answer.body.data.unreadNotificationCount).toBeTypeOf('number');
  });

  it('answers a preflight from a foreign origin with 403 and no Access-Control-Allow-Origin', async () => {
    const answer = await preflight(app, 'https://evil.example');
    expectRefused(answer, 'ORIGIN_NOT_ALLOWED', 'https://evil.example');
    expect(answer.headers.vary).toMatch(/\bOrigin\b/);
  });

  it('answers a preflight from a served-name origin without CORS headers, since none is configured', async () => {
    const answer = await preflight(app, 'http://localhost:5173');
    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    expect(answer.headers['access-control-allow-headers']).toBeUndefined();
    expect(answer.headers.vary).toMatch(/\bOrigin\b/);
  });
});

describe('with ALLOWED_HOSTS=api.example.com and two CORS_ORIGINS', () => {
  const app = useTestApp({ env: { ALLOWED_HOSTS: 'api.example.com', CORS_ORIGINS: 'https://app.example.com,https://admin.example.com' } });

  it('serves the name in ALLOWED_HOSTS and refuses its neighbours', async () => {
    const served = await postQuery(app, { host: 'api.example.com' });
    expect(served.status).toBe(200);
    expect(served.body.data.unreadNotificationCount).toBeTypeOf('number');
    expectRefused(await postQuery(app, { host: 'www.example.com' }), 'HOST_NOT_ALLOWED', 'api.example.com');
  });

  it('answers a preflight from a configured origin with that origin, the asked headers and Vary: Origin', async () => {
    for (const origin of ['https://app.example.com', 'https://admin.example.com']) {
      const answer = await preflight(app, origin);
      expect(answer.status, origin).toBe(204);
      expect(answer.headers['access-control-allow-origin'], origin).toBe(origin);
      expect(answer.headers['access-control-allow-methods'], origin).toBe('GET, POST');
      expect(answer.headers['access-control-allow-headers'], origin).toBe('content-type,x-api-key');
      expect(answer.headers.vary, origin).toMatch(/\bOrigin\b/);
      expect(answer.headers['access-control-allow-credentials'], origin).toBeUndefined();
    }
  });

  it('answers a preflight from any other origin without Access-Control-Allow-Origin', async () => {
    expectRefused(await preflight(app, 'https://evil.example'), 'ORIGIN_NOT_ALLOWED', 'https://evil.example');
    // A served name passes the Host guard, but CORS is still only for CORS_ORIGINS.
    const served = await preflight(app, 'http://localhost:5173');
    expect(served.status).toBe(204);
    expect(served.headers['access-control-allow-origin']).toBeUndefined();
    expect(served.headers.vary).toMatch(/\bOrigin\b/);
  });

  it('lets a configured origin POST and read the answer', async () => {
    const answer = await postQuery(app, { host: 'api.example.com', origin: 'https://app.example.com' });
    expect(answer.status).toBe(200);
    expect(answer.body.data.unreadNotificationCount).toBeTypeOf('number');
    expect(answer.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(answer.headers.vary).toMatch(/\bOrigin\b/);
  });
});

describe('request targets and Host headers yoga cannot make a URL of', () => {
  let sandbox: TestSandbox;
  let app: App;
  let port: number;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 'demo' });
    const { webhooks } = await sandbox.admin('POST', 'reset', { seed: 'demo' });
    app = createApp(loadConfig({ PORT: '0', B24_WEBHOOK_URL: webhooks[0].url }));
    port = Number(new URL(await app.listen()).port);
  });
  afterAll(async () => {
    await app?.close(100);
    await sandbox?.close();
  });

  const status = (answer: string) => Number(/^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1]);
  const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));

  it('answers a Host that is not a host name with 400 naming it, not 500 with a stack trace', async () => {
    for (const host of ['a b', `localhost:99999`, 'localhost:port', '[']) {
      for (const path of ['/graphql', '/health']) {
        const answer = await rawRequest(port, `POST ${path} HTTP/1.1`, { Host: host, 'Content-Type': 'application/json', 'Content-Length': String(QUERY.length) });
        expect(status(answer), `${host} ${path}`).toBe(400);
        expect(bodyOf(answer), `${host} ${path}`).toEqual({ errors: [{ message: `Host must be a host name or IP address with an optional port, got ${JSON.stringify(host)}`, extensions: { code: 'BAD_REQUEST' } }] });
      }
    }
  });

  it('answers OPTIONS * with 400', async () => {
    const answer = await rawRequest(port, 'OPTIONS * HTTP/1.1', { Host: `localhost:${port}` });
    expect(status(answer)).toBe(400);
    expect(bodyOf(answer).errors[0].message).toBe('The request target must be a path such as /graphql, got "*"');
  });

  it('serves an absolute-form target whose authority matches Host, as a proxy sends it', async () => {
    const answer = await rawRequest(port, `GET http://localhost:${port}${GET_QUERY} HTTP/1.1`, { Host: `localhost:${port}`, Accept: 'application/json' });
    expect(status(answer)).toBe(200);
    expect(bodyOf(answer).data.unreadNotificationCount).toBeTypeOf('number');
  });

  it('refuses an absolute-form target whose authority and Host differ, whichever names a served host', async () => {
    for (const [authority, host] of [[`localhost:${port}`, `${REBOUND}:${port}`], [`${REBOUND}:${port}`, `localhost:${port}`]]) {
      const answer = await rawRequest(port, `GET http://${authority}${GET_QUERY} HTTP/1.1`, { Host: host, Accept: 'application/json' });
      expect(status(answer), authority).toBe(400);
      expect(bodyOf(answer).errors[0].message, authority).toBe(`The request target names ${JSON.stringify(authority)} but Host says ${JSON.stringify(host)}; expected the same host in both`);
    }
  });

  it('leaves a rebound name in an absolute-form target to the Host guard', async () => {
    const answer = await rawRequest(port, `GET http://${REBOUND}:${port}${GET_QUERY} HTTP/1.1`, { Host: `${REBOUND}:${port}`, Accept: 'application/json' });
    expect(status(answer)).toBe(403);
    expect(bodyOf(answer).errors[0].extensions.code).toBe('HOST_NOT_ALLOWED');
  });
});
