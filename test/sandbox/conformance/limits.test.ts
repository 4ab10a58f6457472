// Spec B.1 (leaky bucket, 503 QUERY_LIMIT_EXCEEDED) and B.2 (operating time, 429 OPERATION_TIME_LIMIT), with the
// sandbox decisions: burst X passes and the X+1st is refused, rejected requests are not counted, per client IP, /rest/
// only, before method lookup and auth; the sandbox clock drives draining and windows.
import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { useSandbox } from '../../support/sandbox.js';
import {
  ERR,
  advance,
  expectError,
  expectSuccess,
  newSessionUser,
  newTokenUser,
  newWebhookUser,
  requestFrom,
  type WebhookUser,
} from './helpers-transport.js';

const sb = useSandbox({ rateLimit: { burst: 5, drainPerSecond: 1 }, operatingLimitSeconds: 10 });

beforeEach(async () => {
  // Drain every bucket and let every operating-time window expire; start each test with an empty log.
  await advance(sb, 3600);
  await sb.admin('DELETE', 'requests');
});

const get = (me: WebhookUser) => sb.call(me.auth, 'im.notify.get');

/** Sends `n` admitted-looking requests and returns their statuses. */
async function statuses(n: number, send: () => Promise<{ status: number }>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await send()).status);
  return out;
}

describe('B.1 leaky bucket', () => {
  it('lets a burst of exactly 5 through and answers the 6th with 503 QUERY_LIMIT_EXCEEDED', async () => {
    const me = await newWebhookUser(sb);
    expect(await statuses(5, () => get(me))).toEqual([200, 200, 200, 200, 200]);
    const sixth = await get(me);
    expectError(sixth, 503, ERR.queryLimit);
  });

  it('sends the CORS and nosniff headers and a JSON content type on a 503', async () => {
    const me = await newWebhookUser(sb);
    await statuses(5, () => get(me));
    const reply = await get(me);
    expect(reply.status).toBe(503);
    expect(reply.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(reply.headers.get('access-control-allow-origin')).toBe('*');
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('does not count rejected requests: after two refusals one second of draining admits one request', async () => {
    const me = await newWebhookUser(sb);
    await statuses(5, () => get(me));
    expect(await statuses(2, () => get(me))).toEqual([503, 503]);
    await advance(sb, 1);
    expect(await statuses(2, () => get(me))).toEqual([200, 503]);
  });

  it('drains Y per second of sandbox clock (2 s admit exactly 2 more)', async () => {
    const me = await newWebhookUser(sb);
    await statuses(5, () => get(me));
    await advance(sb, 2);
    expect(await statuses(3, () => get(me))).toEqual([200, 200, 503]);
  });

  it('empties completely after long enough a pause', async () => {
    const me = await newWebhookUser(sb);
    await statuses(6, () => get(me));
    await advance(sb, 10);
    expect(await statuses(6, () => get(me))).toEqual([200, 200, 200, 200, 200, 503]);
  });

  it('counts unknown methods and unauthenticated requests (the bucket is applied before method lookup and auth)', async () => {
    const me = await newWebhookUser(sb);
    expect((await sb.call(null, 'no.such.method')).status).toBe(404);
    expect((await sb.call(null, 'im.notify.get')).status).toBe(401);
    expect((await sb.call({ webhook: { userId: me.userId, secret: 'bad' } }, 'im.notify.get')).status).toBe(401);
    expect((await sb.raw('/rest/im.notify.get', { method: 'GET' })).status).toBe(401);
    expect((await get(me)).status).toBe(200);
    expectError(await get(me), 503, ERR.queryLimit);
  });

  it('refuses an unknown method and a call without credentials with 503 once the bucket is full', async () => {
    const me = await newWebhookUser(sb);
    await statuses(5, () => get(me));
    expectError(await sb.call(null, 'no.such.method'), 503, ERR.queryLimit);
    expectError(await sb.call(null, 'im.notify.get'), 503, ERR.queryLimit);
  });

  it('counts a batch of 10 commands as one request', async () => {
    const me = await newWebhookUser(sb);
    await statuses(4, () => get(me));
    const reply = await sb.call(me.auth, 'batch', { cmd: Array.from({ length: 10 }, () => 'im.notify.schema.get') });
    const r = expectSuccess(reply);
    expect(r.result).toHaveLength(10);
    expectError(await get(me), 503, ERR.queryLimit);
  });

  it('does not apply to /_sandbox/ and /oauth/token/ paths, nor count them', async () => {
    const me = await newWebhookUser(sb);
    const t = await newTokenUser(sb);
    await statuses(4, () => get(me));
    for (let i = 0; i < 10; i++) await sb.admin('GET', 'users');
    const query = new URLSearchParams({ grant_type: 'refresh_token', client_id: t.clientId, client_secret: t.clientSecret, refresh_token: t.refreshToken });
    const refreshed = await sb.raw('/oauth/token/', { method: 'GET', query: query.toString() });
    expect(refreshed.status).toBe(200);
    expect((await get(me)).status).toBe(200);
    expectError(await get(me), 503, ERR.queryLimit);
    for (let i = 0; i < 3; i++) await sb.admin('GET', 'users');
  });

  it('keeps one bucket per client IP (127.0.0.2 is not limited by 127.0.0.1)', async () => {
    const me = await newWebhookUser(sb);
    await statuses(5, () => get(me));
    expectError(await get(me), 503, ERR.queryLimit);
    const other = await requestFrom(sb.url, '127.0.0.2', `${me.base}/im.notify.get`);
    expect(other.status).toBe(200);
    expect(other.body).toHaveProperty('result');
  });

  it('shares the bucket between webhooks, tokens and sessions of the same IP', async () => {
    const me = await newWebhookUser(sb);
    const t = await newTokenUser(sb);
    const s = await newSessionUser(sb);
    await statuses(2, () => get(me));
    await statuses(2, () => sb.call({ token: t.token }, 'im.notify.get'));
    expect((await sb.call({ sessid: s.sessid }, 'im.notify.get')).status).toBe(200);
    expectError(await sb.call({ token: t.token }, 'im.notify.get'), 503, ERR.queryLimit);
  });

  it('records limited answers and the highest admitted bucket level in the request log', async () => {
    const me = await newWebhookUser(sb);
    await statuses(5, () => get(me));
    await statuses(2, () => get(me));
    const log = await sb.requests();
    expect(log.total).toBe(7);
    expect(log.limited).toBe(2);
    expect(log.maxBucketLevel).toBeGreaterThan(4);
    expect(log.maxBucketLevel).toBeLessThanOrEqual(5);
    const refused = log.requests.filter((r: any) => r.status === 503);
    expect(refused).toHaveLength(2);
    for (const r of refused) expect(r.error).toBe('QUERY_LIMIT_EXCEEDED');
    const levels = log.requests.filter((r: any) => r.status === 200).map((r: any) => r.bucketLevel);
    expect(levels).toHaveLength(5);
    for (const level of levels) expect(level).toBeLessThanOrEqual(5);
    expect(levels[4]).toBeGreaterThan(4);
  });

  it('applies a rate limit set at run time through /_sandbox/config', async () => {
    const me = await newWebhookUser(sb);
    try {
      await sb.admin('POST', 'config', { rateLimit: { burst: 2, drainPerSecond: 1 } });
      expect(await statuses(3, () => get(me))).toEqual([200, 200, 503]);
      await sb.admin('POST', 'config', { rateLimit: 'off' });
      expect(await statuses(8, () => get(me))).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
    } finally {
      await sb.admin('POST', 'config', { rateLimit: { burst: 5, drainPerSecond: 1 } });
    }
  });

  it('reports a maxBucketLevel within the burst for a client that paces itself', async () => {
    const me = await newWebhookUser(sb);
    for (let i = 0; i < 10; i++) {
      expect((await get(me)).status).toBe(200);
      await advance(sb, 1);
    }
    const log = await sb.requests();
    expect(log.limited).toBe(0);
    expect(log.maxBucketLevel).toBeLessThanOrEqual(2);
  });
});

describe('B.2 operating-time limit', () => {
  const preset = (method: string, seconds: number, entity?: string | number) =>
    sb.admin('POST', 'operating', entity === undefined ? { method, seconds } : { method, seconds, entity });

  beforeAll(async () => {
    // Operating-time tests must not hit the leaky bucket.
    await sb.admin('POST', 'config', { rateLimit: 'off' });
  });

  afterAll(async () => {
    await sb.admin('POST', 'config', { rateLimit: { burst: 5, drainPerSecond: 1 } });
  });

  it('answers a webhook call of a method over its budget with 429 OPERATION_TIME_LIMIT', async () => {
    const me = await newWebhookUser(sb);
    await preset('im.notify.get', 11);
    expectError(await sb.call(me.auth, 'im.notify.get'), 429, ERR.operatingLimit);
  });

  it('sends the CORS and nosniff headers and a JSON content type on a 429', async () => {
    const me = await newWebhookUser(sb);
    await preset('im.notify.get', 11);
    const reply = await sb.call(me.auth, 'im.notify.get');
    expect(reply.status).toBe(429);
    expect(reply.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(reply.headers.get('access-control-allow-origin')).toBe('*');
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers an OAuth call of a method over its budget with 429 OPERATION_TIME_LIMIT', async () => {
    const t = await newTokenUser(sb);
    await preset('im.notify.get', 11);
    expectError(await sb.call({ token: t.token }, 'im.notify.get'), 429, ERR.operatingLimit);
  });

  it('never limits session calls', async () => {
    const s = await newSessionUser(sb);
    await preset('im.notify.get', 11);
    expectSuccess(await sb.call({ sessid: s.sessid }, 'im.notify.get'));
  });

  it('limits per method: other methods of the same caller still work', async () => {
    const me = await newWebhookUser(sb);
    await preset('im.notify.get', 11);
    expectSuccess(await sb.call(me.auth, 'im.notify.schema.get'));
    expectSuccess(await sb.call(me.auth, 'user.current'));
  });

  it('allows a call when the accumulated time equals the limit (the check is "greater than")', async () => {
    const me = await newWebhookUser(sb);
    await preset('im.notify.get', 10);
    expectSuccess(await sb.call(me.auth, 'im.notify.get'));
  });

  it('checks method existence and credentials before the operating limit', async () => {
    await preset('im.notify.get', 11);
    expectError(await sb.call(null, 'im.notify.get'), 401, ERR.noAuth);
    expectError(await sb.call({ token: 'nope' }, 'im.notify.get'), 401, ERR.invalidToken);
  });

  it('reports the accumulated seconds in time.operating', async () => {
    const me = await newWebhookUser(sb);
    await preset('im.notify.get', 4);
    const reply = await sb.call(me.auth, 'im.notify.get');
    expectSuccess(reply);
    expect(reply.body.time.operating).toBe(4);
  });

  it('reports operating_reset_at = first recorded call + 600', async () => {
    const me = await newWebhookUser(sb);
    await preset('im.notify.get', 4);
    await advance(sb, 300);
    const { time } = (await sb.call(me.auth, 'im.notify.get')).body;
    expect(Number.isInteger(time.operating_reset_at)).toBe(true);
    expect(Math.abs(time.operating_reset_at - (time.start + 300))).toBeLessThanOrEqual(1);
  });

  it('keeps the method blocked before the window ends and unblocks it 600 s after the first recorded call', async () => {
    const me = await newWebhookUser(sb);
    await preset('im.notify.get', 11);
    await advance(sb, 590);
    expectError(await sb.call(me.auth, 'im.notify.get'), 429, ERR.operatingLimit);
    await advance(sb, 10);
    const reply = await sb.call(me.auth, 'im.notify.get');
    expectSuccess(reply);
    expect(reply.body.time.operating).toBe(0);
    expect(reply.body.time.operating_reset_at).toBe(reply.body.time.start + 600);
  });

  it('answers an over-budget sub-call inside a batch with a result_error entry, the batch itself is 200', async () => {
    const me = await newWebhookUser(sb);
    await preset('im.notify.get', 11);
    const reply = await sb.call(me.auth, 'batch', { cmd: { a: 'im.notify.get', b: 'im.notify.schema.get' } });
    const r = expectSuccess(reply);
    expect(r.result_error).toEqual({ a: ERR.operatingLimit });
    expect(Object.keys(r.result)).toEqual(['b']);
  });

  it('reports the preset seconds in the time object of a batch sub-call', async () => {
    const me = await newWebhookUser(sb);
    await preset('im.notify.get', 4);
    const r = expectSuccess(await sb.call(me.auth, 'batch', { cmd: { a: 'im.notify.get', b: 'im.notify.schema.get' } }));
    expect(r.result_time.a.operating).toBe(4);
    expect(r.result_time.b.operating).toBe(0);
  });

  it('lets an operating limit set at run time through /_sandbox/config take effect', async () => {
    const me = await newWebhookUser(sb);
    try {
      await sb.admin('POST', 'config', { operatingLimitSeconds: 3 });
      await preset('im.notify.get', 4);
      expectError(await sb.call(me.auth, 'im.notify.get'), 429, ERR.operatingLimit);
    } finally {
      await sb.admin('POST', 'config', { operatingLimitSeconds: 10 });
    }
  });

  it('exempts the batch method itself from the operating limit', async () => {
    const me = await newWebhookUser(sb);
    await preset('batch', 11);
    const r = expectSuccess(await sb.call(me.auth, 'batch', { cmd: ['im.notify.schema.get'] }));
    expect(r.result).toHaveLength(1);
  });

  it('limits one app when the preset names its client id, and leaves other apps alone', async () => {
    const a = await newTokenUser(sb);
    const b = await newTokenUser(sb);
    await preset('im.notify.get', 11, a.clientId);
    expectError(await sb.call({ token: a.token }, 'im.notify.get'), 429, ERR.operatingLimit);
    expectSuccess(await sb.call({ token: b.token }, 'im.notify.get'));
  });

  it('limits one webhook when the preset names its id, and leaves other webhooks alone', async () => {
    const a = await newWebhookUser(sb);
    const b = await newWebhookUser(sb);
    await preset('im.notify.get', 11, a.hookId);
    expectError(await sb.call(a.auth, 'im.notify.get'), 429, ERR.operatingLimit);
    expectSuccess(await sb.call(b.auth, 'im.notify.get'));
  });
});
