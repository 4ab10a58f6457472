// Bad input never crashes the sandbox, never earns a 5xx or a stack trace, and loses nothing.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestSandbox, asWebhook, startTestSandbox } from '../support/sandbox.js';

let sb: TestSandbox;
let hook: { userId: number; secret: string };
let recipient: number;
let fuzzUserId: number;
const inbox = { confirm: [] as number[], other: [] as number[] };

beforeAll(async () => {
  sb = await startTestSandbox({ maxBodyBytes: 64 * 1024 });
  fuzzUserId = (await sb.givenUser()).id;
  recipient = (await sb.givenUser()).id;
  hook = await sb.givenWebhook(fuzzUserId);
  await refillInbox();
});
afterAll(() => sb.close());

// The fuzzing user's inbox holds every kind, so list, read, answer and confirm paths run. The
// fuzz deletes and confirms rows, so the run refills it as it goes.
async function refillInbox(): Promise<void> {
  inbox.confirm = [];
  inbox.other = [];
  for (const type of ['confirm', 'personal', 'system'] as const) {
    for (let i = 0; i < 4; i++) {
      const authorId = type === 'system' ? 0 : recipient;
      const seeded = await sb.givenNotification({ userId: fuzzUserId, authorId, type, message: `${type} ${i}`, tag: i === 0 ? 'T' : '', params: { CAN_ANSWER: 'Y' } });
      (type === 'confirm' ? inbox.confirm : inbox.other).push(seeded.id);
    }
  }
}

// A small deterministic PRNG, so a failing case can be replayed from its index.
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(rand: Rand, items: T[]): T => items[Math.floor(rand() * items.length)];

// A valid call per method. The fuzz corrupts some of its keys, so most requests get past the
// first validation step and reach the method's body.
const TEMPLATES: Record<string, (rand: Rand) => Record<string, unknown>> = {
  'im.notify': () => ({ USER_ID: recipient, MESSAGE: 'hi #BR# there', TYPE: 'SYSTEM', ATTACH: { BLOCKS: [{ MESSAGE: 'm' }] }, TAG: 'T' }),
  'im.notify.personal.add': () => ({ USER_ID: recipient, MESSAGE: 'hi', ATTACH: '{BLOCKS:[{MESSAGE:"m"}]}' }),
  'im.notify.system.add': () => ({ USER_ID: fuzzUserId, MESSAGE: '<b>x</b> https://x.test', MESSAGE_OUT: 'out', SUB_TAG: 'S' }),
  'im.notify.get': (r) => ({ LAST_ID: pick(r, [...inbox.confirm, ...inbox.other]), LAST_TYPE: pick(r, [1, 3]), LIMIT: 3 }),
  'im.notify.schema.get': () => ({}),
  'im.notify.read': (r) => ({ ID: pick(r, inbox.other), ACTION: pick(r, ['Y', 'N']), ONLY_CURRENT: 'Y' }),
  'im.notify.read.list': (r) => ({ IDS: [pick(r, inbox.other), pick(r, inbox.confirm)], ACTION: pick(r, ['Y', 'N']) }),
  'im.notify.read.all': () => ({}),
  'im.notify.answer': (r) => ({ ID: pick(r, inbox.other), ANSWER_TEXT: 'thanks' }),
  'im.notify.confirm': (r) => ({ ID: pick(r, inbox.confirm), NOTIFY_VALUE: pick(r, ['Y', 'N']) }),
  'im.notify.delete': (r) => (r() < 0.5 ? { ID: [pick(r, inbox.other)] } : { TAG: 'T', SUB_TAG: 'S', CLIENT_ID: 'BOT' }),
  'im.notify.history.search': (r) => ({
    SEARCH_TEXT: 'confirm', SEARCH_TYPES: ['rest'], SEARCH_DATE_FROM: '2020-01-01', SEARCH_DATE_TO: '2030-01-01T00:00:00+03:00',
    SEARCH_AUTHORS: [0, recipient], GROUP_TAG: 'confirm', LAST_ID: pick(r, inbox.confirm), LIMIT: 2,
  }),
  batch: (r) => ({ halt: 0, cmd: { a: `im.notify.read?ID=${pick(r, inbox.other)}`, b: 'im.notify.get?LIMIT=$result[a]', c: 'im.notify.confirm?ID=$result[x][y]&NOTIFY_VALUE=Y' } }),
  'user.current': () => ({}),
  'user.get': () => ({ FILTER: { ACTIVE: 'Y', ID: [recipient] }, start: 0 }),
  'im.user.list.get': () => ({ ID: [recipient, fuzzUserId], RESULT_TYPE: 'array' }),
  'im.counters.get': () => ({}),
};
const METHODS = Object.keys(TEMPLATES);
const STRAY_KEYS = ['USER_ID', 'MESSAGE', 'ATTACH', 'ID', 'IDS', 'LAST_ID', 'LIMIT', 'SEARCH_TEXT', 'cmd', 'auth', 'FILTER', 'start'];

// Keeps, drops or replaces each key of a valid call, and sometimes adds a stray one.
function mutate(rand: Rand, params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    const roll = rand();
    if (roll < 0.15) continue;
    out[key] = roll < 0.35 ? randomValue(rand) : value;
  }
  if (rand() < 0.3) out[pick(rand, STRAY_KEYS)] = randomValue(rand);
  return out;
}

function randomValue(rand: Rand, depth = 0): unknown {
  switch (Math.floor(rand() * 12)) {
    case 0: return null;
    case 1: return rand() < 0.5;
    case 2: return Math.floor(rand() * 2 ** 40) * (rand() < 0.2 ? -1 : 1);
    case 3: return rand() * 1e6;
    case 4: return '';
    case 5: return 'x'.repeat(Math.floor(rand() * 300));
    case 6: return '$result[a][0][ID] #BR# %zz \u0000 <b>ü</b> https://x.test';
    case 7: return String.fromCharCode(...Array.from({ length: 20 }, () => Math.floor(rand() * 0xffff)));
    case 8: return depth > 3 ? [] : Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
    case 9: return depth > 3 ? {} : Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, () => [pick(rand, STRAY_KEYS), randomValue(rand, depth + 1)]));
    case 10: return `im.notify.get?LIMIT=${Math.floor(rand() * 100)}&LAST_ID=${rand() < 0.5 ? 'abc' : '1'}`;
    default: return '2026-01-01T00:00:00+03:00';
  }
}

// encodeURIComponent refuses lone surrogates, which the random strings contain.
const encodeFormValue = (text: string): string => encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));

function randomRequest(rand: Rand, method: string): { path: string; method: string; contentType?: string; body?: string } {
  const valid = `/rest/${hook.userId}/${hook.secret}/${method}`;
  const odd = [
    `${valid}.json`, `/rest/${method}`, `/rest/${hook.userId}/bad%zzsecret/${method}`, `/rest/%E0%A4%A/${method}`,
    `/rest/api/${method}`, '/rest/', '/rest//////', '/oauth/token/?grant_type=refresh_token&refresh_token[]=1', '/_sandbox/nope',
  ];
  // Mostly the valid webhook, so requests reach the methods; the rest probe the front.
  const path = (rand() < 0.8 ? valid : pick(rand, odd)) + (rand() < 0.2 ? '?IDS[]=1&a[b][c]=%ff&+x=1' : '');
  const params = mutate(rand, TEMPLATES[method](rand));
  // Mostly JSON (what SDKs send), then forms, broken JSON, binary junk and body-less verbs.
  switch (pick(rand, ['json', 'json', 'json', 'json', 'json', 'form', 'form', 'broken', 'binary', 'verb'])) {
    case 'json': return { path, method: 'POST', contentType: 'application/json', body: JSON.stringify(params) };
    case 'form': {
      const form = Object.entries(params).map(([k, v]) => {
        const name = rand() < 0.7 ? k : `${k}[${rand() < 0.5 ? '' : 'x'}]`;
        return `${name}=${encodeFormValue(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))}`;
      });
      return { path, method: 'POST', contentType: 'application/x-www-form-urlencoded', body: form.join('&') };
    }
    case 'broken': return { path, method: 'POST', contentType: 'application/json', body: '{"USER_ID": 1, "MESSAGE": ' };
    case 'binary': return { path, method: 'POST', contentType: 'application/octet-stream', body: String.fromCharCode(...Array.from({ length: 200 }, () => Math.floor(rand() * 256))) };
    default: return { path, method: pick(rand, ['GET', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) };
  }
}

describe('bad input', () => {
  it('answers 150 mutated requests per method without a 5xx, a stack trace or a non-envelope body', async () => {
    const rand = prng(20261124);
    const problems: string[] = [];
    for (let i = 0; i < 150 * METHODS.length; i++) {
      if (i % 100 === 99) await refillInbox();
      const request = randomRequest(rand, METHODS[i % METHODS.length]);
      const reply = await sb.raw(request.path, request);
      const envelope = reply.body && typeof reply.body === 'object' && ('result' in reply.body || 'error' in reply.body);
      if (reply.status >= 500 || !envelope || /\bat .+\.(ts|js):\d+/.test(reply.text)) {
        problems.push(`#${i} ${request.method} ${request.path} -> ${reply.status} ${reply.text.slice(0, 120)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each([
    ['http://[', 200, '"sandbox":'],
    ['//evil/x', 404, '"error":"NOT_FOUND"'],
    ['*', 404, '"error":"NOT_FOUND"'],
    ['/rest/%', 404, '"error":"ERROR_METHOD_NOT_FOUND"'],
    ['/rest/../_sandbox/requests', 404, '"error":"ERROR_METHOD_NOT_FOUND"'],
  ])('answers the raw request target %s with %i and %s', async (target, status, snippet) => {
    const reply = await rawHttp(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(reply.status).toBe(status);
    expect(reply.body).toContain(snippet);
  });

  it('serves an absolute-form request target like a path', async () => {
    const reply = await rawHttp(`GET http://portal.test/rest/${hook.userId}/${hook.secret}/im.counters.get HTTP/1.1\r\nHost: portal.test\r\nConnection: close\r\n\r\n`);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('"NOTIFY":');
  });

  it('still serves a normal send and list after the fuzzing', async () => {
    const sent = await sb.call(asWebhook(hook), 'im.notify.system.add', { USER_ID: recipient, MESSAGE: 'still alive' });
    expect(sent.status).toBe(200);
    const recipientHook = await sb.givenWebhook(recipient);
    const list = await sb.call(asWebhook(recipientHook), 'im.notify.get', { LIMIT: 50 });
    expect(list.body.result.notifications.map((n: { id: number }) => n.id)).toContain(sent.body.result);
  });

  it('ignores a JSON body nested deeper than PHP json_decode allows (512), as it ignores invalid JSON', async () => {
    const token = await tokenFor(sb);
    const deep = `{"auth":${JSON.stringify(token)},"x":${'['.repeat(600)}${']'.repeat(600)}}`;
    const reply = await sb.raw('/rest/im.notify.get', { method: 'POST', contentType: 'application/json', body: deep });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' });
  });

  it('drops form variables nested deeper than max_input_nesting_level (64) and keeps the rest', async () => {
    const deepKey = `MESSAGE${'[a]'.repeat(65)}`;
    const reply = await sb.raw(`/rest/${hook.userId}/${hook.secret}/im.notify.system.add`, {
      method: 'POST',
      contentType: 'application/x-www-form-urlencoded',
      body: `USER_ID=${recipient}&${deepKey}=x&MESSAGE=kept`,
    });
    expect(reply.status).toBe(200);
    const stored = await sb.admin('GET', `notifications?userId=${recipient}`);
    expect(stored.notifications.find((n: { id: number }) => n.id === reply.body.result)?.message).toBe('kept');
  });

  it('answers a chunked upload over the body limit with 413 and keeps serving', async () => {
    const big = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(8 * 1024)));
        controller.close();
      },
    });
    const res = await fetch(`${sb.url}/rest/${hook.userId}/${hook.secret}/im.notify.get`, {
      method: 'POST', body: big, headers: { 'content-type': 'text/plain' }, duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toBe('REQUEST_ENTITY_TOO_LARGE');
    expect((await sb.call(asWebhook(hook), 'im.notify.get')).status).toBe(200);
  });

  it('runs only the first 50 of 1,000 batch commands and reports each of the rest', async () => {
    const cmd = Array.from({ length: 1000 }, () => 'im.counters.get');
    const reply = await sb.call(asWebhook(hook), 'batch', { cmd });
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body.result.result)).toHaveLength(50);
    expect(Object.keys(reply.body.result.result_error)).toHaveLength(950);
  });
});

async function tokenFor(sandbox: TestSandbox): Promise<string> {
  const user = await sandbox.givenUser();
  const app = await sandbox.givenApp();
  return (await sandbox.givenToken(app.clientId, user.id)).access_token;
}

// A request written byte for byte, for targets fetch would normalise or refuse.
function rawHttp(request: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(sb.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.on('data', (chunk) => (data += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve({ status: Number(data.split(' ')[1]), body: data.slice(data.indexOf('\r\n\r\n') + 4) }));
  });
}
