// The Bitrix24 client against the sandbox portal over HTTP: batching, encoding, errors,
// rate shaping, retries by idempotency, isolation and redaction, counted at the sandbox.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { BitrixClient, type Identity } from '../../src/bitrix/client.js';
import { bearerCredentials, serverAppCredentials, webhookCredentials } from '../../src/bitrix/credentials.js';
import { ServerAppAuth } from '../../src/bitrix/oauth.js';
import { Bitrix24AuthError, Bitrix24Error, OperationPausedError, TransportError, UnknownOutcomeError } from '../../src/bitrix/errors.js';
import { type TestSandbox, startTestSandbox, useSandbox } from '../support/sandbox.js';

const sb = useSandbox();

/** A fresh user with a webhook, and a client identity for it. */
async function webhookUser(sandbox: TestSandbox, client: BitrixClient): Promise<{ id: number; identity: Identity; url: string }> {
  const user = await sandbox.givenUser();
  const hook = await sandbox.givenWebhook(user.id);
  return { id: user.id, url: hook.url, identity: await client.identify(webhookCredentials(hook.url)) };
}

const stored = async (sandbox: TestSandbox, userId: number) =>
  (await sandbox.admin('GET', `notifications?userId=${userId}`)).notifications as Array<{ id: number; message: string; params: unknown }>;

describe('batching', () => {
  it('sends 120 calls of one identity issued together as ceil(120/50) = 3 batch requests', async () => {
    const client = new BitrixClient({ rateLimit: { burst: 1000, drainPerSecond: 1000 } });
    const me = await webhookUser(sb, client);
    await sb.admin('DELETE', 'requests');
    const results = await Promise.all(Array.from({ length: 120 }, () => client.call(me.identity, 'im.counters.get')));
    expect(results).toHaveLength(120);
    const log = await sb.requests();
    expect(log.byMethod).toEqual({ batch: 3 });
    expect(log.requests.map((r) => r.batchSize).sort()).toEqual([20, 50, 50]);
  });

  it('sends a lone call directly, without a batch wrapper', async () => {
    const client = new BitrixClient();
    const me = await webhookUser(sb, client);
    await sb.admin('DELETE', 'requests');
    await client.call(me.identity, 'im.notify.get', { LIMIT: 5 });
    expect((await sb.requests()).byMethod).toEqual({ 'im.notify.get': 1 });
  });

  it('resolves each call of a mixed batch with its own result or error', async () => {
    const client = new BitrixClient();
    const me = await webhookUser(sb, client);
    const them = await sb.givenUser();
    const [ok1, bad, ok2] = await Promise.allSettled([
      client.call(me.identity, 'im.notify.system.add', { USER_ID: them.id, MESSAGE: 'first' }),
      client.call(me.identity, 'im.notify.system.add', { USER_ID: 0, MESSAGE: 'refused' }),
      client.call(me.identity, 'im.notify.system.add', { USER_ID: them.id, MESSAGE: 'third' }),
    ]);
    expect(ok1).toMatchObject({ status: 'fulfilled', value: expect.any(Number) });
    expect(ok2).toMatchObject({ status: 'fulfilled', value: expect.any(Number) });
    expect(bad.status).toBe('rejected');
    const error = (bad as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(Bitrix24Error);
    expect(error).toMatchObject({ code: 'USER_ID_EMPTY', description: "User ID can't be empty", method: 'im.notify.system.add' });
    expect((await stored(sb, them.id)).map((n) => n.message).sort()).toEqual(['first', 'third']);
  });

  it('never puts two identities in one batch', async () => {
    const client = new BitrixClient();
    const [a, b] = [await webhookUser(sb, client), await webhookUser(sb, client)];
    await sb.admin('DELETE', 'requests');
    await Promise.all([
      client.call(a.identity, 'user.current'), client.call(a.identity, 'im.counters.get'),
      client.call(b.identity, 'user.current'), client.call(b.identity, 'im.counters.get'),
    ]);
    const log = await sb.requests();
    expect(log.total).toBe(2);
    expect(log.requests.map((r) => r.userId).sort()).toEqual([a.id, b.id].sort());
  });

  it('keeps each identity\'s results its own when they run together', async () => {
    const client = new BitrixClient();
    const [a, b] = [await webhookUser(sb, client), await webhookUser(sb, client)];
    const [meA, meB] = await Promise.all([client.call<{ ID: string }>(a.identity, 'user.current'), client.call<{ ID: string }>(b.identity, 'user.current')]);
    expect([meA.ID, meB.ID]).toEqual([String(a.id), String(b.id)]);
  });
});

describe('encoding', () => {
  const tricky = 'Deal #42 & co: 50% off = "great" + more #BR# next line; é ü 漢字 🚀 a[b]=c ?x=1';
  const attach = { COLOR: '#29619b', BLOCKS: [{ MESSAGE: tricky }, { LINK: { NAME: 'Open', LINK: 'https://example.test/a?b=1&c=%20' } }, { GRID: [{ NAME: 'k', VALUE: 'v', DISPLAY: 'LINE' }] }] };

  it.each([['inside a batch', 2], ['in a direct call', 1]])('round-trips text and nested ATTACH exactly %s', async (_label, count) => {
    const client = new BitrixClient();
    const me = await webhookUser(sb, client);
    const them = await sb.givenUser();
    const ids = await Promise.all(Array.from({ length: count }, () => client.call<number>(me.identity, 'im.notify.system.add', { USER_ID: them.id, MESSAGE: tricky, ATTACH: attach })));
    for (const id of ids) {
      const record = (await stored(sb, them.id)).find((n) => n.id === id)!;
      // The portal turns #BR# into a newline and keeps everything else as sent.
      expect(record.message).toBe(tricky.replace(' #BR# ', ' \n ').replace('#BR#', '\n'));
      const saved = (record.params as { ATTACH: Array<{ BLOCKS: unknown; COLOR: string }> }).ATTACH[0];
      expect(saved.BLOCKS).toEqual(attach.BLOCKS);
      expect(saved.COLOR).toBe('#29619b');
    }
  });

  it('round-trips lists, numbers and booleans of read parameters', async () => {
    const client = new BitrixClient();
    const me = await webhookUser(sb, client);
    const sent = await Promise.all([1, 2, 3].map((n) => client.call<number>(me.identity, 'im.notify.system.add', { USER_ID: me.id, MESSAGE: `n${n}` })));
    await Promise.all([
      client.call(me.identity, 'im.notify.read.list', { IDS: [sent[0], sent[2]], ACTION: 'Y' }),
      client.call(me.identity, 'im.counters.get'),
    ]);
    const flags = (await stored(sb, me.id)).filter((n) => sent.includes(n.id)).map((n) => [n.id, (n as unknown as { read: boolean }).read]);
    expect(Object.fromEntries(flags)).toEqual({ [sent[0]]: true, [sent[1]]: false, [sent[2]]: true });
  });
});

describe('rate shaping', () => {
  it('sends a burst of 60 identities through a 5/50 bucket with zero 503s and never overfills it', async () => {
    const limit = { burst: 5, drainPerSecond: 50 };
    const sandbox = await startTestSandbox({ rateLimit: limit });
    try {
      const client = new BitrixClient({ rateLimit: limit });
      // Separate identities cannot share batches, so every call is its own request.
      const users = await Promise.all(Array.from({ length: 60 }, async () => {
        const user = await sandbox.givenUser();
        return client.identify(webhookCredentials((await sandbox.givenWebhook(user.id)).url));
      }));
      await sandbox.admin('DELETE', 'requests');
      const results = await Promise.allSettled(users.map((identity) => client.call(identity, 'im.counters.get')));
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      const log = await sandbox.requests();
      expect(log.total).toBe(60);
      expect(log.limited).toBe(0);
      expect(log.maxBucketLevel).toBeLessThanOrEqual(limit.burst);
      expect(client.metrics().rateLimited).toBe(0);
    } finally {
      await sandbox.close();
    }
  });

  it('retries a write the portal refused with 503 QUERY_LIMIT_EXCEEDED, and stores it once', async () => {
    const client = new BitrixClient({ rateLimit: { burst: 50, drainPerSecond: 50 } });
    const me = await webhookUser(sb, client);
    await sb.admin('POST', 'faults', { method: 'im.notify.system.add', error: { code: 'QUERY_LIMIT_EXCEEDED', description: 'Too many requests', status: 503 }, times: 1 });
    const id = await client.call<number>(me.identity, 'im.notify.system.add', { USER_ID: me.id, MESSAGE: 'once' });
    expect((await stored(sb, me.id)).filter((n) => n.message === 'once').map((n) => n.id)).toEqual([id]);
    expect(client.metrics().methods['im.notify.system.add']).toMatchObject({ retries: 1, requests: 2 });
  });
});

describe('operating-time limit (429)', () => {
  it('fails the call with OPERATION_TIME_LIMIT and then refuses the method locally until the window resets', async () => {
    const client = new BitrixClient();
    const me = await webhookUser(sb, client);
    const hooks = (await sb.admin('GET', 'snapshot')).webhooks as Record<string, { id: number; userId: number }>;
    const hookId = Object.values(hooks).find((h) => h.userId === me.id)!.id;
    await client.call(me.identity, 'im.notify.get');
    await sb.admin('POST', 'operating', { method: 'im.notify.get', seconds: 1000, entity: hookId });
    await expect(client.call(me.identity, 'im.notify.get')).rejects.toMatchObject({ code: 'OPERATION_TIME_LIMIT', status: 429 });
    await sb.admin('DELETE', 'requests');
    const paused = client.call(me.identity, 'im.notify.get');
    await expect(paused).rejects.toBeInstanceOf(OperationPausedError);
    expect((await sb.requests()).total).toBe(0);
    // Other methods of the same identity still go out.
    await expect(client.call(me.identity, 'im.counters.get')).resolves.toBeDefined();
  });
});

describe('retries by idempotency', () => {
  it('retries a read after two 500 answers and a cut connection', async () => {
    const client = new BitrixClient({ retryBaseMs: 5 });
    const me = await webhookUser(sb, client);
    await sb.admin('POST', 'faults', { method: 'im.notify.get', status: 500, times: 2 });
    await expect(client.call(me.identity, 'im.notify.get')).resolves.toMatchObject({ notifications: [] });
    await sb.admin('POST', 'faults', { method: 'im.notify.get', reset: true, times: 1 });
    await expect(client.call(me.identity, 'im.notify.get')).resolves.toMatchObject({ notifications: [] });
    expect(client.metrics().methods['im.notify.get'].retries).toBe(3);
  });

  it('gives up on a read after maxRetries and reports the portal error', async () => {
    const client = new BitrixClient({ retryBaseMs: 1, maxRetries: 2 });
    const me = await webhookUser(sb, client);
    await sb.admin('POST', 'faults', { method: 'im.notify.get', status: 502, times: 3 });
    await expect(client.call(me.identity, 'im.notify.get')).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR', status: 502 });
    await sb.admin('DELETE', 'faults');
  });

  it('does not retry a send whose answer timed out: UnknownOutcomeError, and the notification is stored exactly once', async () => {
    const client = new BitrixClient({ timeoutMs: 300, retryBaseMs: 1 });
    const me = await webhookUser(sb, client);
    await sb.admin('POST', 'faults', { method: 'im.notify.system.add', when: 'after', latencyMs: 1500, times: 1 });
    await sb.admin('DELETE', 'requests');
    const error = await client.call(me.identity, 'im.notify.system.add', { USER_ID: me.id, MESSAGE: 'timed out' }).catch((e) => e);
    expect(error).toBeInstanceOf(UnknownOutcomeError);
    expect(error).toMatchObject({ kind: 'timeout', method: 'im.notify.system.add' });
    expect((await stored(sb, me.id)).filter((n) => n.message === 'timed out')).toHaveLength(1);
    expect((await sb.requests()).byMethod['im.notify.system.add']).toBe(1);
  });

  it('does not retry a send cut mid-request after it was stored', async () => {
    const client = new BitrixClient({ retryBaseMs: 1 });
    const me = await webhookUser(sb, client);
    await sb.admin('POST', 'faults', { method: 'im.notify.system.add', when: 'after', reset: true, times: 1 });
    await expect(client.call(me.identity, 'im.notify.system.add', { USER_ID: me.id, MESSAGE: 'cut' })).rejects.toBeInstanceOf(UnknownOutcomeError);
    expect((await stored(sb, me.id)).filter((n) => n.message === 'cut')).toHaveLength(1);
  });

  it('retries a send when the connection was refused, because nothing was sent', async () => {
    // A port nobody listens on: refused at connect.
    const closed = await startTestSandbox();
    const url = closed.url;
    await closed.close();
    const client = new BitrixClient({ retryBaseMs: 1, maxRetries: 2 });
    const identity = await client.identify(webhookCredentials(`${url}/rest/1/abcdef123456/`));
    const error = await client.call(identity, 'im.notify.system.add', { USER_ID: 1, MESSAGE: 'x' }).catch((e) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ kind: 'refused' });
    expect(client.metrics().methods['im.notify.system.add'].retries).toBe(2);
  });
});

describe('identities and auth', () => {
  it('resolves a bearer token\'s user once with user.current, however many ask at once', async () => {
    const client = new BitrixClient();
    const user = await sb.givenUser();
    const app = await sb.givenApp();
    const token = await sb.givenToken(app.clientId, user.id);
    await sb.admin('DELETE', 'requests');
    const identities = await Promise.all(Array.from({ length: 5 }, () => client.identify(bearerCredentials(sb.url, token.access_token))));
    expect(new Set(identities.map((i) => i.userId))).toEqual(new Set([user.id]));
    expect((await sb.requests()).byMethod).toEqual({ 'user.current': 1 });
  });

  it('refreshes its own app token once for 10 concurrent calls that met expired_token, then runs them all', async () => {
    const client = new BitrixClient();
    const user = await sb.givenUser();
    const app = await sb.givenApp();
    const token = await sb.givenToken(app.clientId, user.id);
    const tokens = new ServerAppAuth({
      clientId: app.clientId, clientSecret: app.clientSecret, refreshToken: token.refresh_token, oauthUrl: `${sb.url}/oauth/token/`,
      accessToken: token.access_token, expiresAt: token.expires * 1000,
    });
    const identity = await client.identify(serverAppCredentials(sb.url, tokens));
    expect(identity.userId).toBe(user.id);
    // The portal expires the token although the client still thinks it is good.
    await sb.admin('POST', 'tokens/expire', { access_token: token.access_token });
    const before = (await sb.requests()).tokenRequests;
    // Separate ticks, so several requests (not one batch) meet the expired token.
    const calls = [];
    for (let i = 0; i < 10; i++) {
      calls.push(client.call(identity, 'im.counters.get'));
      await new Promise((r) => setImmediate(r));
    }
    await expect(Promise.all(calls)).resolves.toHaveLength(10);
    expect((await sb.requests()).tokenRequests - before).toBe(1);
    // Several requests met the expired token, yet only one refresh was made.
    expect(client.metrics().methods['im.counters.get'].errors.expired_token).toBeGreaterThan(1);
  });

  it('surfaces an expired client token as Bitrix24AuthError expired_token and never refreshes it', async () => {
    const client = new BitrixClient();
    const user = await sb.givenUser();
    const app = await sb.givenApp();
    const token = await sb.givenToken(app.clientId, user.id);
    const identity = await client.identify(bearerCredentials(sb.url, token.access_token));
    await sb.admin('POST', 'tokens/expire', { access_token: token.access_token });
    const before = (await sb.requests()).tokenRequests;
    const error = await client.call(identity, 'im.notify.get').catch((e) => e);
    expect(error).toBeInstanceOf(Bitrix24AuthError);
    expect(error).toMatchObject({ code: 'expired_token', status: 401 });
    expect((await sb.requests()).tokenRequests).toBe(before);
  });
});

describe('secrets', () => {
  it('keeps webhook secrets and tokens out of every error message and stack', async () => {
    const client = new BitrixClient({ retryBaseMs: 1, maxRetries: 0 });
    const user = await sb.givenUser();
    const hook = await sb.givenWebhook(user.id);
    const wrong = `${sb.url}/rest/${user.id}/wrongsecret12345/`;
    const app = await sb.givenApp();
    const token = await sb.givenToken(app.clientId, user.id);
    const wrongSecret = await client.call(await client.identify(webhookCredentials(wrong)), 'im.notify.get').catch((e) => e);
    await sb.admin('POST', 'faults', { method: 'im.notify.get', reset: true, times: 1 });
    const errors = [
      wrongSecret,
      await client.call(await client.identify(webhookCredentials(hook.url)), 'im.notify.get').catch((e) => e),
      await client.identify(bearerCredentials(sb.url, `${token.access_token}x`)).catch((e) => e),
    ];
    expect(errors.map((e) => e.constructor.name)).toEqual(['Bitrix24AuthError', 'TransportError', 'Bitrix24AuthError']);
    for (const error of errors) {
      for (const secret of [hook.secret, 'wrongsecret12345', token.access_token]) {
        expect(String(error.message)).not.toContain(secret);
        expect(String(error.stack)).not.toContain(secret);
      }
    }
    expect(JSON.stringify(client.metrics())).not.toContain(hook.secret);
  });
});

describe('per-request reads and aborts', () => {
  it('asks identical reads of one request once, whatever the key order, and never merges writes', async () => {
    const client = new BitrixClient();
    const me = await webhookUser(sb, client);
    const request = client.forRequest(me.identity);
    await sb.admin('DELETE', 'requests');
    const [a, b] = await Promise.all([
      request.call('im.notify.get', { LIMIT: 5, LAST_ID: 0, LAST_TYPE: 0 }),
      request.call('IM.NOTIFY.GET', { LAST_TYPE: 0, LAST_ID: 0, LIMIT: 5 }),
      request.call('im.notify.system.add', { USER_ID: me.id, MESSAGE: 'same' }),
      request.call('im.notify.system.add', { USER_ID: me.id, MESSAGE: 'same' }),
    ]);
    expect(a).toBe(b);
    const log = await sb.requests();
    expect(log.requests.map((r) => r.batchSize)).toEqual([3]);
    expect((await stored(sb, me.id)).filter((n) => n.message === 'same')).toHaveLength(2);
    // A new request asks again.
    await client.forRequest(me.identity).call('im.notify.get', { LIMIT: 5, LAST_ID: 0, LAST_TYPE: 0 });
    expect((await sb.requests()).total).toBe(2);
  });

  it('drops a call aborted while it waits for the bucket, without sending it', async () => {
    const client = new BitrixClient({ rateLimit: { burst: 2, drainPerSecond: 1 } });
    const me = await webhookUser(sb, client);
    await client.call(me.identity, 'im.counters.get'); // the bucket (burst 2, headroom 1) is now full
    await sb.admin('DELETE', 'requests');
    const controller = new AbortController();
    const waiting = client.call(me.identity, 'im.notify.system.add', { USER_ID: me.id, MESSAGE: 'aborted' }, { signal: controller.signal });
    controller.abort(new Error('caller went away'));
    await expect(waiting).rejects.toThrow('caller went away');
    await new Promise((r) => setTimeout(r, 1100)); // past the next slot: nothing may go out
    expect((await sb.requests()).total).toBe(0);
    expect((await stored(sb, me.id)).filter((n) => n.message === 'aborted')).toHaveLength(0);
  });
});

describe('credential isolation', () => {
  it('keeps two webhooks of the same user apart: a revoked one fails without affecting the other', async () => {
    const client = new BitrixClient();
    const user = await sb.givenUser();
    const good = await client.identify(webhookCredentials((await sb.givenWebhook(user.id)).url));
    const revoked = await client.identify(webhookCredentials(`${sb.url}/rest/${user.id}/notavalidsecret1/`));
    expect(good.key).not.toBe(revoked.key);
    const [ok, refused] = await Promise.allSettled([client.call(good, 'im.counters.get'), client.call(revoked, 'im.counters.get')]);
    expect(ok.status).toBe('fulfilled');
    expect(refused).toMatchObject({ status: 'rejected', reason: { code: 'INVALID_CREDENTIALS' } });
  });
});

describe('per-request reads after writes', () => {
  it('asks a read again after a write of the same request, so it sees the write', async () => {
    const client = new BitrixClient();
    const me = await webhookUser(sb, client);
    const request = client.forRequest(me.identity);
    const before = await request.call<{ TYPE: { NOTIFY: number } }>('im.counters.get');
    await request.call('im.notify.system.add', { USER_ID: me.id, MESSAGE: 'new' });
    const after = await request.call<{ TYPE: { NOTIFY: number } }>('im.counters.get');
    expect(after.TYPE.NOTIFY).toBe(before.TYPE.NOTIFY + 1);
  });
});

describe('priorities across and within identities', () => {
  it('sends an interactive call before other identities\' queued polls, even when its own poll queued last', async () => {
    const client = new BitrixClient({ rateLimit: { burst: 2, drainPerSecond: 5 } });
    const [x, y, z] = [await webhookUser(sb, client), await webhookUser(sb, client), await webhookUser(sb, client)];
    await client.call(x.identity, 'im.counters.get'); // fills the usable bucket
    await sb.admin('DELETE', 'requests');
    const background = { priority: 'background' as const };
    const polls = [y, z, x].map((u) => client.call(u.identity, 'im.notify.get', {}, background));
    await new Promise((r) => setTimeout(r, 20));
    const interactive = client.call(x.identity, 'user.current');
    await Promise.all([...polls, interactive]);
    const order = (await sb.requests()).requests.map((r) => r.userId);
    expect(order).toEqual([x.id, y.id, z.id]);
  });
});

describe('abort signals', () => {
  it('leaves no listener on a long-lived signal once its calls are done', async () => {
    const client = new BitrixClient();
    const me = await webhookUser(sb, client);
    const controller = new AbortController();
    for (let i = 0; i < 20; i++) await client.call(me.identity, 'im.counters.get', {}, { signal: controller.signal });
    await client.call(me.identity, 'im.notify.system.add', { USER_ID: 0, MESSAGE: 'x' }, { signal: controller.signal }).catch(() => {});
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
