// Spec A.6 (success envelope and the time object), A.7 (error envelope), A.8 (headers, [] vs {}),
// E.1 (JSON types), E.2 (empty collections are []), E.5 (time on every success, never on errors).
import { describe, it, expect } from 'vitest';
import { startTestSandbox, useSandbox } from '../../support/sandbox.js';
import {
  ERR,
  TIME_KEYS,
  expectError,
  expectSuccess,
  expectTimeObject,
  formatPortalDate,
  newTokenUser,
  newWebhookUser,
  selfNotify,
} from './helpers-transport.js';

const sb = useSandbox();

describe('A.6 success envelope', () => {
  it('answers 200 with application/json; charset=utf-8 and exactly the keys result and time', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.call(me.auth, 'im.notify.get');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Object.keys(reply.body)).toEqual(['result', 'time']);
  });

  it('never lifts next/total for notification methods', async () => {
    const me = await newWebhookUser(sb);
    await selfNotify(sb, me, 'one');
    const reply = await sb.call(me.auth, 'im.notify.get', { LIMIT: 1 });
    expect(Object.keys(reply.body)).toEqual(['result', 'time']);
  });

  it('emits all eight time fields in order with their types (start and processing integers)', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.call(me.auth, 'im.notify.get');
    expectSuccess(reply);
    expectTimeObject(reply.body.time);
  });

  it('formats date_start and date_finish in the default Europe/Moscow zone as date("c") with +03:00', async () => {
    const me = await newWebhookUser(sb);
    const { time } = (await sb.call(me.auth, 'im.notify.get')).body;
    expect(time.date_start.endsWith('+03:00')).toBe(true);
    expect(time.date_start).toBe(formatPortalDate(time.start, '+03:00'));
    expect(time.date_finish).toBe(formatPortalDate(time.finish, '+03:00'));
  });

  it('keeps finish >= start and duration = finish - start', async () => {
    const me = await newWebhookUser(sb);
    const { time } = (await sb.call(me.auth, 'im.notify.get')).body;
    expect(time.finish).toBeGreaterThanOrEqual(time.start);
    expect(time.duration).toBeCloseTo(time.finish - time.start, 4);
    expect(time.processing).toBeGreaterThanOrEqual(0);
  });

  it('reports operating 0 and operating_reset_at = start + 600 when nothing was recorded', async () => {
    const me = await newWebhookUser(sb);
    const { time } = (await sb.call(me.auth, 'im.notify.get')).body;
    expect(time.operating).toBe(0);
    expect(time.operating_reset_at).toBe(time.start + 600);
  });

  it('includes the time object on success for OAuth calls too', async () => {
    const t = await newTokenUser(sb);
    const reply = await sb.call({ token: t.token }, 'im.notify.get');
    expectSuccess(reply);
    expectTimeObject(reply.body.time);
  });

  it.each([
    ['+05:30', '+05:30'],
    ['-04:00', '-04:00'],
    ['+00:00', '+00:00'],
    ['America/New_York', 'America/New_York'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
  ])('formats dates in the configured time zone %s', async (timeZone, expectedZone) => {
    const other = await startTestSandbox({ timeZone });
    try {
      const user = await other.givenUser();
      const hook = await other.givenWebhook(user.id);
      const reply = await other.call({ webhook: { userId: hook.userId, secret: hook.secret } }, 'im.notify.get');
      expectSuccess(reply);
      expectTimeObject(reply.body.time, expectedZone);
    } finally {
      await other.close();
    }
  });

  it('answers a method that returns false with a 200 success envelope (system.add to an unknown user)', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.call(me.auth, 'im.notify.system.add', { USER_ID: 999999, MESSAGE: 'nobody' });
    expect(reply.status).toBe(200);
    expect(reply.body.result).toBe(false);
    expectTimeObject(reply.body.time);
  });
});

describe('A.7 error envelope', () => {
  it('has exactly error and error_description, no time, and a JSON content type', async () => {
    const reply = await sb.call(null, 'im.notify.get');
    expectError(reply, 401, ERR.noAuth);
    expect(Object.keys(reply.body)).toEqual(['error', 'error_description']);
    expect(reply.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('has no time on a method validation error either', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.call(me.auth, 'im.notify.system.add', { MESSAGE: 'x' });
    expectError(reply, 400, ERR.userIdEmpty);
  });

  it('answers ERROR_METHOD_NOT_FOUND with 404', async () => {
    expectError(await sb.call(null, 'im.notify.nothing'), 404, ERR.methodNotFound);
  });
});

describe('A.8 response headers', () => {
  const expectCors = (headers: Headers) => {
    expect(headers.get('access-control-allow-origin')).toBe('*');
    expect(headers.get('access-control-allow-headers')).toBe('origin, content-type, accept');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
  };

  it('sends the CORS and nosniff headers on a success', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.call(me.auth, 'im.notify.get');
    expect(reply.status).toBe(200);
    expectCors(reply.headers);
  });

  it('sends the CORS and nosniff headers on an auth error', async () => {
    const reply = await sb.call(null, 'im.notify.get');
    expect(reply.status).toBe(401);
    expectCors(reply.headers);
  });

  it('sends the CORS and nosniff headers on a method-not-found error', async () => {
    const reply = await sb.raw('/rest/does.not.exist', { method: 'GET' });
    expect(reply.status).toBe(404);
    expectCors(reply.headers);
  });

  it('sends the CORS and nosniff headers on a method validation error', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.call(me.auth, 'im.notify.system.add', {});
    expect(reply.status).toBe(400);
    expectCors(reply.headers);
  });
});

describe('E.1 JSON types and E.2 empty collections', () => {
  it('returns the id of an added notification as an integer and read results as booleans', async () => {
    const me = await newWebhookUser(sb);
    const add = await sb.call(me.auth, 'im.notify.system.add', { USER_ID: me.userId, MESSAGE: 'types' });
    const id = expectSuccess(add);
    expect(Number.isInteger(id)).toBe(true);
    expect(expectSuccess(await sb.call(me.auth, 'im.notify.read', { ID: id, ONLY_CURRENT: 'Y' }))).toBe(true);
    expect(expectSuccess(await sb.call(me.auth, 'im.notify.read.list', { IDS: [id], ACTION: 'N' }))).toBe(true);
  });

  it('returns integer ids, string notify_read, and null params in im.notify.get', async () => {
    const me = await newWebhookUser(sb);
    const id = await selfNotify(sb, me, 'typed');
    const result = expectSuccess(await sb.call(me.auth, 'im.notify.get'));
    for (const key of ['total_count', 'total_unread_count', 'chat_id']) expect(Number.isInteger(result[key])).toBe(true);
    const [n] = result.notifications;
    expect(n.id).toBe(id);
    expect(Number.isInteger(n.chat_id)).toBe(true);
    expect(n.chat_id).toBe(result.chat_id);
    expect(n.author_id).toBe(0);
    expect(n.notify_type).toBe(4);
    expect(n.notify_read).toBe('N');
    expect(n.params).toBeNull();
    expect(n.notify_tag).toBe('');
    expect(Array.isArray(result.users)).toBe(true);
  });

  it('returns author objects with boolean flags, false for missing dates and null bot_data', async () => {
    const sender = await newWebhookUser(sb);
    const recipient = await newWebhookUser(sb);
    expectSuccess(await sb.call(sender.auth, 'im.notify.personal.add', { USER_ID: recipient.userId, MESSAGE: 'hi' }));
    const result = expectSuccess(await sb.call(recipient.auth, 'im.notify.get'));
    expect(result.notifications[0].author_id).toBe(sender.userId);
    expect(result.users).toHaveLength(1);
    const u = result.users[0];
    expect(u.id).toBe(sender.userId);
    expect(u.active).toBe(true);
    for (const flag of ['extranet', 'network', 'bot', 'connector']) expect(u[flag]).toBeTypeOf('boolean');
    expect(u.idle).toBe(false);
    expect(u.mobile_last_date).toBe(false);
    expect(u.desktop_last_date).toBe(false);
    expect(u.bot_data).toBeNull();
    expect(Array.isArray(u.departments)).toBe(true);
  });

  it('returns empty notifications and users as [] for a user without notifications', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.call(me.auth, 'im.notify.get');
    expect(expectSuccess(reply)).toEqual({ notifications: [], users: [] });
    expect(reply.text).toContain('"notifications":[]');
    expect(reply.text).toContain('"users":[]');
  });

  it('returns the whole result of an empty history search as []', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.call(me.auth, 'im.notify.history.search', { SEARCH_TEXT: 'nothing here' });
    const result = expectSuccess(reply);
    expect(Array.isArray(result)).toBe(true);
    expect(result).toHaveLength(0);
    expect(reply.text).toContain('"result":[]');
  });

  it('returns the empty batch maps as [] (never {})', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.call(me.auth, 'batch', { cmd: {} });
    expect(expectSuccess(reply)).toEqual({ result: [], result_error: [], result_total: [], result_next: [], result_time: [] });
    for (const key of ['result', 'result_error', 'result_total', 'result_next', 'result_time']) {
      expect(Array.isArray(reply.body.result[key])).toBe(true);
    }
  });
});

describe('A.8 JSON serialisation', () => {
  it('escapes slashes, ampersands, apostrophes and quotes like PHP json_encode with the HEX flags', async () => {
    const me = await newWebhookUser(sb);
    await selfNotify(sb, me, `a/b & it's "q"`);
    const reply = await sb.call(me.auth, 'im.notify.get');
    expect(reply.body.result.notifications[0].text).toBe(`a/b & it's "q"`);
    expect(reply.text).toContain('"text":"a\\/b \\u0026 it\\u0027s \\u0022q\\u0022"');
  });

  it('leaves non-ASCII letters unescaped', async () => {
    const me = await newWebhookUser(sb);
    await selfNotify(sb, me, 'Привет, мир');
    const reply = await sb.call(me.auth, 'im.notify.get');
    expect(reply.text).toContain('"text":"Привет, мир"');
  });
});

describe('fixtures config: time zone', () => {
  it('formats dates in a time zone set at run time through /_sandbox/config', async () => {
    const me = await newWebhookUser(sb);
    try {
      await sb.admin('POST', 'config', { timeZone: '+09:00' });
      const reply = await sb.call(me.auth, 'im.notify.get');
      expectTimeObject(reply.body.time, '+09:00');
    } finally {
      await sb.admin('POST', 'config', { timeZone: 'Europe/Moscow' });
    }
    expectTimeObject((await sb.call(me.auth, 'im.notify.get')).body.time, '+03:00');
  });
});

describe('A.6 key order of the time object is stable across methods', () => {
  it('uses the same eight keys for a write, a read and a batch', async () => {
    const me = await newWebhookUser(sb);
    const write = await sb.call(me.auth, 'im.notify.system.add', { USER_ID: me.userId, MESSAGE: 'k' });
    const read = await sb.call(me.auth, 'im.notify.schema.get');
    const b = await sb.call(me.auth, 'batch', { cmd: ['im.notify.schema.get'] });
    for (const reply of [write, read, b]) expect(Object.keys(reply.body.time)).toEqual([...TIME_KEYS]);
  });
});
