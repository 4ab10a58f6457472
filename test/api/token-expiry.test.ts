// OAuth pass-through: a token the portal calls expired is a 401 over HTTP, whether the facade
// meets it for the first time or has served it before (its user is then cached).
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config.js';
import { type App, createApp } from '../../src/server.js';
import { type TestSandbox, startTestSandbox } from '../support/sandbox.js';

describe('an expired OAuth token over HTTP', () => {
  let sandbox: TestSandbox;
  let app: App;
  let url: string;
  let clientId: string;
  let userId: number;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 'demo' });
    userId = (await sandbox.givenUser()).id;
    clientId = (await sandbox.givenApp()).clientId;
    app = createApp(loadConfig({ PORT: '0', B24_PORTAL_URL: sandbox.url }));
    url = `${await app.listen()}/graphql`;
  });
  afterAll(async () => {
    await app?.close(100);
    await sandbox?.close();
  });

  const inbox = (token: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ notifications(first: 1) { totalCount } }' }) });

  it('answers 401 with expired_token and a Bearer challenge for a token it never saw', async () => {
    const token = (await sandbox.givenToken(clientId, userId)).access_token;
    await sandbox.admin('POST', 'tokens/expire', { access_token: token });
    const res = await inbox(token);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect((await res.json()).errors[0].extensions.code).toBe('expired_token');
  });

  it('answers 401 with expired_token for a token it served before, once the portal says it expired', async () => {
    const token = (await sandbox.givenToken(clientId, userId)).access_token;
    expect((await inbox(token)).status).toBe(200);
    await sandbox.admin('POST', 'tokens/expire', { access_token: token });
    const res = await inbox(token);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    const body = await res.json();
    expect(body.errors[0].extensions).toMatchObject({ code: 'expired_token', bitrix24: { error: 'expired_token', status: 401 } });
    expect(JSON.stringify(body)).not.toContain(token);
  });

  it('reports a token that expired under an open WebSocket as an operation error with the portal\'s code, and no HTTP internals', async () => {
    const token = (await sandbox.givenToken(clientId, userId)).access_token;
    const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${token}` } });
    const once = async () => {
      for await (const result of client.iterate({ query: '{ notifications(first: 1) { totalCount } }' })) return result;
      throw new Error('the query completed without a result');
    };
    try {
      expect((await once()).errors).toBeUndefined();
      await sandbox.admin('POST', 'tokens/expire', { access_token: token });
      const { errors } = await once();
      expect(errors?.[0].extensions).toMatchObject({ code: 'expired_token' });
      expect(errors?.[0].extensions).not.toHaveProperty('http');
    } finally {
      await client.dispose();
    }
  });
});
