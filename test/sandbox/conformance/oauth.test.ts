// Spec A.4 OAuth details (expired_token, invalid_token, token minting), settings/oauth/auto-renewal.md, and the
// sandbox's /oauth/token/ server and /_sandbox/tokens fixtures (README). OAuth-server error texts are not fixed:
// only the codes are asserted.
import { describe, it, expect } from 'vitest';
import { useSandbox, type Reply } from '../../support/sandbox.js';
import { ERR, advance, expectError, expectSuccess, newTokenUser, type TokenUser } from './helpers-transport.js';

const sb = useSandbox();

const refreshParams = (t: { clientId: string; clientSecret: string }, refreshToken: string) => ({
  grant_type: 'refresh_token',
  client_id: t.clientId,
  client_secret: t.clientSecret,
  refresh_token: refreshToken,
});

const refreshGet = (t: TokenUser, refreshToken = t.refreshToken, overrides: Record<string, string> = {}): Promise<Reply> =>
  sb.raw('/oauth/token/', { method: 'GET', query: new URLSearchParams({ ...refreshParams(t, refreshToken), ...overrides }).toString() });

const refreshForm = (t: TokenUser): Promise<Reply> =>
  sb.raw('/oauth/token/', {
    method: 'POST',
    body: new URLSearchParams(refreshParams(t, t.refreshToken)).toString(),
    contentType: 'application/x-www-form-urlencoded',
  });

const refreshJson = (t: TokenUser): Promise<Reply> =>
  sb.raw('/oauth/token/', { method: 'POST', body: JSON.stringify(refreshParams(t, t.refreshToken)), contentType: 'application/json' });

function expectTokenAnswer(body: any, t: TokenUser): void {
  expect(Object.keys(body).sort()).toEqual(
    [
      'access_token',
      'client_endpoint',
      'domain',
      'expires',
      'expires_in',
      'member_id',
      'refresh_token',
      'scope',
      'server_endpoint',
      'status',
      'user_id',
    ].sort(),
  );
  expect(body.access_token).toBeTypeOf('string');
  expect(body.access_token.length).toBeGreaterThan(0);
  expect(body.refresh_token).toBeTypeOf('string');
  expect(body.refresh_token.length).toBeGreaterThan(0);
  expect(Number.isInteger(body.expires)).toBe(true);
  expect(body.expires_in).toBe(3600);
  expect(body.user_id).toBe(t.userId);
  expect(body.scope).toBeTypeOf('string');
  expect(body.scope.split(',').sort()).toEqual(['im', 'user']);
  for (const key of ['domain', 'server_endpoint', 'client_endpoint', 'member_id', 'status']) expect(body[key]).toBeTypeOf('string');
  expect(body.client_endpoint).toMatch(/\/rest\/$/);
}

describe('token fixtures', () => {
  it('issues a token answer shaped like the OAuth server answer', async () => {
    const t = await newTokenUser(sb);
    expect(t.answer.expires_in).toBe(3600);
    expect(t.answer.user_id).toBe(t.userId);
    expect(Number.isInteger(t.answer.expires)).toBe(true);
    const endpoint = new URL(t.answer.client_endpoint);
    expect(endpoint.port).toBe(new URL(sb.url).port);
    expect(endpoint.pathname).toBe('/rest/');
    const reply = await sb.call({ token: t.token }, 'im.notify.get');
    expectSuccess(reply);
    expect(Math.abs(t.expires - (reply.body.time.start + 3600))).toBeLessThanOrEqual(2);
  });

  it('lets the client_endpoint of a token answer reach the REST API', async () => {
    const t = await newTokenUser(sb);
    const path = new URL(t.answer.client_endpoint).pathname;
    expectSuccess(await sb.raw(`${path}im.notify.get`, { method: 'POST', body: JSON.stringify({ auth: t.token }), contentType: 'application/json' }));
  });
});

describe('access token expiry', () => {
  it('keeps a token valid before 3600 s have elapsed on the sandbox clock', async () => {
    const t = await newTokenUser(sb);
    await advance(sb, 3500);
    expectSuccess(await sb.call({ token: t.token }, 'im.notify.get'));
  });

  it('answers 401 expired_token once 3600 s have elapsed on the sandbox clock', async () => {
    const t = await newTokenUser(sb);
    await advance(sb, 3601);
    expectError(await sb.call({ token: t.token }, 'im.notify.get'), 401, ERR.expiredToken);
  });

  it('honours a custom expiresIn of the token fixture', async () => {
    const t = await newTokenUser(sb, { expiresIn: 60 });
    expect(t.answer.expires_in).toBe(60);
    expectSuccess(await sb.call({ token: t.token }, 'im.notify.get'));
    await advance(sb, 61);
    expectError(await sb.call({ token: t.token }, 'im.notify.get'), 401, ERR.expiredToken);
  });

  it('answers expired_token with the token passed via Bearer, query and access_token as well', async () => {
    const t = await newTokenUser(sb);
    await sb.admin('POST', 'tokens/expire', { access_token: t.token });
    for (const via of ['bearer', 'query', 'access_token'] as const) {
      expectError(await sb.call({ token: t.token, via }, 'im.notify.get'), 401, ERR.expiredToken);
    }
  });

  it('forces expiry of one access token and reports the count', async () => {
    const a = await newTokenUser(sb);
    const b = await newTokenUser(sb);
    const answer = await sb.admin('POST', 'tokens/expire', { access_token: a.token });
    expect(answer).toEqual({ expired: 1 });
    expectError(await sb.call({ token: a.token }, 'im.notify.get'), 401, ERR.expiredToken);
    expectSuccess(await sb.call({ token: b.token }, 'im.notify.get'));
  });

  it("forces expiry of one user's tokens only", async () => {
    const a1 = await newTokenUser(sb);
    const a2 = await newTokenUser(sb, { userId: a1.userId });
    const b = await newTokenUser(sb);
    const answer = await sb.admin('POST', 'tokens/expire', { userId: a1.userId });
    expect(answer).toEqual({ expired: 2 });
    expectError(await sb.call({ token: a1.token }, 'im.notify.get'), 401, ERR.expiredToken);
    expectError(await sb.call({ token: a2.token }, 'im.notify.get'), 401, ERR.expiredToken);
    expectSuccess(await sb.call({ token: b.token }, 'im.notify.get'));
  });

  it('forces expiry of every token when neither access_token nor userId is given', async () => {
    const a = await newTokenUser(sb);
    const b = await newTokenUser(sb);
    const answer = await sb.admin<{ expired: number }>('POST', 'tokens/expire', {});
    expect(answer.expired).toBeGreaterThanOrEqual(2);
    expectError(await sb.call({ token: a.token }, 'im.notify.get'), 401, ERR.expiredToken);
    expectError(await sb.call({ token: b.token }, 'im.notify.get'), 401, ERR.expiredToken);
  });

  it('answers an expired token inside a batch call with the batch-level error envelope', async () => {
    const t = await newTokenUser(sb);
    await sb.admin('POST', 'tokens/expire', { access_token: t.token });
    expectError(await sb.call({ token: t.token }, 'batch', { cmd: ['im.notify.get'] }), 401, ERR.expiredToken);
  });

  it('answers an unknown token with 401 invalid_token', async () => {
    expectError(await sb.call({ token: 'never-issued' }, 'im.notify.get'), 401, ERR.invalidToken);
  });
});

describe('refresh on /oauth/token/', () => {
  it('refuses grant types other than refresh_token with 400 unsupported_grant_type', async () => {
    const t = await newTokenUser(sb);
    const reply = await refreshGet(t, t.refreshToken, { grant_type: 'authorization_code' });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('unsupported_grant_type');
    // The refresh token was not spent by the refused call.
    expect((await refreshGet(t)).status).toBe(200);
  });

  it('refreshes with a GET query and returns the documented fields', async () => {
    const t = await newTokenUser(sb);
    const reply = await refreshGet(t);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expectTokenAnswer(reply.body, t);
    expect(reply.body.access_token).not.toBe(t.token);
    expect(reply.body.refresh_token).not.toBe(t.refreshToken);
  });

  it('refreshes with a POST form body', async () => {
    const t = await newTokenUser(sb);
    const reply = await refreshForm(t);
    expect(reply.status).toBe(200);
    expectTokenAnswer(reply.body, t);
  });

  it('refreshes with a POST JSON body', async () => {
    const t = await newTokenUser(sb);
    const reply = await refreshJson(t);
    expect(reply.status).toBe(200);
    expectTokenAnswer(reply.body, t);
  });

  it('issues an access token that works for the same user with the same scope', async () => {
    const t = await newTokenUser(sb);
    const fresh = (await refreshGet(t)).body;
    const reply = await sb.call({ token: fresh.access_token }, 'user.current');
    expect(String(expectSuccess(reply).ID)).toBe(String(t.userId));
    expect(Math.abs(fresh.expires - (reply.body.time.start + 3600))).toBeLessThanOrEqual(2);
  });

  it('keeps a narrower token scope on refresh', async () => {
    const t = await newTokenUser(sb, { scopes: ['im'] });
    const fresh = (await refreshGet(t)).body;
    expect(fresh.scope).toBe('im');
    expectError(await sb.call({ token: fresh.access_token }, 'user.current'), 401, ERR.scopeToken);
    expectSuccess(await sb.call({ token: fresh.access_token }, 'im.notify.get'));
  });

  it('rotates the refresh token: the old one is refused with 400 invalid_grant after use', async () => {
    const t = await newTokenUser(sb);
    const first = await refreshGet(t);
    expect(first.status).toBe(200);
    const again = await refreshGet(t);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
    const next = await refreshGet(t, first.body.refresh_token);
    expect(next.status).toBe(200);
    expect(next.body.refresh_token).not.toBe(first.body.refresh_token);
  });

  it('recovers the SDK way: expired_token, refresh, retry succeeds', async () => {
    const t = await newTokenUser(sb);
    await advance(sb, 3601);
    expectError(await sb.call({ token: t.token }, 'im.notify.get'), 401, ERR.expiredToken);
    const fresh = await refreshGet(t);
    expect(fresh.status).toBe(200);
    expectSuccess(await sb.call({ token: fresh.body.access_token }, 'im.notify.get'));
  });

  it('answers an unknown refresh token with 400 invalid_grant', async () => {
    const t = await newTokenUser(sb);
    const reply = await refreshGet(t, 'not-a-refresh-token');
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('invalid_grant');
    expect(reply.body.error_description).toBeTypeOf('string');
  });

  it('refuses a refresh token older than 180 days with 400 invalid_grant', async () => {
    const t = await newTokenUser(sb);
    await advance(sb, 181 * 24 * 3600);
    const reply = await refreshGet(t);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('invalid_grant');
  });

  it('answers a wrong client_secret with 401 invalid_client', async () => {
    const t = await newTokenUser(sb);
    const reply = await refreshGet(t, t.refreshToken, { client_secret: 'wrong-secret' });
    expect(reply.status).toBe(401);
    expect(reply.body.error).toBe('invalid_client');
    expect(reply.body.error_description).toBeTypeOf('string');
  });

  it('answers an unknown client_id with 401 invalid_client', async () => {
    const t = await newTokenUser(sb);
    const reply = await refreshGet(t, t.refreshToken, { client_id: 'local.unknown.app' });
    expect(reply.status).toBe(401);
    expect(reply.body.error).toBe('invalid_client');
  });
});
