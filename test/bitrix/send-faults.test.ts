// A throw at any stage of a send settles the calls it carried and leaves no rejection
// unhandled, which would end the process (issue: /ready on a slow portal crashed Node).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BitrixClient } from '../../src/bitrix/client.js';
import { type Credentials, webhookCredentials } from '../../src/bitrix/credentials.js';
import { Bitrix24AuthError } from '../../src/bitrix/errors.js';
import { useSandbox } from '../support/sandbox.js';

const sb = useSandbox();
const SECRET = 'vaultSecret0123456789';

const unhandled: unknown[] = [];
const collect = (reason: unknown) => unhandled.push(reason);
beforeAll(() => void process.on('unhandledRejection', collect));
afterAll(() => void process.off('unhandledRejection', collect));

let hook: { userId: number; url: string };
beforeAll(async () => {
  const user = await sb.givenUser();
  hook = await sb.givenWebhook(user.id);
});

/** The sandbox webhook's credentials with one stage replaced. */
const faulty = (stage: Partial<Credentials>, url = hook.url): Credentials => ({ ...webhookCredentials(url), cacheKey: 'faulty', secrets: () => [SECRET], ...stage });

const throwingGetter = { get BLOCKS(): unknown { throw new Error('a getter that throws'); } };
const circular: Record<string, unknown> = {};
circular.self = circular;

const STAGES: Array<[string, Partial<Credentials>, Record<string, unknown>?]> = [
  ['reading the secrets', { secrets: () => { throw new Error('vault offline'); } }],
  ['getting the auth parameters (a read-only DOMException holding a secret)', { authParams: async () => { throw new DOMException(`token ${SECRET} is stale`, 'TimeoutError'); } }],
  ['getting the auth parameters, thrown synchronously', { authParams: (() => { throw new TypeError('no auth'); }) as Credentials['authParams'] }],
  ['encoding the parameters', {}, { ATTACH: throwingGetter }],
  ['serialising a value that refers to itself', {}, { ATTACH: circular }],
];

describe('a throw at each stage of a send', () => {
  it.each(STAGES)('while %s rejects the direct call and both calls of a batch, and leaves nothing unhandled', async (_stage, stage, params = {}) => {
    const client = new BitrixClient({ retryBaseMs: 1 });
    const identity = await client.identify(faulty(stage));
    const direct = await client.call(identity, 'im.notify.get', params).catch((e: unknown) => e);
    const batch = await Promise.all([client.call(identity, 'im.notify.get', params), client.call(identity, 'im.counters.get', params)].map((p) => p.catch((e: unknown) => e)));
    for (const error of [direct, ...batch]) {
      expect(error).toBeInstanceOf(Error);
      expect(String((error as Error).message)).not.toContain(SECRET);
      expect(String((error as Error).stack)).not.toContain(SECRET);
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(unhandled).toEqual([]);
    // The client still serves good credentials.
    const good = await client.identify(webhookCredentials(hook.url));
    await expect(client.call(good, 'im.counters.get')).resolves.toBeDefined();
  });

  it('leaves a read-only error it was handed as it was, and reports a masked copy', async () => {
    const original = new DOMException(`token ${SECRET} is stale`, 'TimeoutError');
    const client = new BitrixClient();
    const identity = await client.identify(faulty({ authParams: async () => { throw original; } }));
    const error = (await client.call(identity, 'im.notify.get').catch((e: unknown) => e)) as Error;
    expect(error).not.toBe(original);
    expect(error.message).toBe('token *** is stale');
    expect(error.name).toBe('TimeoutError');
    expect(original.message).toBe(`token ${SECRET} is stale`);
  });

  it.each([
    ['synchronously', (() => { throw new Error('recover exploded'); }) as Credentials['recover']],
    ['asynchronously', async () => { throw new Error('refresh server down'); }],
  ])('keeps the portal\'s verdict when recovering from an auth error throws %s', async (_how, recover) => {
    const client = new BitrixClient();
    const revoked = `${hook.url.replace(/\/[^/]+\/$/, '')}/wrongSecret123/`;
    const identity = await client.identify(faulty({ recover }, revoked));
    const results = await Promise.all([client.call(identity, 'im.notify.get'), client.call(identity, 'im.counters.get')].map((p) => p.catch((e: unknown) => e)));
    for (const error of results) expect(error).toBeInstanceOf(Bitrix24AuthError);
    expect(unhandled).toEqual([]);
  });
});
