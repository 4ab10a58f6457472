// Graceful drain (App.close, and SIGTERM in `npm start`): operations in flight finish and their
// results reach the client, new ones are refused with SHUTTING_DOWN, and then WebSockets close
// with 1012 Service Restart, which graphql-ws clients retry.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { MessageType } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApp, type App } from '../../src/server.js';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.js';
import { RawSocket } from '../support/ws-raw.js';

const SEND = 'mutation($input: SendNotificationInput!) { sendNotification(input: $input) { sent } }';
const COUNT = 'subscription { unreadNotificationCount }';
// The write is stored at once and its answer held back: the mutation is in flight meanwhile.
const SLOW_SEND = { method: 'im.notify.personal.add', when: 'after', latencyMs: 800, times: 1 };

let sandbox: TestSandbox;
let webhooks: Array<{ userId: number; url: string }>;
const apps: App[] = [];

beforeAll(async () => {
  sandbox = await startTestSandbox({ seed: 'demo' });
  ({ webhooks } = await sandbox.admin('POST', 'reset', { seed: 'demo' }));
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close(100)));
  await sandbox?.close();
});

async function start(): Promise<{ app: App; url: string }> {
  const app = createApp(loadConfig({ B24_WEBHOOK_URL: webhooks[0].url, PORT: '0' }));
  apps.push(app);
  return { app, url: await app.listen() };
}

/** Resolves once the portal has stored `count` sends in all. */
async function stored(portal: string, count: number): Promise<void> {
  await vi.waitFor(
    async () => {
      const { byMethod } = (await (await fetch(`${portal}/_sandbox/requests`)).json()) as { byMethod: Record<string, number> };
      expect(byMethod['im.notify.personal.add'] ?? 0).toBeGreaterThanOrEqual(count);
    },
    { timeout: 5000, interval: 20 },
  );
}

const sends = async () => (await sandbox.requests()).byMethod['im.notify.personal.add'] ?? 0;

/**
 * A connection whose request has begun but not ended: Node does not count it idle, so it
 * survives the server's close() and its request arrives during the drain.
 */
async function begunRequest(url: string, firstLines: string): Promise<{ finish(rest: string): Promise<string> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((done, fail) => socket.once('connect', done).once('error', fail));
  let answer = '';
  const ended = new Promise<string>((done) => {
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.once('close', () => done(answer));
    socket.on('error', () => undefined);
  });
  socket.write(firstLines);
  return {
    finish(rest) {
      socket.write(rest);
      return ended;
    },
  };
}

describe('App.close(graceMs)', () => {
  it('lets a WebSocket mutation in flight finish and deliver its result, refuses new operations, then closes every socket with 1012', async () => {
    const { app, url } = await start();
    const wsUrl = `${url.replace(/^http/, 'ws')}/graphql`;
    await sandbox.admin('POST', 'faults', SLOW_SEND);
    const before = await sends();
    const listener = await RawSocket.open(wsUrl);
    await listener.init();
    listener.subscribe('count', COUNT);
    expect(await listener.next('count')).toMatchObject({ type: MessageType.Next });
    const socket = await RawSocket.open(wsUrl);
    await socket.init();
    socket.subscribe('send', SEND, { input: { userId: String(webhooks[1].userId), message: 'sent while draining' } });
    await stored(sandbox.url, before + 1);

    const closing = app.close(5000);
    socket.subscribe('late', '{ __typename }');
    expect(await socket.next('late')).toEqual({
      id: 'late',
      type: MessageType.Error,
      payload: [expect.objectContaining({ message: expect.stringMatching(/shutting down/), extensions: { code: 'SHUTTING_DOWN' } })],
    });
    // Frames are kept in arrival order: these came before the close.
    expect(await socket.next('send')).toEqual({ id: 'send', type: MessageType.Next, payload: { data: { sendNotification: { sent: true } } } });
    expect(await socket.next('send')).toEqual({ id: 'send', type: MessageType.Complete });
    expect(await socket.closed).toEqual({ code: 1012, reason: expect.stringMatching(/^Service Restart/) });
    // A subscription is not waited for: it is told to reconnect elsewhere.
    expect((await listener.closed).code).toBe(1012);
    await closing;
  });

  it('answers requests that arrive during the drain with 503 SHUTTING_DOWN and connection: close, while the request in flight finishes', async () => {
    const { app, url } = await start();
    await sandbox.admin('POST', 'faults', SLOW_SEND);
    const before = await sends();
    const body = JSON.stringify({ query: SEND, variables: { input: { userId: String(webhooks[1].userId), message: 'sent over HTTP while draining' } } });
    const slow = fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await stored(sandbox.url, before + 1);

    const host = new URL(url).host;
    const lateQuery = await begunRequest(url, `POST /graphql HTTP/1.1\r\nHost: ${host}\r\n`);
    const lateUpgrade = await begunRequest(url, `GET /graphql HTTP/1.1\r\nHost: ${host}\r\n`);
    // Once this round trip is done, the server has read the lines above.
    expect((await fetch(`${url}/health`)).status).toBe(200);

    const closing = app.close(5000);
    const query = JSON.stringify({ query: '{ __typename }' });
    const refused = await lateQuery.finish(`Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(query)}\r\n\r\n${query}`);
    expect(refused).toMatch(/^HTTP\/1\.1 503 /);
    expect(refused).toMatch(/\r\nconnection: close\r\n/i);
    expect(JSON.parse(refused.slice(refused.indexOf('\r\n\r\n') + 4))).toEqual({ errors: [{ message: expect.stringMatching(/shutting down/), extensions: { code: 'SHUTTING_DOWN' } }] });

    const upgrade = await lateUpgrade.finish(
      `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n`,
    );
    expect(upgrade).toMatch(/^HTTP\/1\.1 503 /);
    expect(upgrade).toContain('SHUTTING_DOWN');

    const res = await slow;
    expect(res.status).toBe(200);
    // Its client will not send the next request down a connection that is going away.
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.json()).toEqual({ data: { sendNotification: { sent: true } } });
    await closing;
  });
});

/** `npm start` (embedded sandbox) in a child process, with only `env` of the facade's variables. */
function npmStart(env: Record<string, string>) {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(B24_|GRAPHQL_|HOST$|PORT$|API_KEYS$|CORS_ORIGINS$|ALLOWED_HOSTS$|SHUTDOWN_GRACE_MS$)/.test(name)));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { ...inherited, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (output.stdout += chunk));
  child.stderr.on('data', (chunk) => (output.stderr += chunk));
  return {
    child,
    output,
    exited: new Promise<number | null>((done) => child.once('exit', (code) => done(code))),
    /** Resolves once the startup lines are printed (the last is the sandbox's second webhook user). */
    started: () => vi.waitFor(() => expect(output.stdout).toMatch(/sandbox webhook user \d+: .*\n.*sandbox webhook user \d+:/), { timeout: 20_000, interval: 50 }),
  };
}

describe('npm start', () => {
  it('names the Host names it serves when HOST is beyond loopback and ALLOWED_HOSTS is empty', async () => {
    const { child, output, exited, started } = npmStart({ HOST: '0.0.0.0', API_KEYS: 'drain-test-key-0123' });
    try {
      await started();
      await vi.waitFor(() => expect(output.stdout).toMatch(/^hosts:.*\n/m));
      expect(output.stdout.split('\n').filter((line) => line.startsWith('hosts:'))).toEqual([
        'hosts: HOST is 0.0.0.0; serving the Host names localhost, *.localhost and IP literals; ALLOWED_HOSTS adds names',
      ]);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);

  it('on SIGTERM finishes the operation in flight, delivers its result, closes WebSockets with 1012 and exits 0', async () => {
    const { child, output, exited, started } = npmStart({ SHUTDOWN_GRACE_MS: '5000' });
    try {
      await started();
      const { stdout } = output;
      expect(stdout).not.toMatch(/^hosts:/m);
      const api = /GraphiQL: (http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(stdout)![1];
      const portal = /sandbox portal: (\S+)/.exec(stdout)![1];
      const recipient = [...stdout.matchAll(/sandbox webhook user (\d+):/g)][1][1];

      const socket = await RawSocket.open(`${api.replace(/^http/, 'ws')}/graphql`);
      await socket.init();
      await fetch(`${portal}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SLOW_SEND) });
      const body = JSON.stringify({ query: SEND, variables: { input: { userId: recipient, message: 'sent across SIGTERM' } } });
      const sent = fetch(`${api}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await stored(portal, 1);
      child.kill('SIGTERM');

      const res = await sent;
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ data: { sendNotification: { sent: true } } });
      expect((await socket.closed).code).toBe(1012);
      expect(await exited).toBe(0);
      expect(output.stdout).toMatch(/shutdown: SIGTERM, draining for up to 5000 ms \(SHUTDOWN_GRACE_MS\)/);
      expect(output.stderr).toBe('');
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);
});
