// Spec C.1 (request), C.2 (limits, forbidden methods), C.3 (references), C.4 (response), A.8 (list vs object),
// E.2 (empty maps are []), E.12 (batch rules).
import { describe, it, expect } from 'vitest';
import { useSandbox, type Auth } from '../../support/sandbox.js';
import {
  ERR,
  TIME_KEYS,
  batch,
  expectError,
  expectSuccess,
  expectTimeObject,
  newSessionUser,
  newTokenUser,
  newWebhookUser,
  newestText,
  notificationsOf,
  selfNotify,
  type WebhookUser,
} from './helpers-transport.js';

const sb = useSandbox();

const EMPTY_MAPS = { result: [], result_error: [], result_total: [], result_next: [], result_time: [] };

/** `im.notify.system.add` to the webhook owner himself with a raw (already encoded) MESSAGE query value. */
const addToSelf = (me: WebhookUser, encodedMessage: string) => `im.notify.system.add?USER_ID=${me.userId}&MESSAGE=${encodedMessage}`;

const runBatch = async (auth: Auth, cmd: unknown, halt?: unknown) => {
  const reply = await batch(sb, auth, cmd, halt);
  return expectSuccess(reply);
};

describe('C.1 request', () => {
  it('executes string commands of a JSON list and answers list-shaped result and result_time', async () => {
    const me = await newWebhookUser(sb);
    const reply = await batch(sb, me.auth, ['im.notify.schema.get', 'user.current']);
    const r = expectSuccess(reply);
    expectTimeObject(reply.body.time);
    expect(Array.isArray(r.result)).toBe(true);
    expect(r.result).toHaveLength(2);
    expect(String(r.result[1].ID)).toBe(String(me.userId));
    expect(Array.isArray(r.result_time)).toBe(true);
    expect(r.result_time).toHaveLength(2);
    for (const t of r.result_time) expect(Object.keys(t)).toEqual([...TIME_KEYS]);
    expect(r.result_error).toEqual([]);
    expect(r.result_total).toEqual([]);
    expect(r.result_next).toEqual([]);
    expect(Object.keys(r)).toEqual(['result', 'result_error', 'result_total', 'result_next', 'result_time']);
  });

  it('keys the maps by the string keys of a cmd object', async () => {
    const me = await newWebhookUser(sb);
    const r = await runBatch(me.auth, { first: 'user.current', second: 'im.notify.get' });
    expect(Object.keys(r.result)).toEqual(['first', 'second']);
    expect(Object.keys(r.result_time)).toEqual(['first', 'second']);
    expect(r.result.second).toEqual({ notifications: [], users: [] });
    expect(r.result_error).toEqual([]);
  });

  it('answers list-shaped maps for a cmd object whose keys are 0..n-1 in order (PHP list rule, A.8)', async () => {
    const me = await newWebhookUser(sb);
    const reply = await batch(sb, me.auth, { 0: 'user.current', 1: 'im.notify.schema.get' });
    const r = expectSuccess(reply);
    expect(Array.isArray(r.result)).toBe(true);
    expect(Array.isArray(r.result_time)).toBe(true);
    expect(r.result).toHaveLength(2);
  });

  it('silently skips non-string commands: they appear in no map', async () => {
    const me = await newWebhookUser(sb);
    const r = await runBatch(me.auth, { a: { method: 'user.current', params: {} }, b: 'user.current', c: 42, d: null, e: ['user.current'] });
    expect(Object.keys(r.result)).toEqual(['b']);
    expect(Object.keys(r.result_time)).toEqual(['b']);
    expect(r.result_error).toEqual([]);
  });

  it('keys results by the original list index when a non-string command is skipped (object {"1": …})', async () => {
    const me = await newWebhookUser(sb);
    const reply = await batch(sb, me.auth, [{ method: 'user.current' }, 'user.current']);
    const r = expectSuccess(reply);
    expect(Array.isArray(r.result)).toBe(false);
    expect(Object.keys(r.result)).toEqual(['1']);
    expect(reply.text).toContain('"result":{"1":');
  });

  it('counts skipped non-string commands toward the 50-command limit', async () => {
    const me = await newWebhookUser(sb);
    const cmd: unknown[] = Array.from({ length: 50 }, () => ({ method: 'user.current' }));
    cmd.push('user.current');
    const r = await runBatch(me.auth, cmd);
    expect(r.result).toEqual([]);
    expect(r.result_time).toEqual([]);
    expect(r.result_error).toEqual({ 50: ERR.batchLength });
  });

  it('executes nothing and answers all-empty maps when cmd is absent', async () => {
    const me = await newWebhookUser(sb);
    expect(await runBatch(me.auth, undefined)).toEqual(EMPTY_MAPS);
  });

  it('executes nothing and answers all-empty maps when cmd is a string', async () => {
    const me = await newWebhookUser(sb);
    const r = expectSuccess(await sb.call(me.auth, 'batch', { cmd: 'user.current' }));
    expect(r).toEqual(EMPTY_MAPS);
  });

  it('reads its own top-level keys case-insensitively (CMD, Halt)', async () => {
    const me = await newWebhookUser(sb);
    const r = expectSuccess(await sb.call(me.auth, 'batch', { CMD: { a: 'im.notify.system.add', b: 'user.current' }, Halt: 1 }));
    expect(r.result).toEqual([]);
    expect(r.result_error).toEqual({ a: ERR.userIdEmpty });
  });

  describe('halt truthiness', () => {
    const cmd = { a: 'im.notify.system.add', b: 'im.notify.schema.get' };

    it.each([
      ['1 (int)', 1],
      ['true', true],
      ['"1"', '1'],
      ['"false" (a non-empty string)', 'false'],
      ['"Y"', 'Y'],
      ['"no"', 'no'],
      ['2', 2],
    ])('stops at the first error with halt = %s', async (_label, halt) => {
      const me = await newWebhookUser(sb);
      const r = await runBatch(me.auth, cmd, halt);
      expect(r).toEqual({ result: [], result_error: { a: ERR.userIdEmpty }, result_total: [], result_next: [], result_time: [] });
    });

    it.each([
      ['0 (int)', 0],
      ['false', false],
      ['"0"', '0'],
      ['"" (empty string)', ''],
      ['null', null],
      ['absent', undefined],
    ])('continues after an error with halt = %s', async (_label, halt) => {
      const me = await newWebhookUser(sb);
      const r = await runBatch(me.auth, cmd, halt);
      expect(Object.keys(r.result)).toEqual(['b']);
      expect(r.result_error).toEqual({ a: ERR.userIdEmpty });
      expect(Object.keys(r.result_time)).toEqual(['b']);
    });

    it('treats halt=false from a form body as truthy (a non-empty string other than "0")', async () => {
      const me = await newWebhookUser(sb);
      const body = 'halt=false&cmd[a]=im.notify.system.add&cmd[b]=im.notify.schema.get';
      const r = expectSuccess(await sb.raw(`${me.base}/batch`, { method: 'POST', body, contentType: 'application/x-www-form-urlencoded' }));
      expect(r.result).toEqual([]);
      expect(r.result_error).toEqual({ a: ERR.userIdEmpty });
    });

    it('treats halt=0 from a form body as falsy', async () => {
      const me = await newWebhookUser(sb);
      const body = 'halt=0&cmd[a]=im.notify.system.add&cmd[b]=im.notify.schema.get';
      const r = expectSuccess(await sb.raw(`${me.base}/batch`, { method: 'POST', body, contentType: 'application/x-www-form-urlencoded' }));
      expect(Object.keys(r.result)).toEqual(['b']);
    });
  });

  describe('sub-command parsing', () => {
    it('percent-decodes the sub-command query and reads + as a space', async () => {
      const me = await newWebhookUser(sb);
      const r = await runBatch(me.auth, [addToSelf(me, 'one+two%20three%2Bfour')]);
      expect(Number.isInteger(r.result[0])).toBe(true);
      expect(await newestText(sb, me.auth)).toBe('one two three+four');
    });

    it('truncates a command at # (URL fragment)', async () => {
      const me = await newWebhookUser(sb);
      await runBatch(me.auth, [addToSelf(me, 'before#BR#after')]);
      expect(await newestText(sb, me.auth)).toBe('before');
    });

    it('keeps an encoded %23 so #BR# reaches the method and becomes a newline', async () => {
      const me = await newWebhookUser(sb);
      await runBatch(me.auth, [addToSelf(me, 'before%23BR%23after')]);
      expect(await newestText(sb, me.auth)).toBe('before\nafter');
    });

    it('gives a command without ? no parameters', async () => {
      const me = await newWebhookUser(sb);
      const r = await runBatch(me.auth, { a: 'im.notify.system.add' });
      expect(r.result_error).toEqual({ a: ERR.userIdEmpty });
    });

    it('parses PHP arrays in a sub-command (IDS[]=…, percent-encoded brackets IDS%5B1%5D=…)', async () => {
      const me = await newWebhookUser(sb);
      const a = await selfNotify(sb, me, 'a');
      const b = await selfNotify(sb, me, 'b');
      const c = await selfNotify(sb, me, 'c');
      const r = await runBatch(me.auth, { x: `im.notify.read.list?IDS[]=${a}&IDS%5B%5D=${c}&ACTION=Y` });
      expect(r.result).toEqual({ x: true });
      const read = Object.fromEntries((await notificationsOf(sb, me.auth)).map((n) => [n.id, n.notify_read]));
      expect(read).toEqual({ [a]: 'Y', [b]: 'N', [c]: 'Y' });
    });

    it('parses nested keys A[k][j]=v in a sub-command', async () => {
      const me = await newWebhookUser(sb);
      const r = await runBatch(me.auth, [`${addToSelf(me, 'att')}&ATTACH[BLOCKS][0][MESSAGE]=nested+text`]);
      expect(Number.isInteger(r.result[0])).toBe(true);
      const [n] = await notificationsOf(sb, me.auth);
      expect(n.params.ATTACH[0].BLOCKS).toMatchObject([{ MESSAGE: 'nested text' }]);
    });

    it('accepts commands built the JS SDK way (qs indices format, brackets percent-encoded)', async () => {
      const me = await newWebhookUser(sb);
      const a = await selfNotify(sb, me, 'a');
      const b = await selfNotify(sb, me, 'b');
      const r = await runBatch(me.auth, {
        read: `im.notify.read.list?IDS%5B0%5D=${a}&IDS%5B1%5D=${b}&ACTION=Y`,
        add: `${addToSelf(me, 'sdk%20style')}&ATTACH%5BBLOCKS%5D%5B0%5D%5BMESSAGE%5D=sdk%20attach`,
      }, 0);
      expect(r.result.read).toBe(true);
      expect(Number.isInteger(r.result.add)).toBe(true);
      const list = await notificationsOf(sb, me.auth);
      expect(list[0].text).toBe('sdk style');
      expect(list[0].params.ATTACH[0].BLOCKS).toMatchObject([{ MESSAGE: 'sdk attach' }]);
      expect(list.slice(1).map((n) => n.notify_read)).toEqual(['Y', 'Y']);
    });

    it('reads sub-command values as strings (MESSAGE=123 is a valid message)', async () => {
      const me = await newWebhookUser(sb);
      const r = await runBatch(me.auth, [addToSelf(me, '123')]);
      expect(Number.isInteger(r.result[0])).toBe(true);
      expect(await newestText(sb, me.auth)).toBe('123');
    });

    it('resolves sub-command method names case-insensitively', async () => {
      const me = await newWebhookUser(sb);
      const r = await runBatch(me.auth, ['IM.NOTIFY.GET', 'User.Current']);
      expect(r.result[0]).toEqual({ notifications: [], users: [] });
      expect(String(r.result[1].ID)).toBe(String(me.userId));
    });

    it('answers an unknown sub-method with a result_error ERROR_METHOD_NOT_FOUND entry', async () => {
      const me = await newWebhookUser(sb);
      const r = await runBatch(me.auth, { a: 'im.notify.nope', b: 'user.current' });
      expect(r.result_error).toEqual({ a: ERR.methodNotFound });
      expect(Object.keys(r.result)).toEqual(['b']);
    });
  });

  describe('wire encodings of the batch itself', () => {
    it('accepts a form-encoded batch with double-encoded commands', async () => {
      const me = await newWebhookUser(sb);
      const body = `cmd[a]=im.notify.system.add%3FUSER_ID%3D${me.userId}%26MESSAGE%3DJohn%2526Martin`;
      const r = expectSuccess(await sb.raw(`${me.base}/batch`, { method: 'POST', body, contentType: 'application/x-www-form-urlencoded' }));
      expect(Number.isInteger(r.result.a)).toBe(true);
      expect(await newestText(sb, me.auth)).toBe('John&Martin');
    });

    it('accepts cmd[0]=… in a GET query string and answers list-shaped maps', async () => {
      const me = await newWebhookUser(sb);
      const query = `cmd[0]=${encodeURIComponent('user.current')}&cmd[1]=${encodeURIComponent('im.notify.get?LIMIT=5')}`;
      const r = expectSuccess(await sb.raw(`${me.base}/batch.json`, { method: 'GET', query }));
      expect(Array.isArray(r.result)).toBe(true);
      expect(r.result).toHaveLength(2);
    });

    it('serves batch on /rest/batch.json for OAuth and on the webhook path with a trailing slash', async () => {
      const t = await newTokenUser(sb);
      const oauth = await sb.raw('/rest/batch.json', { method: 'POST', body: JSON.stringify({ auth: t.token, cmd: ['user.current'] }), contentType: 'application/json' });
      expect(String(expectSuccess(oauth).result[0].ID)).toBe(String(t.userId));
      const me = await newWebhookUser(sb);
      const hook = await sb.raw(`${me.base}/batch/`, { method: 'POST', body: JSON.stringify({ cmd: ['user.current'] }), contentType: 'application/json' });
      expect(String(expectSuccess(hook).result[0].ID)).toBe(String(me.userId));
    });
  });

  describe('outer auth is inherited by sub-calls', () => {
    it('runs sub-calls as the token user when auth is in the body', async () => {
      const t = await newTokenUser(sb);
      const r = await runBatch({ token: t.token }, ['user.current']);
      expect(String(r.result[0].ID)).toBe(String(t.userId));
    });

    it('runs sub-calls as the token user when the token is a Bearer header', async () => {
      const t = await newTokenUser(sb);
      const r = await runBatch({ token: t.token, via: 'bearer' }, ['user.current', 'im.notify.get']);
      expect(String(r.result[0].ID)).toBe(String(t.userId));
      expect(r.result[1]).toEqual({ notifications: [], users: [] });
    });

    it('answers a sub-call outside the token scope with insufficient_scope and an empty description', async () => {
      const t = await newTokenUser(sb, { scopes: ['user'], appScopes: ['user'] });
      const r = await runBatch({ token: t.token }, { a: 'im.notify.get', b: 'user.current' });
      expect(r.result_error).toEqual({ a: ERR.scopeInBatch });
      expect(Object.keys(r.result)).toEqual(['b']);
    });

    it('answers a sub-call outside the webhook scope with insufficient_scope and an empty description', async () => {
      const me = await newWebhookUser(sb, ['user']);
      const r = await runBatch(me.auth, { a: 'im.notify.get' });
      expect(r).toEqual({ ...EMPTY_MAPS, result_error: { a: ERR.scopeInBatch } });
    });

    it('inherits the session auth type: a session batch cannot add notifications (WRONG_AUTH_TYPE)', async () => {
      const s = await newSessionUser(sb);
      const r = await runBatch({ sessid: s.sessid }, { a: `im.notify.system.add?USER_ID=${s.userId}&MESSAGE=x`, b: 'user.current' });
      expect(r.result_error).toEqual({ a: ERR.wrongAuthType });
      expect(String(r.result.b.ID)).toBe(String(s.userId));
    });

    it('refuses the batch itself with the normal error envelope when outer auth fails', async () => {
      expectError(await batch(sb, { token: 'nope' }, ['user.current']), 401, ERR.invalidToken);
      expectError(await batch(sb, null, ['user.current']), 401, ERR.noAuth);
    });
  });
});

describe('C.2 limits and forbidden methods', () => {
  it('executes 50 commands and answers every further one with ERROR_BATCH_LENGTH_EXCEEDED (HTTP 200)', async () => {
    const me = await newWebhookUser(sb);
    const reply = await batch(sb, me.auth, Array.from({ length: 52 }, () => 'im.notify.schema.get'));
    const r = expectSuccess(reply);
    expect(Array.isArray(r.result)).toBe(true);
    expect(r.result).toHaveLength(50);
    expect(r.result_time).toHaveLength(50);
    expect(r.result_error).toEqual({ 50: ERR.batchLength, 51: ERR.batchLength });
  });

  it('stops at the first ERROR_BATCH_LENGTH_EXCEEDED entry when halt is on', async () => {
    const me = await newWebhookUser(sb);
    const r = await runBatch(me.auth, Array.from({ length: 53 }, () => 'im.notify.schema.get'), 1);
    expect(r.result).toHaveLength(50);
    expect(r.result_error).toEqual({ 50: ERR.batchLength });
  });

  it('accepts exactly 50 commands without any error', async () => {
    const me = await newWebhookUser(sb);
    const r = await runBatch(me.auth, Array.from({ length: 50 }, () => 'im.notify.schema.get'));
    expect(r.result).toHaveLength(50);
    expect(r.result_error).toEqual([]);
  });

  it.each(['batch', 'download', 'upload'])('refuses %s inside a batch with ERROR_BATCH_METHOD_NOT_ALLOWED (HTTP 200)', async (method) => {
    const me = await newWebhookUser(sb);
    const reply = await batch(sb, me.auth, { a: `${method}?cmd[0]=user.current`, b: 'user.current' });
    const r = expectSuccess(reply);
    expect(r.result_error).toEqual({ a: ERR.batchNotAllowed });
    expect(Object.keys(r.result)).toEqual(['b']);
  });

  it('stops at a forbidden method when halt is on', async () => {
    const me = await newWebhookUser(sb);
    const r = await runBatch(me.auth, { a: 'batch', b: 'user.current' }, true);
    expect(r).toEqual({ ...EMPTY_MAPS, result_error: { a: ERR.batchNotAllowed } });
  });

  it('reports per-command method errors as result_error entries with HTTP 200', async () => {
    const me = await newWebhookUser(sb);
    const reply = await batch(sb, me.auth, { a: `im.notify.system.add?USER_ID=${me.userId}`, b: 'im.notify.system.add?MESSAGE=x' });
    const r = expectSuccess(reply);
    expect(r.result_error).toEqual({ a: ERR.messageEmpty, b: ERR.userIdEmpty });
    expect(r.result).toEqual([]);
  });
});

describe('C.3 references between commands', () => {
  it('substitutes $result[key] with the earlier result (the spec example: add, then read it)', async () => {
    const me = await newWebhookUser(sb);
    const r = await runBatch(me.auth, { n: addToSelf(me, 'Hi'), r: 'im.notify.read?ID=$result[n]&ONLY_CURRENT=Y' });
    expect(Number.isInteger(r.result.n)).toBe(true);
    expect(r.result.r).toBe(true);
    const [n] = await notificationsOf(sb, me.auth);
    expect(n.id).toBe(r.result.n);
    expect(n.notify_read).toBe('Y');
  });

  it('substitutes placeholders inside nested array values (IDS[]=$result[n])', async () => {
    const me = await newWebhookUser(sb);
    const other = await selfNotify(sb, me, 'other');
    const r = await runBatch(me.auth, { n: addToSelf(me, 'target'), r: 'im.notify.read.list?IDS[]=$result[n]&ACTION=Y' });
    expect(r.result.r).toBe(true);
    const read = Object.fromEntries((await notificationsOf(sb, me.auth)).map((n) => [n.id, n.notify_read]));
    expect(read).toEqual({ [r.result.n]: 'Y', [other]: 'N' });
  });

  it('keeps the type of a whole-value placeholder: an integer MESSAGE is not a string (MESSAGE_EMPTY)', async () => {
    const me = await newWebhookUser(sb);
    const r = await runBatch(me.auth, { n: addToSelf(me, 'first'), m: addToSelf(me, '$result[n]') });
    expect(r.result_error).toEqual({ m: ERR.messageEmpty });
  });

  it('stringifies a number embedded in a longer value', async () => {
    const me = await newWebhookUser(sb);
    const r = await runBatch(me.auth, { n: addToSelf(me, 'first'), m: addToSelf(me, 'id+$result[n]') });
    expect(r.result_error).toEqual([]);
    expect(await newestText(sb, me.auth)).toBe(`id ${r.result.n}`);
  });

  it('substitutes a whole-value string placeholder with a deep path ($result[g][notifications][0][text])', async () => {
    const me = await newWebhookUser(sb);
    await selfNotify(sb, me, 'copied text');
    const r = await runBatch(me.auth, { g: 'im.notify.get', m: addToSelf(me, '$result[g][notifications][0][text]') });
    expect(Number.isInteger(r.result.m)).toBe(true);
    const list = await notificationsOf(sb, me.auth);
    expect(list.map((n) => n.text)).toEqual(['copied text', 'copied text']);
  });

  it('passes a whole-value array placeholder as an array (MESSAGE becomes non-string → MESSAGE_EMPTY)', async () => {
    const me = await newWebhookUser(sb);
    const r = await runBatch(me.auth, { s: 'im.notify.schema.get', m: addToSelf(me, '$result[s]') });
    expect(r.result_error).toEqual({ m: ERR.messageEmpty });
  });

  it('leaves an embedded placeholder that resolves to an array as literal text', async () => {
    const me = await newWebhookUser(sb);
    const r = await runBatch(me.auth, { s: 'im.notify.schema.get', m: addToSelf(me, 'x+$result[s]') });
    expect(Number.isInteger(r.result.m)).toBe(true);
    expect(await newestText(sb, me.auth)).toBe('x $result[s]');
  });

  it('falls back to the value reached so far when a path segment is missing', async () => {
    const me = await newWebhookUser(sb);
    const r = await runBatch(me.auth, { n: addToSelf(me, 'first'), m: addToSelf(me, 'v+$result[n][nope][deeper]') });
    expect(Number.isInteger(r.result.m)).toBe(true);
    expect(await newestText(sb, me.auth)).toBe(`v ${r.result.n}`);
  });

  it('falls back to the whole result map when the command key is missing (whole value → array → MESSAGE_EMPTY)', async () => {
    const me = await newWebhookUser(sb);
    const r = await runBatch(me.auth, { n: addToSelf(me, 'first'), m: addToSelf(me, '$result[zz]') });
    expect(r.result_error).toEqual({ m: ERR.messageEmpty });
  });

  it('sees only earlier commands: a reference to a later command stays literal when embedded', async () => {
    const me = await newWebhookUser(sb);
    const r = await runBatch(me.auth, { early: addToSelf(me, 'e+$result[late]'), late: addToSelf(me, 'late') });
    expect(r.result_error).toEqual([]);
    const texts = (await notificationsOf(sb, me.auth)).map((n) => n.text);
    expect(texts).toContain('e $result[late]');
  });

  it('resolves $RESULT[...] (upper case) to null: a whole value that would be a string becomes null → MESSAGE_EMPTY', async () => {
    const me = await newWebhookUser(sb);
    await selfNotify(sb, me, 'would be copied');
    const r = await runBatch(me.auth, {
      g: 'im.notify.get',
      lower: addToSelf(me, '$result[g][notifications][0][text]'),
      upper: addToSelf(me, '$RESULT[g][notifications][0][text]'),
    });
    expect(Number.isInteger(r.result.lower)).toBe(true);
    expect(r.result_error).toEqual({ upper: ERR.messageEmpty });
  });

  it('leaves an embedded $RESULT[...] as literal text', async () => {
    const me = await newWebhookUser(sb);
    const r = await runBatch(me.auth, { n: addToSelf(me, 'first'), m: addToSelf(me, 'x+$RESULT[n]') });
    expect(Number.isInteger(r.result.m)).toBe(true);
    expect(await newestText(sb, me.auth)).toBe('x $RESULT[n]');
  });

  it('substitutes $error[key][error] with the error code of an earlier failed command', async () => {
    const me = await newWebhookUser(sb);
    const r = await runBatch(me.auth, { c: 'im.notify.system.add?MESSAGE=x', m: addToSelf(me, 'failed:+$error[c][error]'), w: addToSelf(me, '$error[c][error_description]') });
    expect(r.result_error).toEqual({ c: ERR.userIdEmpty });
    const texts = (await notificationsOf(sb, me.auth)).map((n) => n.text);
    expect(texts).toEqual(["User ID can't be empty", 'failed: USER_ID_EMPTY']);
  });

  it('substitutes $time[key][start] with the integer start of an earlier command', async () => {
    const me = await newWebhookUser(sb);
    const r = await runBatch(me.auth, { n: addToSelf(me, 'first'), m: addToSelf(me, 't+$time[n][start]') });
    expect(await newestText(sb, me.auth)).toBe(`t ${r.result_time.n.start}`);
  });

  it('does not resolve names other than result, next, total, time and error', async () => {
    const me = await newWebhookUser(sb);
    await runBatch(me.auth, { n: addToSelf(me, 'first'), m: addToSelf(me, 'x+$foo[n]') });
    expect(await newestText(sb, me.auth)).toBe('x $foo[n]');
  });
});

describe('C.4 response shape', () => {
  it('turns result and result_time into objects when a command of a list failed', async () => {
    const me = await newWebhookUser(sb);
    const reply = await batch(sb, me.auth, ['user.current', 'im.notify.system.add', 'im.notify.schema.get']);
    const r = expectSuccess(reply);
    expect(Array.isArray(r.result)).toBe(false);
    expect(Object.keys(r.result)).toEqual(['0', '2']);
    expect(Object.keys(r.result_time)).toEqual(['0', '2']);
    expect(r.result_error).toEqual({ 1: ERR.userIdEmpty });
    expect(reply.text).toContain('"result_error":{"1":');
  });

  it('stores a successful false result under result', async () => {
    const me = await newWebhookUser(sb);
    const r = await runBatch(me.auth, { n: 'im.notify.system.add?USER_ID=999999&MESSAGE=x' });
    expect(r.result).toEqual({ n: false });
    expect(Object.keys(r.result_time)).toEqual(['n']);
    expect(r.result_error).toEqual([]);
  });

  it('gives each successful command a full time object', async () => {
    const me = await newWebhookUser(sb);
    const r = await runBatch(me.auth, { a: 'im.notify.schema.get' });
    expectTimeObject(r.result_time.a);
  });

  it('puts commands skipped by halt in no map', async () => {
    const me = await newWebhookUser(sb);
    const r = await runBatch(me.auth, { ok: 'user.current', bad: 'im.notify.system.add', skipped: 'im.notify.schema.get' }, 1);
    expect(Object.keys(r.result)).toEqual(['ok']);
    expect(Object.keys(r.result_time)).toEqual(['ok']);
    expect(r.result_error).toEqual({ bad: ERR.userIdEmpty });
    expect(r.result_total).toEqual([]);
    expect(r.result_next).toEqual([]);
  });

  it('answers [] for empty maps in the raw JSON', async () => {
    const me = await newWebhookUser(sb);
    const reply = await batch(sb, me.auth, { a: 'user.current' });
    expect(reply.text).toContain('"result_error":[]');
    expect(reply.text).toContain('"result_total":[]');
    expect(reply.text).toContain('"result_next":[]');
  });
});
