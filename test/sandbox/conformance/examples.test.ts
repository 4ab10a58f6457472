// Conformance: the worked examples of spec section I, reproduced step by step.
// Each example starts from a freshly reset portal with the section's assumptions:
// portal TZ +03:00; user 1 (webhook owner, code "abc"); user 5 (active employee);
// OAuth app "local.app1" (appKey = md5("local.app1")[0..5]); token T for user 1 with scope im.
import { describe, it, expect } from 'vitest';
import { useSandbox, type Reply } from '../../support/sandbox.js';
import { appKeyOf, expectError, ISO_DATE, ok, sessionFor } from './helpers-methods.js';

const sb = useSandbox({ timeZone: '+03:00' });

const APP = 'local.app1';
const APP_KEY = appKeyOf(APP);

interface Universe {
  /** Access token T of user 1. */
  T: string;
  /** Access token of user 5 (for reading user 5's notifications, as in I.4). */
  T5: string;
}

async function universe(): Promise<Universe> {
  await sb.admin('POST', 'reset', { seed: 'empty' });
  await sb.givenUser({ id: 1, firstName: 'Admin', lastName: 'One' });
  await sb.givenUser({ id: 5, firstName: 'Five', lastName: 'Employee' });
  await sb.admin('POST', 'webhooks', { userId: 1, secret: 'abc' });
  await sb.givenApp({ clientId: APP, name: 'My App', scopes: ['im'] });
  const t1 = await sb.givenToken(APP, 1, { scopes: ['im'] });
  const t5 = await sb.givenToken(APP, 5, { scopes: ['im'] });
  return { T: t1.access_token, T5: t5.access_token };
}

/** A JSON POST to an exact path, as in the examples. */
const post = (path: string, body: Record<string, unknown>): Promise<Reply> =>
  sb.raw(path, { method: 'POST', body: JSON.stringify(body), contentType: 'application/json' });

const TIME_KEYS = ['date_finish', 'date_start', 'duration', 'finish', 'operating', 'operating_reset_at', 'processing', 'start'];

/** I.1 */
async function stepI1(): Promise<number> {
  const reply = await post('/rest/1/abc/im.notify.system.add', { USER_ID: 5, MESSAGE: ' Hello #BR#world ', TAG: 'x' });
  return ok(reply);
}

/** I.2 */
async function stepI2(T: string): Promise<[number, number]> {
  const v1 = ok(await post('/rest/im.notify', { auth: T, USER_ID: 5, MESSAGE: 'v1', TAG: 'x' }));
  const v2 = ok(await post('/rest/im.notify', { auth: T, USER_ID: 5, MESSAGE: 'v2', TAG: 'x' }));
  return [v1, v2];
}

const getAs5 = async (u: Universe, params: Record<string, unknown> = {}) => ok(await post('/rest/im.notify.get', { auth: u.T5, ...params }));

describe('I.1 webhook, system notification, tag ignored', () => {
  it('answers 200 with an integer id and a full time object, and stores the notification as specified', async () => {
    const u = await universe();
    const reply = await post('/rest/1/abc/im.notify.system.add', { USER_ID: 5, MESSAGE: ' Hello #BR#world ', TAG: 'x' });
    expect(reply.status).toBe(200);
    expect(Number.isInteger(reply.body.result)).toBe(true);
    const time = reply.body.time;
    expect(Object.keys(time).sort()).toEqual(TIME_KEYS);
    expect(Number.isInteger(time.start)).toBe(true);
    expect(Number.isInteger(time.processing)).toBe(true);
    expect(Number.isInteger(time.operating_reset_at)).toBe(true);
    expect(time.operating).toBe(0);
    expect(time.date_start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/);
    expect(time.date_finish).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/);

    const res = await getAs5(u);
    expect(res.notifications).toHaveLength(1);
    expect(res.notifications[0]).toMatchObject({
      id: reply.body.result,
      notify_type: 4,
      author_id: 0,
      notify_module: 'rest',
      notify_event: 'rest_notify',
      text: 'Hello \nworld',
      notify_tag: '',
      notify_read: 'N',
    });
  });
});

describe('I.2 OAuth, same TAG twice to the same user → replacement', () => {
  it('deletes the first notification and keeps the second with the app-prefixed tag and params null', async () => {
    const u = await universe();
    const [v1, v2] = await stepI2(u.T);
    expect(v2).toBeGreaterThan(v1);
    const res = await getAs5(u);
    expect(res.notifications.map((n: any) => n.id)).toEqual([v2]);
    expect(res.notifications[0]).toMatchObject({ id: v2, notify_tag: `MP|${APP_KEY}|x`, notify_type: 2, author_id: 1, params: null, text: 'v2' });
  });
});

describe('I.3 validation errors', () => {
  it('answers USER_ID_EMPTY without USER_ID', async () => {
    await universe();
    expectError(await post('/rest/1/abc/im.notify', { MESSAGE: 'x' }), 400, 'USER_ID_EMPTY', "User ID can't be empty");
  });

  it('answers MESSAGE_EMPTY for a whitespace message', async () => {
    await universe();
    expectError(await post('/rest/1/abc/im.notify', { USER_ID: 5, MESSAGE: '   ' }), 400, 'MESSAGE_EMPTY', "Message can't be empty");
  });

  it('answers 200 {result: false} with a time object for a non-existent recipient', async () => {
    await universe();
    const reply = await post('/rest/1/abc/im.notify', { USER_ID: 999999, MESSAGE: 'x' });
    expect(reply.status).toBe(200);
    expect(reply.body.result).toBe(false);
    expect(Object.keys(reply.body.time).sort()).toEqual(TIME_KEYS);
  });

  it('answers INVALID_CREDENTIALS 401 for a wrong webhook code', async () => {
    await universe();
    expectError(await post('/rest/1/WRONG/im.notify', { USER_ID: 5, MESSAGE: 'x' }), 401, 'INVALID_CREDENTIALS', 'Invalid request credentials');
  });

  it('answers ERROR_METHOD_NOT_FOUND 404 for an unknown method', async () => {
    await universe();
    expectError(await post('/rest/1/abc/im.notify.nope', {}), 404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
  });

  it('answers LAST_ID_AND_LAST_TYPE for LAST_ID alone on im.notify.get.json', async () => {
    const u = await universe();
    expectError(
      await post('/rest/im.notify.get.json', { auth: u.T, LAST_ID: 10 }),
      400,
      'LAST_ID_AND_LAST_TYPE',
      'Parameters LAST_ID and LAST_TYPE should be used together.',
    );
  });
});

describe('I.4 im.notify.get for user 5', () => {
  it('returns the personal then the system notification with totals and the author in users[], then an empty next page', async () => {
    const u = await universe();
    const sys = await stepI1();
    const [, personal] = await stepI2(u.T);

    const res = await getAs5(u, { LIMIT: 2 });
    expect(Object.keys(res).sort()).toEqual(['chat_id', 'notifications', 'total_count', 'total_unread_count', 'users']);
    expect(res.total_count).toBe(2);
    expect(res.total_unread_count).toBe(2);
    expect(Number.isInteger(res.chat_id)).toBe(true);
    expect(res.notifications).toEqual([
      {
        id: personal,
        chat_id: res.chat_id,
        author_id: 1,
        date: expect.stringMatching(ISO_DATE),
        notify_type: 2,
        notify_module: 'rest',
        notify_event: 'rest_notify',
        notify_tag: `MP|${APP_KEY}|x`,
        notify_sub_tag: '',
        notify_title: '',
        setting_name: 'rest|rest_notify',
        text: 'v2',
        params: null,
        notify_read: 'N',
      },
      {
        id: sys,
        chat_id: res.chat_id,
        author_id: 0,
        date: expect.stringMatching(ISO_DATE),
        notify_type: 4,
        notify_module: 'rest',
        notify_event: 'rest_notify',
        notify_tag: '',
        notify_sub_tag: '',
        notify_title: '',
        setting_name: 'rest|rest_notify',
        text: 'Hello \nworld',
        params: null,
        notify_read: 'N',
      },
    ]);
    expect(res.notifications[0].date.endsWith('+03:00')).toBe(true);
    expect(res.users).toHaveLength(1);
    expect(res.users[0]).toMatchObject({ id: 1, active: true, name: 'Admin One' });

    const next = await getAs5(u, { LIMIT: 2, LAST_ID: sys, LAST_TYPE: 3 });
    expect(next).toEqual({ total_count: 2, total_unread_count: 2, chat_id: res.chat_id, notifications: [], users: [] });
  });
});

describe('I.5 batch with a reference and a failing command', () => {
  it('runs a, resolves $result[a] in b, reports c in result_error, and leaves the notification unread', async () => {
    const u = await universe();
    const reply = await post('/rest/1/abc/batch', {
      halt: 0,
      cmd: {
        a: 'im.notify.personal.add?USER_ID=5&MESSAGE=Hi%20there',
        b: 'im.notify.read?ID=$result[a]&ONLY_CURRENT=Y',
        c: 'im.notify.personal.add?USER_ID=0&MESSAGE=x',
      },
    });
    const result = ok(reply);
    expect(Object.keys(result).sort()).toEqual(['result', 'result_error', 'result_next', 'result_time', 'result_total']);
    expect(Number.isInteger(result.result.a)).toBe(true);
    expect(result.result).toEqual({ a: result.result.a, b: true });
    expect(result.result_error).toEqual({ c: { error: 'USER_ID_EMPTY', error_description: "User ID can't be empty" } });
    expect(result.result_total).toEqual([]);
    expect(result.result_next).toEqual([]);
    expect(Object.keys(result.result_time).sort()).toEqual(['a', 'b']);
    expect(reply.text).toMatch(/"result_total":\[\]/);

    const res = await getAs5(u);
    expect(res.notifications.map((n: any) => [n.id, n.text, n.author_id, n.notify_read])).toEqual([[result.result.a, 'Hi there', 1, 'N']]);
  });
});

describe('I.6 history search edge cases', () => {
  const search = (token: string, params: Record<string, unknown>) => post('/rest/im.notify.history.search', { auth: token, ...params });

  it('reproduces every listed case', async () => {
    const u = await universe();
    const sys = await stepI1();
    const [, personal] = await stepI2(u.T);
    const hi = ok(await post('/rest/1/abc/im.notify.personal.add', { USER_ID: 5, MESSAGE: 'Hi there' }));

    expectError(await search(u.T5, { SEARCH_TEXT: 'hi' }), 400, 'SEARCH_TEXT_ERROR', "SEARCH_TEXT can't be less then 3 symbols");

    const short = ok(await search(u.T5, { SEARCH_TEXT: 'hi', SEARCH_TYPE: 'rest' }));
    expect(short.notifications.map((n: any) => n.id)).toEqual([hi]);

    const fromOnly = await search(u.T5, { SEARCH_DATE_FROM: '2025-10-09T00:00:00+03:00' });
    expect(fromOnly.status).toBe(200);
    expect(fromOnly.body.result).toEqual([]);
    expect(fromOnly.text).toMatch(/"result":\[\]/);
    expect(fromOnly.body.time).toBeTypeOf('object');

    const paged = ok(await search(u.T5, { SEARCH_TYPE: 'rest', LAST_ID: personal }));
    expect(paged).not.toHaveProperty('total_results');
    expect(paged.notifications.map((n: any) => n.id)).toEqual([sys]);

    const noChat = await search(u.T, { SEARCH_TYPE: 'rest' });
    expect(noChat.status).toBe(200);
    expect(noChat.body.result).toEqual([]);
    expect(noChat.text).toMatch(/"result":\[\]/);
  });
});

describe('I.7 delete', () => {
  it('reproduces every listed case', async () => {
    const u = await universe();
    await sb.givenUser({ id: 6 });
    const t6 = (await sb.givenToken(APP, 6, { scopes: ['im'] })).access_token;
    const sys = await stepI1();
    const [, personal] = await stepI2(u.T);
    const forSix = ok(await post('/rest/im.notify', { auth: u.T, USER_ID: 6, MESSAGE: 'six', TAG: 'x' }));
    const mbot = (await sb.givenNotification({ userId: 5, message: 'mybot', tag: 'MP|07373|x' })).id;

    expectError(await post('/rest/1/abc/im.notify.delete', { TAG: 'x' }), 403, 'ACCESS_DENIED', 'Access denied! Client ID not specified');

    const byClient = await post('/rest/1/abc/im.notify.delete', { TAG: 'x', CLIENT_ID: 'MYBOT' });
    expect(ok(byClient)).toBe(true);

    expect(ok(await post('/rest/1/abc/im.notify.delete', { SUB_TAG: 'y', CLIENT_ID: 'MYBOT' }))).toBe(false);

    let five = await getAs5(u);
    expect(five.notifications.map((n: any) => n.id)).toEqual([personal, sys]);
    expect(mbot).toBeGreaterThan(0);

    expect(ok(await post('/rest/im.notify.delete', { auth: u.T, TAG: 'x' }))).toBe(true);
    five = await getAs5(u);
    expect(five.notifications.map((n: any) => n.id)).toEqual([sys]);
    const six = ok(await post('/rest/im.notify.get', { auth: t6 }));
    expect(forSix).toBeGreaterThan(0);
    expect(six).toEqual({ notifications: [], users: [] });

    const session = await sessionFor(sb, 1);
    expectError(await sb.call(session, 'im.notify.delete', { TAG: 'x' }), 400, 'PARAMS_ERROR', 'Incorrect params');

    expect(ok(await post('/rest/1/abc/im.notify.delete', { ID: [personal, sys] }))).toBe(false);
    expect(ok(await post('/rest/im.notify.delete', { auth: u.T5, ID: [personal, sys] }))).toBe(true);
    expect(await getAs5(u)).toEqual({ notifications: [], users: [] });
  });
});
