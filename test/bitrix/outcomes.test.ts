// What the client reports when the portal fails, moves or hangs, and what it never does: resend
// a write that may have run, follow a redirect, or send a call whose caller has given up.
import { describe, expect, it } from 'vitest';
import { BitrixClient, type Identity } from '../../src/bitrix/client.js';
import { bearerCredentials, webhookCredentials } from '../../src/bitrix/credentials.js';
import { TransportError, UnknownOutcomeError } from '../../src/bitrix/errors.js';
import { type TestSandbox, useSandbox } from '../support/sandbox.js';

const sb = useSandbox();
const target = useSandbox();

async function webhookUser(sandbox: TestSandbox, client: BitrixClient): Promise<{ id: number; identity: Identity }> {
  const user = await sandbox.givenUser();
  const hook = await sandbox.givenWebhook(user.id);
  return { id: user.id, identity: await client.identify(webhookCredentials(hook.url)) };
}

const stored = async (userId: number, message: string) =>
  ((await sb.admin('GET', `notifications?userId=${userId}`)).notifications as Array<{ message: string }>).filter((n) => n.message === message);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The error a call fails with; a call that succeeds fails the test. */
const failure = (call: Promise<unknown>): Promise<Error & Record<string, unknown>> =>
  call.then((value) => { throw new Error(`expected the call to fail, it answered ${JSON.stringify(value)}`); }, (error: Error & Record<string, unknown>) => error);

describe('5xx answers to writes', () => {
  it('reports a write the portal ran and then answered with 500 as of unknown outcome, with the portal\'s answer, sent once', async () => {
    const client = new BitrixClient({ retryBaseMs: 1 });
    const me = await webhookUser(sb, client);
    await sb.admin('DELETE', 'requests');
    await sb.admin('POST', 'faults', { method: 'im.notify.system.add', when: 'after', status: 500, times: 1 });
    const error = await failure(client.call(me.identity, 'im.notify.system.add', { USER_ID: me.id, MESSAGE: 'ran, then 500' }));
    expect(error).toBeInstanceOf(UnknownOutcomeError);
    expect(error).toMatchObject({ kind: 'server-error', status: 500, portal: { error: 'INTERNAL_SERVER_ERROR', status: 500 } });
    expect(await stored(me.id, 'ran, then 500')).toHaveLength(1);
    expect((await sb.requests()).byMethod['im.notify.system.add']).toBe(1);
  });

  it('reports each write of a batch answered with 500 as unknown, and asks the read in it again', async () => {
    const client = new BitrixClient({ retryBaseMs: 1 });
    const me = await webhookUser(sb, client);
    await sb.admin('POST', 'faults', { method: 'batch', when: 'after', status: 500, times: 1 });
    const [first, second, read] = await Promise.all([
      client.call(me.identity, 'im.notify.system.add', { USER_ID: me.id, MESSAGE: 'batch one' }).catch((e: Error) => e),
      client.call(me.identity, 'im.notify.system.add', { USER_ID: me.id, MESSAGE: 'batch two' }).catch((e: Error) => e),
      client.call(me.identity, 'im.notify.get', { LIMIT: 1 }),
    ]);
    expect(first).toBeInstanceOf(UnknownOutcomeError);
    expect(second).toBeInstanceOf(UnknownOutcomeError);
    expect(read).toMatchObject({ total_count: 2 });
    expect(await stored(me.id, 'batch one')).toHaveLength(1);
  });
});

describe('redirects', () => {
  it('never follows one: the target sees nothing, and the error names only the Location origin', async () => {
    const client = new BitrixClient({ retryBaseMs: 1 });
    const me = await webhookUser(sb, client);
    await sb.admin('DELETE', 'requests');
    await target.admin('DELETE', 'requests');
    const location = `${target.url}/rest/1/leakedPathSecret/im.notify.system.add.json`;
    await sb.admin('POST', 'faults', { method: 'im.notify.system.add', redirect: location, status: 307, times: 1 });
    await sb.admin('POST', 'faults', { method: 'im.notify.get', redirect: location, times: 1 });
    const write = await failure(client.call(me.identity, 'im.notify.system.add', { USER_ID: me.id, MESSAGE: 'moved' }));
    const read = await failure(client.call(me.identity, 'im.notify.get'));
    for (const [error, status] of [[write, 307], [read, 301]] as const) {
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ kind: 'redirect', status });
      expect(error.message).toContain(`redirecting to ${target.url}`);
      expect(error.message).not.toContain('leakedPathSecret');
    }
    // Not retried either: a redirect answers the same way every time.
    expect((await sb.requests()).total).toBe(2);
    expect((await target.requests()).total).toBe(0);
  });
});

describe('user.current', () => {
  it('goes through the dispatcher like any read: retried after 500s, so a token\'s user is still found', async () => {
    const client = new BitrixClient({ retryBaseMs: 1 });
    const user = await sb.givenUser();
    const app = await sb.givenApp();
    const token = await sb.givenToken(app.clientId, user.id);
    await sb.admin('DELETE', 'requests');
    await sb.admin('POST', 'faults', { method: 'user.current', status: 500, times: 2 });
    const identity = await client.identify(bearerCredentials(sb.url, token.access_token));
    expect(identity.userId).toBe(user.id);
    expect((await sb.requests()).byMethod['user.current']).toBe(3);
  });
});

describe('batch placeholders in user text', () => {
  it('sends a call whose text holds one on its own, so the text is stored as written', async () => {
    const client = new BitrixClient();
    const me = await webhookUser(sb, client);
    await sb.admin('DELETE', 'requests');
    await Promise.all([
      client.call(me.identity, 'im.notify.system.add', { USER_ID: me.id, MESSAGE: 'first' }),
      client.call(me.identity, 'im.notify.system.add', { USER_ID: me.id, MESSAGE: 'order $result[0] shipped' }),
      client.call(me.identity, 'im.notify.system.add', { USER_ID: me.id, MESSAGE: 'third' }),
    ]);
    expect(await stored(me.id, 'order $result[0] shipped')).toHaveLength(1);
    const log = (await sb.requests()).requests.map((r: { method: string; batchSize?: number }) => [r.method, r.batchSize ?? 1]);
    expect(log.sort()).toEqual([['batch', 2], ['im.notify.system.add', 1]]);
  });
});

describe('a caller that gives up', () => {
  it('withdraws a call still waiting for the bucket at the deadline: it is never sent', async () => {
    const client = new BitrixClient({ rateLimit: { burst: 2, drainPerSecond: 0.5 } });
    const me = await webhookUser(sb, client);
    await client.call(me.identity, 'im.counters.get'); // the bucket (burst 2, headroom 1) is now full for 2 s
    await sb.admin('DELETE', 'requests');
    const started = Date.now();
    const error = await failure(client.call(me.identity, 'im.notify.system.add', { USER_ID: me.id, MESSAGE: 'too late' }, { signal: AbortSignal.timeout(200) }));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ kind: 'withdrawn' });
    expect(error.message).toMatch(/not sent, because the operation's deadline passed/);
    await sleep(2200);
    expect((await sb.requests()).total).toBe(0);
    expect(await stored(me.id, 'too late')).toHaveLength(0);
  });

  it('gives up at the deadline on calls in flight: a write is of unknown outcome, a read cancelled, also inside a batch that answers later', async () => {
    const client = new BitrixClient({ timeoutMs: 3000 });
    const me = await webhookUser(sb, client);
    const other = await webhookUser(sb, client);
    await sb.admin('POST', 'faults', { method: 'im.notify.system.add', when: 'after', latencyMs: 1500, times: 1 });
    await sb.admin('POST', 'faults', { method: 'batch', latencyMs: 1500, times: 1 });
    const started = Date.now();
    const late = { signal: AbortSignal.timeout(300) };
    // `me` has one call in this tick, which goes direct; `other` has two, which make a batch.
    const [direct, batchedWrite, batchedRead] = await Promise.all([
      client.call(me.identity, 'im.notify.system.add', { USER_ID: me.id, MESSAGE: 'in flight' }, late),
      client.call(other.identity, 'im.notify.system.add', { USER_ID: other.id, MESSAGE: 'batched' }, late),
      client.call(other.identity, 'im.notify.get', {}, late),
    ].map((call) => call.catch((e: Error) => e)));
    expect(Date.now() - started).toBeLessThan(1200);
    expect(direct).toBeInstanceOf(UnknownOutcomeError);
    expect(direct).toMatchObject({ kind: 'cancelled' });
    expect(batchedWrite).toBeInstanceOf(UnknownOutcomeError);
    expect(batchedRead).toBeInstanceOf(TransportError);
    expect(batchedRead).not.toBeInstanceOf(UnknownOutcomeError);
    expect(batchedRead).toMatchObject({ kind: 'cancelled' });
    await sleep(1500);
  });
});

describe('a hang that ends', () => {
  it('asks a read caught in it again once the portal answers a later request, long before the timeout', async () => {
    const client = new BitrixClient({ timeoutMs: 10_000, stuckAfterMs: 300, retryBaseMs: 1 });
    const me = await webhookUser(sb, client);
    await sb.admin('DELETE', 'requests');
    await sb.admin('POST', 'faults', { method: 'im.notify.get', hang: true, times: 1 });
    const started = Date.now();
    const read = client.call(me.identity, 'im.notify.get', { LIMIT: 1 });
    await sleep(400);
    await client.call(me.identity, 'im.counters.get');
    await expect(read).resolves.toMatchObject({ notifications: [] });
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await sb.requests()).byMethod['im.notify.get']).toBe(2);
  });

  it('never sends a write caught in it again, and leaves a read sent just before a later answer alone', async () => {
    const client = new BitrixClient({ timeoutMs: 1500, stuckAfterMs: 300 });
    const me = await webhookUser(sb, client);
    await sb.admin('DELETE', 'requests');
    await sb.admin('POST', 'faults', { method: 'im.notify.system.add', hang: true, times: 1 });
    await sb.admin('POST', 'faults', { method: 'im.notify.get', latencyMs: 500, times: 1 });
    const write = failure(client.call(me.identity, 'im.notify.system.add', { USER_ID: me.id, MESSAGE: 'hung write' }));
    await sleep(20); // its own tick, so it goes direct instead of into a batch with the read
    const slowRead = client.call(me.identity, 'im.notify.get', { LIMIT: 1 });
    await sleep(100);
    // Sent 100 ms after the read: not enough to take the read for lost.
    await client.call(me.identity, 'im.counters.get');
    await expect(slowRead).resolves.toHaveProperty('notifications');
    await sleep(300);
    await client.call(me.identity, 'im.counters.get');
    expect(await write).toBeInstanceOf(UnknownOutcomeError);
    const byMethod = (await sb.requests()).byMethod;
    expect(byMethod['im.notify.system.add']).toBe(1);
    expect(byMethod['im.notify.get']).toBe(1);
  });
});
