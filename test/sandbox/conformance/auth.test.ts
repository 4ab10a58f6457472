// Spec A.4 (authentication order, webhook / OAuth / session), the auth rows of the A.7 system error table,
// E.10 (auth error statuses).
import { describe, it, expect } from 'vitest';
import { useSandbox } from '../../support/sandbox.js';
import { ERR, expectError, expectSuccess, newSessionUser, newTokenUser, newWebhookUser } from './helpers-transport.js';

const sb = useSandbox();

const json = (value: unknown) => ({ body: JSON.stringify(value), contentType: 'application/json' });

/** user.current's ID, compared as a string so the test does not depend on its JSON type. */
const currentUserId = (reply: { body: any }) => String(expectSuccess(reply as any).ID);

describe('A.4 webhook authentication', () => {
  it('acts as the webhook owner', async () => {
    const me = await newWebhookUser(sb);
    expect(currentUserId(await sb.call(me.auth, 'user.current'))).toBe(String(me.userId));
  });

  it('works over plain http on loopback (Https required is not enforced)', async () => {
    const me = await newWebhookUser(sb);
    expect(sb.url.startsWith('http://')).toBe(true);
    expectSuccess(await sb.call(me.auth, 'im.notify.get'));
  });

  it('recognises webhook credentials given as aplogin/ap parameters (the path segments become these parameters)', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw('/rest/user.current', { method: 'GET', query: `aplogin=${me.userId}&ap=${me.secret}` });
    expect(String(expectSuccess(reply).ID)).toBe(String(me.userId));
  });

  it('answers a wrong secret with 401 INVALID_CREDENTIALS', async () => {
    const me = await newWebhookUser(sb);
    expectError(await sb.call({ webhook: { userId: me.userId, secret: me.secret + 'x' } }, 'im.notify.get'), 401, ERR.invalidCredentials);
  });

  it("answers another user's secret with 401 INVALID_CREDENTIALS (the secret must belong to the user in the path)", async () => {
    const a = await newWebhookUser(sb);
    const b = await newWebhookUser(sb);
    expectError(await sb.call({ webhook: { userId: a.userId, secret: b.secret } }, 'im.notify.get'), 401, ERR.invalidCredentials);
  });

  it('answers an unknown user id in the webhook path with 401 INVALID_CREDENTIALS', async () => {
    const me = await newWebhookUser(sb);
    expectError(await sb.call({ webhook: { userId: 987654, secret: me.secret } }, 'im.notify.get'), 401, ERR.invalidCredentials);
  });

  it('answers a webhook without scope im calling an im method with 401 insufficient_scope (webhook wording)', async () => {
    const me = await newWebhookUser(sb, ['user']);
    expectError(await sb.call(me.auth, 'im.notify.get'), 401, ERR.scopeWebhook);
    expectError(await sb.call(me.auth, 'im.notify.system.add', { USER_ID: me.userId, MESSAGE: 'x' }), 401, ERR.scopeWebhook);
  });

  it('answers a webhook without scope user calling user.current or user.get with 401 insufficient_scope', async () => {
    const me = await newWebhookUser(sb, ['im']);
    expectError(await sb.call(me.auth, 'user.current'), 401, ERR.scopeWebhook);
    expectError(await sb.call(me.auth, 'user.get', { ID: me.userId }), 401, ERR.scopeWebhook);
  });

  it('lets a webhook without scope im call batch (batch needs no scope)', async () => {
    const me = await newWebhookUser(sb, ['user']);
    const result = expectSuccess(await sb.call(me.auth, 'batch', { cmd: ['user.current'] }));
    expect(String(result.result[0].ID)).toBe(String(me.userId));
  });

  it('checks the webhook secret before the scope (wrong secret of an im-less webhook is INVALID_CREDENTIALS)', async () => {
    const me = await newWebhookUser(sb, ['user']);
    expectError(await sb.call({ webhook: { userId: me.userId, secret: 'wrong' } }, 'im.notify.get'), 401, ERR.invalidCredentials);
  });
});

describe('A.4 OAuth authentication', () => {
  it.each(['body', 'query', 'bearer', 'access_token'] as const)('acts as the token user with the token passed via %s', async (via) => {
    const t = await newTokenUser(sb);
    expect(currentUserId(await sb.call({ token: t.token, via }, 'user.current'))).toBe(String(t.userId));
  });

  it('prefers the Bearer header over the auth parameter', async () => {
    const t = await newTokenUser(sb);
    const good = await sb.raw('/rest/im.notify.get', { method: 'POST', headers: { authorization: `Bearer ${t.token}` }, ...json({ auth: 'garbage' }) });
    expectSuccess(good);
    const bad = await sb.raw('/rest/im.notify.get', { method: 'POST', headers: { authorization: 'Bearer garbage' }, ...json({ auth: t.token }) });
    expectError(bad, 401, ERR.invalidToken);
  });

  it('prefers the auth parameter over access_token', async () => {
    const t = await newTokenUser(sb);
    expectSuccess(await sb.raw('/rest/im.notify.get', { method: 'POST', ...json({ auth: t.token, access_token: 'garbage' }) }));
    expectError(await sb.raw('/rest/im.notify.get', { method: 'POST', ...json({ auth: 'garbage', access_token: t.token }) }), 401, ERR.invalidToken);
  });

  it('answers an unknown token with 401 invalid_token', async () => {
    expectError(await sb.call({ token: 'unknown-token-0000' }, 'im.notify.get'), 401, ERR.invalidToken);
  });

  it('answers an unknown Bearer token with 401 invalid_token', async () => {
    expectError(await sb.call({ token: 'unknown-token-0001', via: 'bearer' }, 'im.notify.get'), 401, ERR.invalidToken);
  });

  it('answers a token without scope im calling an im method with 401 insufficient_scope (access token wording)', async () => {
    const t = await newTokenUser(sb, { scopes: ['user'], appScopes: ['user'] });
    expectError(await sb.call({ token: t.token }, 'im.notify.get'), 401, ERR.scopeToken);
  });

  it('answers a token without scope user calling user.current with 401 insufficient_scope (access token wording)', async () => {
    const t = await newTokenUser(sb, { scopes: ['im'], appScopes: ['im'] });
    expectError(await sb.call({ token: t.token }, 'user.current'), 401, ERR.scopeToken);
    expectSuccess(await sb.call({ token: t.token }, 'im.notify.get'));
  });

  it('answers a force-expired token with 401 expired_token', async () => {
    const t = await newTokenUser(sb);
    await sb.admin('POST', 'tokens/expire', { access_token: t.token });
    expectError(await sb.call({ token: t.token }, 'im.notify.get'), 401, ERR.expiredToken);
  });

  it('answers the token of an uninstalled app with 401 APPLICATION_NOT_FOUND', async () => {
    const t = await newTokenUser(sb);
    expectSuccess(await sb.call({ token: t.token }, 'im.notify.get'));
    await sb.admin('POST', 'apps/uninstall', { clientId: t.clientId });
    const reply = await sb.call({ token: t.token }, 'im.notify.get');
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ error: 'APPLICATION_NOT_FOUND', error_description: 'Application not found' });
  });

  it('treats an empty auth parameter as no credentials (NO_AUTH_FOUND)', async () => {
    expectError(await sb.raw('/rest/im.notify.get', { method: 'POST', ...json({ auth: '' }) }), 401, ERR.noAuth);
  });

  it('treats an array auth parameter as no credentials (NO_AUTH_FOUND)', async () => {
    const t = await newTokenUser(sb);
    expectError(await sb.raw('/rest/im.notify.get', { method: 'POST', ...json({ auth: [t.token] }) }), 401, ERR.noAuth);
  });
});

describe('A.4 session authentication', () => {
  it('acts as the session user with sessid as a parameter', async () => {
    const s = await newSessionUser(sb);
    expect(currentUserId(await sb.call({ sessid: s.sessid, via: 'param' }, 'user.current'))).toBe(String(s.userId));
  });

  it('acts as the session user with the X-Bitrix-Csrf-Token header', async () => {
    const s = await newSessionUser(sb);
    expect(currentUserId(await sb.call({ sessid: s.sessid, via: 'header' }, 'user.current'))).toBe(String(s.userId));
    expectSuccess(await sb.call({ sessid: s.sessid, via: 'header' }, 'im.notify.get'));
  });

  it('accepts sessid in the query string', async () => {
    const s = await newSessionUser(sb);
    expectSuccess(await sb.raw('/rest/im.notify.get.json', { method: 'GET', query: `sessid=${encodeURIComponent(s.sessid)}` }));
  });

  it('answers an unknown sessid with 401 NO_AUTH_FOUND "Wrong authorization data"', async () => {
    for (const via of ['param', 'header'] as const) {
      const reply = await sb.call({ sessid: 'no-such-session', via }, 'im.notify.get');
      expect(reply.status).toBe(401);
      // Session errors may carry extra keys (sessid, extended_error): spec A.7.
      expect(reply.body).toMatchObject(ERR.noAuth);
      expect(reply.body).not.toHaveProperty('time');
      expect(reply.body).not.toHaveProperty('result');
    }
  });

  it('makes the session auth type visible to methods: im.notify.system.add refuses it with WRONG_AUTH_TYPE', async () => {
    const s = await newSessionUser(sb);
    expectError(await sb.call({ sessid: s.sessid }, 'im.notify.system.add', { USER_ID: s.userId, MESSAGE: 'x' }), 403, ERR.wrongAuthType);
  });
});

describe('A.4 / A.7 order of checks and statuses (E.10)', () => {
  it('answers a call without any credentials with 401 NO_AUTH_FOUND', async () => {
    expectError(await sb.call(null, 'im.notify.get'), 401, ERR.noAuth);
  });

  it('answers NO_AUTH_FOUND for a GET without credentials, too', async () => {
    expectError(await sb.raw('/rest/im.notify.get.json', { method: 'GET' }), 401, ERR.noAuth);
  });

  it('checks method existence before credentials on every URL form', async () => {
    expectError(await sb.raw('/rest/no.such.method.json', { method: 'GET' }), 404, ERR.methodNotFound);
    expectError(await sb.raw('/rest/1/bad/no.such.method', { method: 'GET' }), 404, ERR.methodNotFound);
    expectError(await sb.call({ sessid: 'nope' }, 'no.such.method'), 404, ERR.methodNotFound);
  });

  it('answers ERROR_METHOD_NOT_FOUND to a valid webhook calling an unknown method', async () => {
    const me = await newWebhookUser(sb);
    expectError(await sb.call(me.auth, 'im.notify.unknown'), 404, ERR.methodNotFound);
  });

  it('uses 401 for every auth-stage error', async () => {
    const hook = await newWebhookUser(sb, ['user']);
    const token = await newTokenUser(sb, { scopes: ['user'], appScopes: ['user'] });
    const statuses = [
      (await sb.call(null, 'im.notify.get')).status,
      (await sb.call({ webhook: { userId: hook.userId, secret: 'bad' } }, 'im.notify.get')).status,
      (await sb.call(hook.auth, 'im.notify.get')).status,
      (await sb.call({ token: token.token }, 'im.notify.get')).status,
      (await sb.call({ token: 'nope' }, 'im.notify.get')).status,
    ];
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
  });
});
