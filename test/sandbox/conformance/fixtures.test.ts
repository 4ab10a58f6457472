// The sandbox's own fixtures, faults and request-log API (README "Fixtures and faults API").
import { createHash } from 'node:crypto';
import { describe, it, expect, beforeEach } from 'vitest';
import { useSandbox } from '../../support/sandbox.js';
import {
  ERR,
  advance,
  expectError,
  expectSuccess,
  newSessionUser,
  newTokenUser,
  newWebhookUser,
  notificationsOf,
} from './helpers-transport.js';

const sb = useSandbox();

beforeEach(async () => {
  await sb.admin('DELETE', 'faults');
});

const json = (value: unknown) => ({ body: JSON.stringify(value), contentType: 'application/json' });
const fault = (spec: Record<string, unknown>) => sb.admin<{ id: unknown }>('POST', 'faults', spec);

/** A fetch that must fail at the transport level (socket reset or client abort). */
async function expectTransportFailure(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toThrow();
}

describe('fixtures: users, webhooks, apps', () => {
  it('creates a user with a given id and lists it', async () => {
    const user = await sb.admin('POST', 'users', { id: 4242, firstName: 'Given', lastName: 'Id' });
    expect(user.id).toBe(4242);
    const { users } = await sb.admin('GET', 'users');
    expect(users.map((u: any) => u.id)).toContain(4242);
  });

  it('creates a webhook with the default scopes im,user and a working url', async () => {
    const user = await sb.givenUser();
    const hook = await sb.admin('POST', 'webhooks', { userId: user.id });
    expect(hook.userId).toBe(user.id);
    expect(hook.secret).toBeTypeOf('string');
    expect([...hook.scopes].sort()).toEqual(['im', 'user']);
    expect(hook.url).toBe(`${sb.url}/rest/${user.id}/${hook.secret}/`);
    const path = new URL(hook.url).pathname;
    expectSuccess(await sb.raw(`${path}im.notify.get`, { method: 'GET' }));
  });

  it('creates a webhook with a given secret', async () => {
    const user = await sb.givenUser();
    const hook = await sb.admin('POST', 'webhooks', { userId: user.id, secret: 'chosensecret123' });
    expect(hook.secret).toBe('chosensecret123');
    expectSuccess(await sb.call({ webhook: { userId: user.id, secret: 'chosensecret123' } }, 'im.notify.get'));
  });

  it('creates an app whose appKey is the first 5 hex characters of md5(clientId)', async () => {
    const app = await sb.admin('POST', 'apps', { clientId: 'app.573ad8a0346747.09223434', clientSecret: 's3cr3t', name: 'Demo' });
    expect(app.clientId).toBe('app.573ad8a0346747.09223434');
    expect(app.clientSecret).toBe('s3cr3t');
    expect(app.appKey).toBe('a4df9');
    const other = await sb.givenApp();
    expect(other.appKey).toBe(createHash('md5').update(other.clientId).digest('hex').slice(0, 5));
  });

  it.each([
    ['notifications', { userId: 999_999, message: 'x' }, 'userId must name an existing user, got 999999'],
    ['notifications', { userId: 'me', message: 'x' }, 'userId must name an existing user, got "me"'],
    ['notifications', { userId: 1, message: 'x', type: 'urgent' }, 'type must be "confirm", "personal" or "system", got "urgent"'],
    ['notifications', { userId: 1, message: 'x', date: 'soon' }, 'date must be ISO-8601 or Unix seconds, got "soon"'],
    ['notifications', { userId: 1, message: 42 }, 'message must be a string, got 42'],
    ['faults', { method: 'im.notify.get', latencyMs: -1 }, 'latencyMs must be a number >= 0, got -1'],
    ['faults', { method: 'im.notify.get', when: 'later' }, 'when must be "before" or "after", got "later"'],
    ['config', { rateLimit: '50 per 2' }, 'rate limit must be "X/Y" with positive numbers (e.g. "50/2") or "off", got "50 per 2"'],
    ['config', { timeZone: 'Mars/Olympus' }, 'time zone must be an IANA name or an offset like +03:00, got "Mars/Olympus"'],
    ['clock', { advanceSeconds: 'an hour' }, 'advanceSeconds must be a number > 0, got "an hour"'],
    ['tokens', { clientId: 'nope', userId: 1 }, 'clientId must name an app created through /_sandbox/apps, got "nope"'],
    ['operating', { method: 'im.notify.get', seconds: 5, entity: 'nobody' }, 'entity must be an app\'s clientId or a webhook\'s id, got "nobody"'],
  ])('names the problem in a 400 for POST /_sandbox/%s %j', async (path, body, message) => {
    await sb.givenUser({ id: 1 }).catch(() => undefined);
    const reply = await sb.raw(`/_sandbox/${path}`, { method: 'POST', ...json(body) });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: 'BAD_FIXTURE', error_description: message });
  });

  it('answers bad fixture input with 400 and { error, error_description }', async () => {
    for (const [path, body] of [
      ['/_sandbox/faults', {}],
      ['/_sandbox/webhooks', {}],
      ['/_sandbox/sessions', {}],
    ] as const) {
      const reply = await sb.raw(path, { method: 'POST', ...json(body) });
      expect(reply.status).toBe(400);
      expect(reply.body.error).toBeTypeOf('string');
      expect(reply.body.error_description).toBeTypeOf('string');
    }
  });
});

describe('reset', () => {
  it('clears users and webhooks and answers { webhooks: [] } for the empty seed', async () => {
    const me = await newWebhookUser(sb);
    expectSuccess(await sb.call(me.auth, 'im.notify.get'));
    const answer = await sb.admin('POST', 'reset', { seed: 'empty' });
    expect(answer).toEqual({ webhooks: [] });
    expect(await sb.admin('GET', 'users')).toEqual({ users: [] });
    expectError(await sb.call(me.auth, 'im.notify.get'), 401, ERR.invalidCredentials);
  });

  it('seeds demo users with working webhooks', async () => {
    try {
      const answer = await sb.admin('POST', 'reset', { seed: 'demo' });
      expect(answer.webhooks.length).toBeGreaterThan(0);
      for (const hook of answer.webhooks) {
        expect(hook.url).toBe(`${sb.url}/rest/${hook.userId}/${hook.secret}/`);
        expectSuccess(await sb.call({ webhook: { userId: hook.userId, secret: hook.secret } }, 'im.notify.get'));
      }
      const { users } = await sb.admin('GET', 'users');
      expect(users.length).toBeGreaterThan(0);
    } finally {
      await sb.admin('POST', 'reset', { seed: 'empty' });
    }
  });

  it('clears the request log, the faults and the clock offset', async () => {
    const me = await newWebhookUser(sb);
    await advance(sb, 86400);
    const before = (await sb.call(me.auth, 'im.notify.get')).body.time.start;
    expect(before).toBeGreaterThan(Date.now() / 1000 + 86000);
    await fault({ method: 'im.notify.get', status: 500 });
    await sb.admin('POST', 'reset', { seed: 'empty' });
    expect((await sb.requests()).total).toBe(0);
    const again = await newWebhookUser(sb);
    const reply = await sb.call(again.auth, 'im.notify.get');
    expectSuccess(reply);
    expect(reply.body.time.start).toBeLessThan(Date.now() / 1000 + 3600);
  });

  it('clears preset operating time', async () => {
    const me = await newWebhookUser(sb);
    await sb.admin('POST', 'operating', { method: 'im.notify.get', seconds: 100000 });
    expectError(await sb.call(me.auth, 'im.notify.get'), 429, ERR.operatingLimit);
    await sb.admin('POST', 'reset', { seed: 'empty' });
    const again = await newWebhookUser(sb);
    const reply = await sb.call(again.auth, 'im.notify.get');
    expectSuccess(reply);
    expect(reply.body.time.operating).toBe(0);
  });
});

describe('snapshot and restore', () => {
  it('restores the state of the snapshot, dropping later changes', async () => {
    const me = await newWebhookUser(sb);
    const kept = (await sb.call(me.auth, 'im.notify.system.add', { USER_ID: me.userId, MESSAGE: 'kept' })).body.result;
    const snapshot = await sb.admin('GET', 'snapshot');
    expect(snapshot).toBeTypeOf('object');
    await sb.call(me.auth, 'im.notify.system.add', { USER_ID: me.userId, MESSAGE: 'dropped' });
    expect((await notificationsOf(sb, me.auth)).map((n) => n.text)).toEqual(['dropped', 'kept']);
    await sb.admin('POST', 'restore', snapshot);
    const list = await notificationsOf(sb, me.auth);
    expect(list.map((n) => n.id)).toEqual([kept]);
    expect(list[0].text).toBe('kept');
  });

  it('brings back users, webhooks and notifications after a reset', async () => {
    const me = await newWebhookUser(sb);
    await sb.call(me.auth, 'im.notify.system.add', { USER_ID: me.userId, MESSAGE: 'survives' });
    const snapshot = await sb.admin('GET', 'snapshot');
    await sb.admin('POST', 'reset', { seed: 'empty' });
    expectError(await sb.call(me.auth, 'im.notify.get'), 401, ERR.invalidCredentials);
    await sb.admin('POST', 'restore', snapshot);
    expect((await notificationsOf(sb, me.auth)).map((n) => n.text)).toEqual(['survives']);
  });

  it('keeps id sequences after a restore: new notifications get higher ids', async () => {
    const me = await newWebhookUser(sb);
    const first = (await sb.call(me.auth, 'im.notify.system.add', { USER_ID: me.userId, MESSAGE: 'one' })).body.result;
    const snapshot = await sb.admin('GET', 'snapshot');
    await sb.admin('POST', 'restore', snapshot);
    const second = (await sb.call(me.auth, 'im.notify.system.add', { USER_ID: me.userId, MESSAGE: 'two' })).body.result;
    expect(second).toBeGreaterThan(first);
  });
});

describe('faults', () => {
  it('delays the answer with latencyMs and still answers normally', async () => {
    const me = await newWebhookUser(sb);
    await fault({ method: 'im.notify.get', latencyMs: 30 });
    const reply = await sb.call(me.auth, 'im.notify.get');
    expect(expectSuccess(reply)).toEqual({ notifications: [], users: [] });
  });

  it('answers a bare status with an INTERNAL_SERVER_ERROR envelope of that status', async () => {
    const me = await newWebhookUser(sb);
    await fault({ method: 'im.notify.get', status: 502 });
    expectError(await sb.call(me.auth, 'im.notify.get'), 502, { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' });
  });

  it('answers a chosen error envelope with its status', async () => {
    const me = await newWebhookUser(sb);
    await fault({ method: 'im.notify.get', error: { code: 'QUERY_LIMIT_EXCEEDED', description: 'Too many requests', status: 503 } });
    expectError(await sb.call(me.auth, 'im.notify.get'), 503, ERR.queryLimit);
  });

  it('destroys the socket with reset', async () => {
    const me = await newWebhookUser(sb);
    await fault({ method: 'im.notify.get', reset: true, times: 1 });
    await expectTransportFailure(sb.call(me.auth, 'im.notify.get'));
    expectSuccess(await sb.call(me.auth, 'im.notify.get'));
  });

  it('never answers with hang; the client aborts and the sandbox keeps serving', async () => {
    const me = await newWebhookUser(sb);
    await fault({ method: 'im.notify.get', hang: true, times: 1 });
    const pending = fetch(`${sb.url}${me.base}/im.notify.get`, { method: 'POST', signal: AbortSignal.timeout(300) });
    await expectTransportFailure(pending);
    expectSuccess(await sb.call(me.auth, 'im.notify.get'));
  });

  it('hits only as many requests as times says', async () => {
    const me = await newWebhookUser(sb);
    await fault({ method: 'im.notify.get', status: 500, times: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await sb.call(me.auth, 'im.notify.get')).status);
    expect(statuses).toEqual([500, 500, 200, 200]);
  });

  it("stores a write before cutting the answer with when: 'after'", async () => {
    const me = await newWebhookUser(sb);
    await fault({ method: 'im.notify.system.add', when: 'after', reset: true, times: 1 });
    await expectTransportFailure(sb.call(me.auth, 'im.notify.system.add', { USER_ID: me.userId, MESSAGE: 'stored anyway' }));
    expect((await notificationsOf(sb, me.auth)).map((n) => n.text)).toEqual(['stored anyway']);
  });

  it("stores a write and then answers the fault status with when: 'after'", async () => {
    const me = await newWebhookUser(sb);
    await fault({ method: 'im.notify.system.add', when: 'after', status: 500, times: 1 });
    expect((await sb.call(me.auth, 'im.notify.system.add', { USER_ID: me.userId, MESSAGE: 'after status' })).status).toBe(500);
    expect((await notificationsOf(sb, me.auth)).map((n) => n.text)).toEqual(['after status']);
  });

  it("does not run the method with the default when: 'before'", async () => {
    const me = await newWebhookUser(sb);
    await fault({ method: 'im.notify.system.add', status: 500, times: 1 });
    expect((await sb.call(me.auth, 'im.notify.system.add', { USER_ID: me.userId, MESSAGE: 'never stored' })).status).toBe(500);
    expect(await notificationsOf(sb, me.auth)).toEqual([]);
  });

  it('matches the top-level method name lower-cased', async () => {
    const me = await newWebhookUser(sb);
    await fault({ method: 'im.notify.get', status: 500 });
    expect((await sb.call(me.auth, 'IM.Notify.Get')).status).toBe(500);
    expect((await sb.raw(`${me.base}/im.notify.get.json`, { method: 'GET' })).status).toBe(500);
  });

  it('leaves other methods alone', async () => {
    const me = await newWebhookUser(sb);
    await fault({ method: 'im.notify.get', status: 500 });
    expectSuccess(await sb.call(me.auth, 'im.notify.schema.get'));
  });

  it('matches a batch by "batch", not by the methods of its commands', async () => {
    const me = await newWebhookUser(sb);
    await fault({ method: 'im.notify.get', status: 500 });
    const r = expectSuccess(await sb.call(me.auth, 'batch', { cmd: ['im.notify.get'] }));
    expect(r.result).toEqual([{ notifications: [], users: [] }]);
    await sb.admin('DELETE', 'faults');
    await fault({ method: 'batch', status: 502 });
    expect((await sb.call(me.auth, 'batch', { cmd: ['im.notify.get'] })).status).toBe(502);
    expectSuccess(await sb.call(me.auth, 'im.notify.get'));
  });

  it('matches every method with "*"', async () => {
    const me = await newWebhookUser(sb);
    await fault({ method: '*', status: 500 });
    const statuses = [
      (await sb.call(me.auth, 'im.notify.get')).status,
      (await sb.call(me.auth, 'user.current')).status,
      (await sb.call(me.auth, 'batch', { cmd: ['user.current'] })).status,
    ];
    expect(statuses).toEqual([500, 500, 500]);
  });

  it('removes every fault with DELETE /_sandbox/faults', async () => {
    const me = await newWebhookUser(sb);
    await fault({ method: 'im.notify.get', status: 500 });
    await fault({ method: '*', status: 503 });
    await sb.admin('DELETE', 'faults');
    expectSuccess(await sb.call(me.auth, 'im.notify.get'));
    expectSuccess(await sb.call(me.auth, 'user.current'));
  });
});

describe('request log', () => {
  beforeEach(async () => {
    await sb.admin('DELETE', 'requests');
  });

  it('starts empty after DELETE /_sandbox/requests', async () => {
    const log = await sb.requests();
    expect(log.total).toBe(0);
    expect(log.requests).toEqual([]);
    expect(log.limited).toBe(0);
  });

  it('counts /rest/ requests only, not /_sandbox/ or /oauth/token/', async () => {
    const me = await newWebhookUser(sb);
    const t = await newTokenUser(sb);
    await sb.call(me.auth, 'im.notify.get');
    await sb.admin('GET', 'users');
    await sb.raw('/oauth/token/', {
      method: 'GET',
      query: new URLSearchParams({ grant_type: 'refresh_token', client_id: t.clientId, client_secret: t.clientSecret, refresh_token: t.refreshToken }).toString(),
    });
    await sb.call(me.auth, 'im.notify.schema.get');
    const log = await sb.requests();
    expect(log.total).toBe(2);
    expect(log.byMethod).toEqual({ 'im.notify.get': 1, 'im.notify.schema.get': 1 });
    expect(log.requests.map((r: any) => r.method)).toEqual(['im.notify.get', 'im.notify.schema.get']);
    // The token call is counted apart from /rest/ requests.
    expect(log.tokenRequests).toBe(1);
  });

  it('records method, HTTP method, auth type, user, status and error of each request', async () => {
    const me = await newWebhookUser(sb);
    const t = await newTokenUser(sb);
    const s = await newSessionUser(sb);
    await sb.call(me.auth, 'im.notify.get');
    await sb.raw(`/rest/im.notify.get.json`, { method: 'GET', query: `auth=${t.token}` });
    await sb.call({ sessid: s.sessid }, 'im.notify.get');
    await sb.call(null, 'im.notify.get');
    const log = await sb.requests();
    expect(log.total).toBe(4);
    expect(log.byMethod).toEqual({ 'im.notify.get': 4 });
    const entries = log.requests;
    expect(entries.map((r: any) => [r.httpMethod, r.method, r.auth, r.status])).toEqual([
      ['POST', 'im.notify.get', 'webhook', 200],
      ['GET', 'im.notify.get', 'oauth', 200],
      ['POST', 'im.notify.get', 'session', 200],
      ['POST', 'im.notify.get', 'none', 401],
    ]);
    expect(entries.slice(0, 3).map((r: any) => r.userId)).toEqual([me.userId, t.userId, s.userId]);
    expect(entries[3].error).toBe('NO_AUTH_FOUND');
    expect(entries[0].error).toBeUndefined();
    for (let i = 1; i < entries.length; i++) expect(entries[i].seq).toBeGreaterThan(entries[i - 1].seq);
    for (const e of entries) {
      expect(e.ip).toMatch(/127\.0\.0\.1$/);
      expect(e).toHaveProperty('at');
      expect(e.bucketLevel).toBeTypeOf('number');
    }
  });

  it('records the number of commands of a batch', async () => {
    const me = await newWebhookUser(sb);
    await sb.call(me.auth, 'batch', { cmd: ['user.current', 'im.notify.get', 'im.notify.schema.get'] });
    const log = await sb.requests();
    expect(log.total).toBe(1);
    expect(log.byMethod).toEqual({ batch: 1 });
    expect(log.requests[0].method).toBe('batch');
    expect(log.requests[0].batchSize).toBe(3);
  });

  it('records error codes of failed requests', async () => {
    const me = await newWebhookUser(sb);
    await sb.call({ webhook: { userId: me.userId, secret: 'wrong' } }, 'im.notify.get');
    await sb.call(me.auth, 'im.notify.system.add', {});
    await sb.call({ token: 'nope' }, 'im.notify.get');
    const log = await sb.requests();
    expect(log.requests.map((r: any) => [r.status, r.error])).toEqual([
      [401, 'INVALID_CREDENTIALS'],
      [400, 'USER_ID_EMPTY'],
      [401, 'invalid_token'],
    ]);
  });

  it('never records webhook secrets, tokens, refresh tokens, client secrets or session ids', async () => {
    const me = await newWebhookUser(sb);
    const t = await newTokenUser(sb);
    const s = await newSessionUser(sb);
    await sb.call(me.auth, 'im.notify.get');
    await sb.raw(`${me.base}/im.notify.get.json`, { method: 'GET' });
    await sb.call({ webhook: { userId: me.userId, secret: me.secret + 'typo' } }, 'im.notify.get');
    for (const via of ['body', 'query', 'bearer', 'access_token'] as const) await sb.call({ token: t.token, via }, 'im.notify.get');
    await sb.call({ token: t.token }, 'batch', { cmd: ['user.current'] });
    await sb.call({ sessid: s.sessid, via: 'param' }, 'im.notify.get');
    await sb.call({ sessid: s.sessid, via: 'header' }, 'im.notify.get');
    await sb.raw('/oauth/token/', {
      method: 'GET',
      query: new URLSearchParams({ grant_type: 'refresh_token', client_id: t.clientId, client_secret: t.clientSecret, refresh_token: t.refreshToken }).toString(),
    });
    const log = await sb.requests();
    expect(log.total).toBe(10);
    const text = JSON.stringify(log);
    for (const secret of [me.secret, t.token, t.refreshToken, t.clientSecret, s.sessid]) {
      expect(text).not.toContain(secret);
    }
  });
});
