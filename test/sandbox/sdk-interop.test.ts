// Interop: the official Bitrix24 JS SDK (@bitrix24/b24jssdk), a client nobody here wrote, calls all twelve
// im.notify.* methods and a batch on the sandbox portal through an incoming webhook, without errors.
//
// The SDK only speaks https (its webhook auth rewrites every portal URL to `https://{domain}/rest`), so the
// sandbox is served over TLS with a throw-away self-signed certificate. Trust is given per client, never
// process-wide: the SDK's own axios instance gets an `https.Agent` whose `ca` is that certificate, and the
// fixtures API is reached with `node:https` and the same `ca` (Node 20's global fetch has no per-call CA
// option without the undici package, so the harness's fetch-based `admin` is not used here).
import { createHash } from 'node:crypto';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiVersion,
  B24Hook,
  SdkError,
  type AjaxResult,
  type BatchNamedCommandsUniversal,
  type RestrictionParams,
} from '@bitrix24/b24jssdk';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.js';
import { makeTlsPair } from '../support/tls.js';

// ---------------------------------------------------------------------------------------------------------
// Shapes of the answers this test reads (bitrix24-notify-spec.md, D.0.6 and D.4–D.12).

interface NotifyItem {
  id: number;
  author_id: number;
  notify_type: number;
  notify_read: 'Y' | 'N';
  text: string;
  notify_buttons?: string;
  params: Record<string, unknown> | null;
}

interface NotifyList {
  notifications: NotifyItem[];
  users: Array<{ id: number }>;
  total_count?: number;
  total_unread_count?: number;
  chat_id?: number;
}

interface SearchResult {
  chat_id: number;
  notifications: NotifyItem[];
  users: Array<{ id: number }>;
  total_results?: number;
}

type Schema = Record<string, { NAME: string; MODULE_ID: string; LIST: Array<{ ID: string; NAME: string }> }>;

interface RequestLog {
  total: number;
  byMethod: Record<string, number>;
  limited: number;
  maxBucketLevel: number;
  requests: Array<{
    seq: number;
    httpMethod: string;
    method: string;
    auth: string;
    userId: number | null;
    status: number;
    error?: string;
    batchSize?: number;
  }>;
}

// ---------------------------------------------------------------------------------------------------------
// The fixtures API over https with an explicit CA (not through global fetch).

type Fixtures = <T = any>(httpMethod: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) => Promise<T>;

function httpsFixtures(baseUrl: string, ca: string): Fixtures {
  return <T>(httpMethod: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) =>
    new Promise<T>((resolve, reject) => {
      const target = new URL(`/_sandbox/${path.replace(/^\/+/, '')}`, baseUrl);
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string | number> = {};
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(payload);
      }
      const request = https.request(target, { method: httpMethod, headers, ca, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = response.statusCode ?? 0;
          if (status < 200 || status >= 300) {
            reject(new Error(`fixtures ${httpMethod} ${path} answered ${status}: ${text}`));
            return;
          }
          try {
            resolve(JSON.parse(text) as T);
          } catch {
            reject(new Error(`fixtures ${httpMethod} ${path} answered non-JSON: ${text.slice(0, 200)}`));
          }
        });
      });
      request.setTimeout(5_000, () => request.destroy(new Error(`fixtures ${httpMethod} ${path} timed out`)));
      request.on('error', reject);
      request.end(payload);
    });
}

// ---------------------------------------------------------------------------------------------------------
// The SDK client, built the way a Node user builds it, with its waits and retries turned off.

/**
 * One attempt per call, no client-side throttling or adaptive pauses, so a sandbox failure surfaces at
 * once instead of after the SDK's back-off. (The sandbox's own rate limit is off in the harness.)
 * The SDK merges these over its defaults shallowly, hence the complete nested objects.
 */
const NO_WAITS: Partial<RestrictionParams> = {
  maxRetries: 1,
  retryDelay: 0,
  retryOnNetworkError: false,
  rateLimit: { burstLimit: 10_000, drainRate: 10_000, adaptiveEnabled: false },
  adaptiveConfig: { enabled: false, thresholdPercent: 100, coefficient: 0, maxDelay: 0 },
};

function sdkClient(webhookUrl: string, ca: string): B24Hook {
  const b24 = B24Hook.fromWebhookUrl(webhookUrl, { restrictionParams: NO_WAITS });
  const agent = new https.Agent({ ca });
  for (const version of [ApiVersion.v2, ApiVersion.v3]) {
    const axios = b24.getHttpClient(version).ajaxClient;
    axios.defaults.httpsAgent = agent; // trust the sandbox's certificate for this client only
    axios.defaults.proxy = false; // never route 127.0.0.1 through an HTTPS_PROXY from the environment
    axios.defaults.timeout = 5_000;
  }
  return b24;
}

function describeSdkError(error: unknown): string {
  if (error instanceof SdkError) return `${error.code} (HTTP ${error.status}): ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** How many HTTP requests this test made per REST method, to compare with the sandbox's request log. */
const sent = new Map<string, number>();

/** Calls a method through `actions.v2.call.make` and insists the SDK saw a success. */
async function call<T>(client: B24Hook, method: string, params: Record<string, unknown> = {}): Promise<T> {
  sent.set(method, (sent.get(method) ?? 0) + 1);
  let response: AjaxResult<T>;
  try {
    response = await client.actions.v2.call.make<T>({ method, params });
  } catch (error) {
    throw new Error(`SDK ${method} failed: ${describeSdkError(error)}`, { cause: error });
  }
  expect(response.isSuccess, `SDK ${method}: ${response.getErrorMessages().join('; ')}`).toBe(true);
  expect(response.getStatus()).toBe(200);
  const data = response.getData();
  expect(data, `SDK ${method} returned no data`).toBeDefined();
  return data!.result;
}

const ids = (items: NotifyItem[]) => items.map((item) => item.id);
const byId = (items: NotifyItem[], id: number) => items.find((item) => item.id === id);

/** Stored tag for a webhook call with CLIENT_ID (spec D.0.1 / D.11): `MP|` + md5('custom' + CLIENT_ID)[0..5] + `|` + TAG. */
const webhookTag = (clientId: string, tag: string) =>
  `MP|${createHash('md5').update(`custom${clientId}`).digest('hex').slice(0, 5)}|${tag}`;

// ---------------------------------------------------------------------------------------------------------

describe('official JS SDK @bitrix24/b24jssdk against the sandbox over https', () => {
  let sandbox: TestSandbox;
  let fixtures: Fixtures;
  let alice: { id: number };
  let bob: { id: number };
  let aliceSdk: B24Hook; // the sender
  let bobSdk: B24Hook; // the recipient: reads, answers, confirms, deletes, searches
  let answerable: { id: number };
  let confirmable: { id: number };
  const sentIds = { notify: 0, personal: 0, system: 0 };

  const storedFor = async (userId: number) =>
    ids((await fixtures<{ notifications: NotifyItem[] }>('GET', `notifications?userId=${userId}`)).notifications);
  const bobsList = async () => call<NotifyList>(bobSdk, 'im.notify.get', { LIMIT: 50 });

  beforeAll(async () => {
    const tls = await makeTlsPair();
    sandbox = await startTestSandbox({ tls });
    expect(sandbox.url).toMatch(/^https:\/\//);
    fixtures = httpsFixtures(sandbox.url, tls.cert);

    alice = await fixtures('POST', 'users', { firstName: 'Alice', lastName: 'Sender' });
    bob = await fixtures('POST', 'users', { firstName: 'Bob', lastName: 'Recipient' });
    const aliceHook = await fixtures<{ url: string }>('POST', 'webhooks', { userId: alice.id });
    const bobHook = await fixtures<{ url: string }>('POST', 'webhooks', { userId: bob.id });
    // The webhook URL the portal hands out is what a user pastes into the SDK.
    aliceSdk = sdkClient(aliceHook.url, tls.cert);
    bobSdk = sdkClient(bobHook.url, tls.cert);

    // What REST cannot create: an answerable notification and a confirm notification with buttons.
    answerable = await fixtures('POST', 'notifications', {
      userId: bob.id,
      authorId: alice.id,
      type: 'personal',
      message: 'Lunch at noon? Reply here.',
      params: { CAN_ANSWER: 'Y' },
    });
    confirmable = await fixtures('POST', 'notifications', {
      userId: bob.id,
      authorId: alice.id,
      type: 'confirm',
      message: 'Alice invites you to the project group',
      buttons: [
        { title: 'Join', value: 'join', type: 'accept' },
        { title: 'Decline', value: 'decline', type: 'cancel' },
      ],
    });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('sends with im.notify, im.notify.personal.add and im.notify.system.add', async () => {
    sentIds.notify = await call<number>(aliceSdk, 'im.notify', {
      USER_ID: bob.id,
      TYPE: 'USER',
      MESSAGE: 'interop one: sent with im.notify',
    });
    sentIds.personal = await call<number>(aliceSdk, 'im.notify.personal.add', {
      USER_ID: bob.id,
      MESSAGE: 'interop two: sent with im.notify.personal.add',
    });
    sentIds.system = await call<number>(aliceSdk, 'im.notify.system.add', {
      USER_ID: bob.id,
      MESSAGE: 'interop three: sent with im.notify.system.add',
    });
    for (const id of Object.values(sentIds)) expect(Number.isInteger(id) && id > 0, `id ${id}`).toBe(true);
    expect(new Set(Object.values(sentIds)).size).toBe(3);
  });

  it('lists them with im.notify.get, confirm notifications first', async () => {
    const list = await bobsList();
    expect(ids(list.notifications)).toEqual(
      expect.arrayContaining([sentIds.notify, sentIds.personal, sentIds.system, answerable.id, confirmable.id]),
    );
    expect(list.notifications[0].id).toBe(confirmable.id);
    expect(byId(list.notifications, confirmable.id)?.notify_type).toBe(1);
    expect(byId(list.notifications, sentIds.notify)).toMatchObject({ notify_type: 2, author_id: alice.id, notify_read: 'N' });
    expect(byId(list.notifications, sentIds.personal)).toMatchObject({ notify_type: 2, author_id: alice.id, notify_read: 'N' });
    expect(byId(list.notifications, sentIds.system)).toMatchObject({ notify_type: 4, author_id: 0, notify_read: 'N' });
    expect(list.users.map((user) => user.id)).toContain(alice.id);
  });

  it('reads the notification types with im.notify.schema.get', async () => {
    const schema = await call<Schema>(bobSdk, 'im.notify.schema.get');
    const modules = Object.values(schema);
    expect(modules.length).toBeGreaterThan(0);
    for (const module of modules) {
      expect(typeof module.MODULE_ID).toBe('string');
      expect(Array.isArray(module.LIST)).toBe(true);
    }
  });

  it('marks read with im.notify.read, im.notify.read.list and im.notify.read.all', async () => {
    expect(await call<boolean>(bobSdk, 'im.notify.read', { ID: sentIds.notify, ONLY_CURRENT: 'Y' })).toBe(true);
    let list = await bobsList();
    expect(byId(list.notifications, sentIds.notify)?.notify_read).toBe('Y');
    expect(byId(list.notifications, sentIds.personal)?.notify_read).toBe('N');

    expect(await call<boolean>(bobSdk, 'im.notify.read.list', { IDS: [sentIds.personal], ACTION: 'Y' })).toBe(true);
    list = await bobsList();
    expect(byId(list.notifications, sentIds.personal)?.notify_read).toBe('Y');
    expect(byId(list.notifications, sentIds.system)?.notify_read).toBe('N');

    // read.all leaves confirm notifications unread: the one confirm is the new counter.
    const all = await call<{ result: boolean; newCounter: number }>(bobSdk, 'im.notify.read.all');
    expect(all).toEqual({ result: true, newCounter: 1 });
    list = await bobsList();
    for (const item of list.notifications) expect(item.notify_read, `notification ${item.id}`).toBe(item.id === confirmable.id ? 'N' : 'Y');
  });

  it('answers the answerable notification with im.notify.answer', async () => {
    const answer = await call<{ result_message: string[] | false }>(bobSdk, 'im.notify.answer', {
      NOTIFY_ID: answerable.id,
      ANSWER_TEXT: 'Yes, see you there',
    });
    expect(answer).toEqual({ result_message: ['Your reply has been sent.'] });
    expect(await storedFor(bob.id)).toContain(answerable.id); // answering changes no state
  });

  it('presses a button with im.notify.confirm, which removes the notification', async () => {
    const confirm = await call<{ result_message: string[] | false }>(bobSdk, 'im.notify.confirm', {
      NOTIFY_ID: confirmable.id,
      NOTIFY_VALUE: 'join',
    });
    expect(Array.isArray(confirm.result_message), JSON.stringify(confirm)).toBe(true);
    expect((confirm.result_message as string[]).some((text) => text.includes('Join')), JSON.stringify(confirm)).toBe(true);
    const stored = await storedFor(bob.id);
    expect(stored).toContain(answerable.id); // the listing works and carries ids ...
    expect(stored).not.toContain(confirmable.id); // ... and the confirmed one is gone
  });

  it('deletes by ID, and by TAG with CLIENT_ID, with im.notify.delete', async () => {
    expect(await call<boolean>(bobSdk, 'im.notify.delete', { ID: sentIds.system })).toBe(true);
    expect(await storedFor(bob.id)).not.toContain(sentIds.system);

    // A webhook has no application, so TAG needs CLIENT_ID; deletion by tag is portal-wide (spec D.11).
    const tag = webhookTag('INTEROP', 'interop-cleanup');
    const tagged = await fixtures<{ id: number }>('POST', 'notifications', { userId: bob.id, message: 'tagged for bob', tag });
    const taggedForAlice = await fixtures<{ id: number }>('POST', 'notifications', { userId: alice.id, message: 'tagged for alice', tag });
    expect(await storedFor(bob.id)).toContain(tagged.id);
    expect(await call<boolean>(bobSdk, 'im.notify.delete', { TAG: 'interop-cleanup', CLIENT_ID: 'INTEROP' })).toBe(true);
    expect(await storedFor(bob.id)).not.toContain(tagged.id);
    expect(await storedFor(alice.id)).not.toContain(taggedForAlice.id);
    expect(await storedFor(bob.id)).toContain(sentIds.personal); // untagged ones stay
  });

  it('searches with im.notify.history.search', async () => {
    const found = await call<SearchResult>(bobSdk, 'im.notify.history.search', { SEARCH_TEXT: 'interop' });
    // The third one was deleted by id; the seeded ones do not say "interop".
    expect(ids(found.notifications).sort((a, b) => a - b)).toEqual([sentIds.notify, sentIds.personal].sort((a, b) => a - b));
    expect(found.total_results).toBe(2);
    expect(found.users.map((user) => user.id)).toContain(alice.id);
  });

  it('runs a batch of several of these and gets the results keyed as sent', async () => {
    const calls: BatchNamedCommandsUniversal = {
      personal: ['im.notify.personal.add', { USER_ID: bob.id, MESSAGE: 'interop batch: personal & more #BR#second line' }],
      system: ['im.notify.system.add', { USER_ID: bob.id, MESSAGE: 'interop batch: system' }],
      schema: ['im.notify.schema.get'],
      own: ['im.notify.get', { LIMIT: 10 }],
      readAll: ['im.notify.read.all'],
    };
    sent.set('batch', (sent.get('batch') ?? 0) + 1);
    let response: Awaited<ReturnType<B24Hook['actions']['v2']['batch']['make']>>;
    try {
      response = await aliceSdk.actions.v2.batch.make({
        calls,
        options: { isHaltOnError: true, returnAjaxResult: false },
      });
    } catch (error) {
      throw new Error(`SDK batch failed: ${describeSdkError(error)}`, { cause: error });
    }
    const errors = [...response.errors].map(([key, error]) => `${String(key)}: ${error.message}`);
    expect(response.isSuccess, `SDK batch: ${errors.join('; ')}`).toBe(true);

    const data = response.getData() as Record<string, unknown>;
    expect(Object.keys(data).sort()).toEqual(Object.keys(calls).sort());
    expect(Number.isInteger(data.personal)).toBe(true);
    expect(Number.isInteger(data.system)).toBe(true);
    expect(typeof data.schema).toBe('object');
    expect(Array.isArray((data.own as NotifyList).notifications)).toBe(true);
    expect(data.readAll).toMatchObject({ result: true });

    // The batch's sends reached Bob, with the text intact ('&' and '#BR#' survive the command encoding).
    const list = await bobsList();
    expect(byId(list.notifications, data.personal as number)).toMatchObject({
      notify_type: 2,
      author_id: alice.id,
      text: 'interop batch: personal & more \nsecond line',
    });
    expect(byId(list.notifications, data.system as number)).toMatchObject({ notify_type: 4, author_id: 0 });
  });

  it("shows the SDK's requests in the sandbox's request log", async () => {
    const log = await fixtures<RequestLog>('GET', 'requests');
    expect(log.byMethod).toEqual(Object.fromEntries(sent));
    const methods = [
      'im.notify', 'im.notify.personal.add', 'im.notify.system.add', 'im.notify.get', 'im.notify.schema.get',
      'im.notify.read.list', 'im.notify.read', 'im.notify.read.all', 'im.notify.answer', 'im.notify.confirm',
      'im.notify.delete', 'im.notify.history.search', 'batch',
    ];
    for (const method of methods) expect(log.byMethod[method], method).toBeGreaterThan(0);
    const total = [...sent.values()].reduce((sum, n) => sum + n, 0);
    expect(log.total).toBe(total);
    expect(log.requests).toHaveLength(total);
    expect(log.limited).toBe(0);
    for (const request of log.requests) {
      expect(request, `request #${request.seq}`).toMatchObject({ httpMethod: 'POST', auth: 'webhook', status: 200 });
      expect([alice.id, bob.id]).toContain(request.userId);
    }
    const batches = log.requests.filter((request) => request.method === 'batch');
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ userId: alice.id, batchSize: 5 });
  });
});
