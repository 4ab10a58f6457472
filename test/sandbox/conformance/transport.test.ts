// Spec A.1 (URL forms), A.2 (HTTP methods, body encodings), A.3 (method-name resolution), A.5 (key case),
// E.11 (parameters from query, form and JSON; optional .json; trailing slash; Bearer).
import { describe, it, expect } from 'vitest';
import { startTestSandbox, useSandbox } from '../../support/sandbox.js';
import {
  ERR,
  expectError,
  expectSuccess,
  multipart,
  newTokenUser,
  newWebhookUser,
  newestText,
  notificationsOf,
  selfNotify,
} from './helpers-transport.js';

const sb = useSandbox();

const json = (value: unknown) => ({ body: JSON.stringify(value), contentType: 'application/json' });
const formType = 'application/x-www-form-urlencoded';

describe('A.1 URL forms', () => {
  it('serves a webhook call without a format suffix', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, { method: 'POST', ...json({ USER_ID: me.userId, MESSAGE: 'plain' }) });
    expect(Number.isInteger(expectSuccess(reply))).toBe(true);
  });

  it('serves a webhook call with the .json suffix', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.system.add.json`, { method: 'POST', ...json({ USER_ID: me.userId, MESSAGE: 'json' }) });
    expect(Number.isInteger(expectSuccess(reply))).toBe(true);
    expect(await newestText(sb, me.auth)).toBe('json');
  });

  it('compares the format suffix case-insensitively (.JSON is stripped)', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.get.JSON`, { method: 'POST', ...json({}) });
    expectSuccess(reply);
    expect(reply.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('serves a webhook call with a trailing slash', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.system.add/`, { method: 'POST', ...json({ USER_ID: me.userId, MESSAGE: 'slash' }) });
    expect(Number.isInteger(expectSuccess(reply))).toBe(true);
    expect(await newestText(sb, me.auth)).toBe('slash');
  });

  it('serves a webhook call with .json and a trailing slash', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.get.json/`, { method: 'POST', ...json({}) });
    expectSuccess(reply);
  });

  it('serves an OAuth call with auth in the JSON body', async () => {
    const t = await newTokenUser(sb);
    const reply = await sb.raw('/rest/im.notify.get', { method: 'POST', ...json({ auth: t.token }) });
    expectSuccess(reply);
  });

  it('serves an OAuth call with auth in the query string (the doc example GET …/im.notify.get.json?auth=…&LIMIT=10)', async () => {
    const t = await newTokenUser(sb);
    const reply = await sb.raw('/rest/im.notify.get.json', { method: 'GET', query: `auth=${encodeURIComponent(t.token)}&LIMIT=10` });
    expectSuccess(reply);
  });

  it('serves an OAuth call with an Authorization: Bearer header', async () => {
    const t = await newTokenUser(sb);
    const reply = await sb.raw('/rest/im.notify.get', { method: 'POST', headers: { authorization: `Bearer ${t.token}` }, ...json({}) });
    expectSuccess(reply);
  });

  it('serves an OAuth call with an access_token parameter', async () => {
    const t = await newTokenUser(sb);
    const reply = await sb.raw('/rest/im.notify.get', { method: 'POST', ...json({ access_token: t.token }) });
    expectSuccess(reply);
  });

  it('serves an OAuth call on /rest/{method}/ with a trailing slash and on /rest/{method}.json', async () => {
    const t = await newTokenUser(sb);
    expectSuccess(await sb.raw('/rest/im.notify.get/', { method: 'POST', ...json({ auth: t.token }) }));
    expectSuccess(await sb.raw('/rest/im.notify.get.json', { method: 'POST', ...json({ auth: t.token }) }));
  });

  it('ignores unknown query parameters such as the JS SDK telemetry ones', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, {
      method: 'POST',
      query: 'bx24_request_id=abc123&bx24_sdk_ver=2.2.0&bx24_sdk_type=b24-js-sdk',
      ...json({ USER_ID: me.userId, MESSAGE: 'sdk' }),
    });
    expect(Number.isInteger(expectSuccess(reply))).toBe(true);
  });

  it('treats a .yaml suffix as part of the method name and answers ERROR_METHOD_NOT_FOUND', async () => {
    const me = await newWebhookUser(sb);
    expectError(await sb.raw(`${me.base}/im.notify.get.yaml`, { method: 'POST', ...json({}) }), 404, ERR.methodNotFound);
  });

  it('strips only the last suffix: im.notify.get.json.json is the unknown method im.notify.get.json', async () => {
    const me = await newWebhookUser(sb);
    expectError(await sb.raw(`${me.base}/im.notify.get.json.json`, { method: 'POST', ...json({}) }), 404, ERR.methodNotFound);
  });

  it('selects the XML transport with the .xml suffix', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.get.xml`, { method: 'POST', ...json({}) });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(reply.text.trimStart().startsWith('<response>')).toBe(true);
    expect(reply.text.trimEnd().endsWith('</response>')).toBe(true);
    expect(reply.text).not.toContain('<?xml');
  });
});

describe('A.2 HTTP methods and body encodings', () => {
  it('accepts a GET call with every parameter in the query string', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, { method: 'GET', query: `USER_ID=${me.userId}&MESSAGE=from%20get` });
    expect(Number.isInteger(expectSuccess(reply))).toBe(true);
    expect(await newestText(sb, me.auth)).toBe('from get');
  });

  it('accepts other HTTP methods (PUT) and reads their query parameters', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, { method: 'PUT', query: `USER_ID=${me.userId}&MESSAGE=put` });
    expect(Number.isInteger(expectSuccess(reply))).toBe(true);
    expect(await newestText(sb, me.auth)).toBe('put');
  });

  it('parses only POST bodies: a PUT body is ignored', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, { method: 'PUT', ...json({ USER_ID: me.userId, MESSAGE: 'put body' }) });
    expectError(reply, 400, ERR.userIdEmpty);
  });

  it('parses an application/json body', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, { method: 'POST', ...json({ USER_ID: me.userId, MESSAGE: 'json body' }) });
    expectSuccess(reply);
    expect(await newestText(sb, me.auth)).toBe('json body');
  });

  it('parses an application/json body whose content type carries a charset', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, {
      method: 'POST',
      body: JSON.stringify({ USER_ID: me.userId, MESSAGE: 'charset' }),
      contentType: 'application/json; charset=utf-8',
    });
    expectSuccess(reply);
  });

  it('parses an application/x-www-form-urlencoded body', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, { method: 'POST', body: `USER_ID=${me.userId}&MESSAGE=form%20body`, contentType: formType });
    expect(Number.isInteger(expectSuccess(reply))).toBe(true);
    expect(await newestText(sb, me.auth)).toBe('form body');
  });

  it('parses a multipart/form-data body', async () => {
    const me = await newWebhookUser(sb);
    const { body, contentType } = multipart([
      ['USER_ID', String(me.userId)],
      ['MESSAGE', 'multipart body'],
    ]);
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, { method: 'POST', body, contentType });
    expect(Number.isInteger(expectSuccess(reply))).toBe(true);
    expect(await newestText(sb, me.auth)).toBe('multipart body');
  });

  it('parses a body of any other content type as a query string', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, {
      method: 'POST',
      body: `USER_ID=${me.userId}&MESSAGE=octet%20body`,
      contentType: 'application/octet-stream',
    });
    expect(Number.isInteger(expectSuccess(reply))).toBe(true);
    expect(await newestText(sb, me.auth)).toBe('octet body');
  });

  it('parses a text/plain body as a query string', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, { method: 'POST', body: `USER_ID=${me.userId}&MESSAGE=text`, contentType: 'text/plain' });
    expect(Number.isInteger(expectSuccess(reply))).toBe(true);
  });

  it('lets a body key replace the same query key (query USER_ID=0, body USER_ID=me succeeds)', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, { method: 'POST', query: 'USER_ID=0&MESSAGE=from%20query', ...json({ USER_ID: me.userId }) });
    expect(Number.isInteger(expectSuccess(reply))).toBe(true);
    expect(await newestText(sb, me.auth)).toBe('from query');
  });

  it('lets a body key replace the same query key (query USER_ID=me, body USER_ID=0 fails)', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, { method: 'POST', query: `USER_ID=${me.userId}&MESSAGE=x`, ...json({ USER_ID: 0 }) });
    expectError(reply, 400, ERR.userIdEmpty);
  });

  it('lets form body keys replace query keys too', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, {
      method: 'POST',
      query: `USER_ID=${me.userId}&MESSAGE=query%20text`,
      body: 'MESSAGE=body%20text',
      contentType: formType,
    });
    expectSuccess(reply);
    expect(await newestText(sb, me.auth)).toBe('body text');
  });

  it('replaces per top-level key, not by deep merge (body IDS=[c] wins over query IDS[0]=a&IDS[1]=b)', async () => {
    const me = await newWebhookUser(sb);
    const a = await selfNotify(sb, me, 'a');
    const b = await selfNotify(sb, me, 'b');
    const c = await selfNotify(sb, me, 'c');
    const reply = await sb.raw(`${me.base}/im.notify.read.list`, {
      method: 'POST',
      query: `IDS[0]=${a}&IDS[1]=${b}&ACTION=Y`,
      ...json({ IDS: [c] }),
    });
    expect(expectSuccess(reply)).toBe(true);
    const read = Object.fromEntries((await notificationsOf(sb, me.auth)).map((n) => [n.id, n.notify_read]));
    expect(read).toEqual({ [a]: 'N', [b]: 'N', [c]: 'Y' });
  });

  it('builds a list from IDS[]=1&IDS[]=2 in a form body', async () => {
    const me = await newWebhookUser(sb);
    const a = await selfNotify(sb, me, 'a');
    const b = await selfNotify(sb, me, 'b');
    const c = await selfNotify(sb, me, 'c');
    const reply = await sb.raw(`${me.base}/im.notify.read.list`, { method: 'POST', body: `IDS[]=${a}&IDS[]=${c}&ACTION=Y`, contentType: formType });
    expect(expectSuccess(reply)).toBe(true);
    const read = Object.fromEntries((await notificationsOf(sb, me.auth)).map((n) => [n.id, n.notify_read]));
    expect(read).toEqual({ [a]: 'Y', [b]: 'N', [c]: 'Y' });
  });

  it('builds a list from IDS[]=… in the query string and accepts percent-encoded brackets', async () => {
    const me = await newWebhookUser(sb);
    const a = await selfNotify(sb, me, 'a');
    const b = await selfNotify(sb, me, 'b');
    const reply = await sb.raw(`${me.base}/im.notify.read.list`, { method: 'GET', query: `IDS%5B%5D=${a}&IDS%5B%5D=${b}&ACTION=Y` });
    expect(expectSuccess(reply)).toBe(true);
    const read = (await notificationsOf(sb, me.auth)).map((n) => n.notify_read);
    expect(read).toEqual(['Y', 'Y']);
  });

  it('answers a scalar IDS=5 from a form with PARAMS_ERROR (a plain key is not an array)', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.read.list`, { method: 'POST', body: 'IDS=5', contentType: formType });
    expectError(reply, 400, ERR.readListParams);
  });

  it('builds nested arrays from A[k][j]=v (ATTACH[BLOCKS][0][MESSAGE]=…)', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, {
      method: 'POST',
      body: `USER_ID=${me.userId}&MESSAGE=with%20attach&ATTACH[BLOCKS][0][MESSAGE]=attached%20text`,
      contentType: formType,
    });
    expect(Number.isInteger(expectSuccess(reply))).toBe(true);
    const [n] = await notificationsOf(sb, me.auth);
    expect(n.params.ATTACH).toHaveLength(1);
    expect(n.params.ATTACH[0].BLOCKS).toMatchObject([{ MESSAGE: 'attached text' }]);
  });

  it('decodes + as a space in form bodies and query strings, and %2B as a plus', async () => {
    const me = await newWebhookUser(sb);
    expectSuccess(await sb.raw(`${me.base}/im.notify.system.add`, { method: 'POST', body: `USER_ID=${me.userId}&MESSAGE=one+two%2Bthree`, contentType: formType }));
    expect(await newestText(sb, me.auth)).toBe('one two+three');
    expectSuccess(await sb.raw(`${me.base}/im.notify.system.add`, { method: 'GET', query: `USER_ID=${me.userId}&MESSAGE=four+five` }));
    expect(await newestText(sb, me.auth)).toBe('four five');
  });

  it('turns a dot in a top-level form parameter name into an underscore (USER.ID → USER_ID)', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, { method: 'POST', body: `USER.ID=${me.userId}&MESSAGE=dot`, contentType: formType });
    expect(Number.isInteger(expectSuccess(reply))).toBe(true);
  });

  it('turns a space in a top-level form parameter name into an underscore (USER ID → USER_ID)', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, { method: 'POST', body: `USER+ID=${me.userId}&MESSAGE=space`, contentType: formType });
    expect(Number.isInteger(expectSuccess(reply))).toBe(true);
  });

  it('accepts a body of exactly maxBodyBytes and refuses one byte more with 413', async () => {
    const small = await startTestSandbox({ maxBodyBytes: 200 });
    try {
      const user = await small.givenUser();
      const hook = await small.givenWebhook(user.id);
      const base = `/rest/${user.id}/${hook.secret}/im.notify.system.add`;
      const make = (size: number) => {
        const head = JSON.stringify({ USER_ID: user.id, MESSAGE: '' });
        return JSON.stringify({ USER_ID: user.id, MESSAGE: 'm'.repeat(size - head.length) });
      };
      const exact = make(200);
      expect(Buffer.byteLength(exact)).toBe(200);
      expectSuccess(await small.raw(base, { method: 'POST', body: exact, contentType: 'application/json' }));
      const over = await small.raw(base, { method: 'POST', body: make(201), contentType: 'application/json' });
      expect(over.status).toBe(413);
      expect(over.body.error).toBeTypeOf('string');
      expectSuccess(await small.raw(base, { method: 'POST', body: make(150), contentType: 'application/json' }));
    } finally {
      await small.close();
    }
  });

  it('keeps JSON types: a JSON number MESSAGE is not a string and gives MESSAGE_EMPTY', async () => {
    const me = await newWebhookUser(sb);
    expectError(await sb.call(me.auth, 'im.notify.system.add', { USER_ID: me.userId, MESSAGE: 123 }), 400, ERR.messageEmpty);
  });

  it('gives form values as strings: MESSAGE=123 from a form is a valid message', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, { method: 'POST', body: `USER_ID=${me.userId}&MESSAGE=123`, contentType: formType });
    expect(Number.isInteger(expectSuccess(reply))).toBe(true);
    expect(await newestText(sb, me.auth)).toBe('123');
  });

  it('silently ignores an invalid JSON body and keeps the query parameters', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, {
      method: 'POST',
      query: `USER_ID=${me.userId}&MESSAGE=query%20only`,
      body: '{"USER_ID": 0, "MESSAGE": ',
      contentType: 'application/json',
    });
    expect(Number.isInteger(expectSuccess(reply))).toBe(true);
    expect(await newestText(sb, me.auth)).toBe('query only');
  });

  it('answers NO_AUTH_FOUND when the OAuth token was only inside an invalid JSON body', async () => {
    const t = await newTokenUser(sb);
    const reply = await sb.raw('/rest/im.notify.get', { method: 'POST', body: `{"auth":"${t.token}",}`, contentType: 'application/json' });
    expectError(reply, 401, ERR.noAuth);
  });

  it('answers a body larger than maxBodyBytes with a clean 413 error envelope and keeps serving', async () => {
    const me = await newWebhookUser(sb);
    const big = JSON.stringify({ USER_ID: me.userId, MESSAGE: 'x'.repeat(1024 * 1024 + 1024) });
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, { method: 'POST', body: big, contentType: 'application/json' });
    expect(reply.status).toBe(413);
    expect(reply.body.error).toBeTypeOf('string');
    expect(reply.body.error_description).toBeTypeOf('string');
    expect(reply.body).not.toHaveProperty('time');
    expectSuccess(await sb.call(me.auth, 'im.notify.get', {}));
  });
});

describe('A.3 method-name resolution', () => {
  it('resolves a mixed-case method name (IM.Notify.Get)', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.call(me.auth, 'IM.Notify.Get', {});
    expect(expectSuccess(reply)).toEqual({ notifications: [], users: [] });
  });

  it('resolves an upper-case write method name (IM.NOTIFY.SYSTEM.ADD)', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.call(me.auth, 'IM.NOTIFY.SYSTEM.ADD', { USER_ID: me.userId, MESSAGE: 'upper' });
    expect(Number.isInteger(expectSuccess(reply))).toBe(true);
    expect(await newestText(sb, me.auth)).toBe('upper');
  });

  it('answers an unknown method with ERROR_METHOD_NOT_FOUND before checking credentials (no credentials)', async () => {
    expectError(await sb.call(null, 'im.notify.nope', {}), 404, ERR.methodNotFound);
  });

  it('answers an unknown method with ERROR_METHOD_NOT_FOUND before checking credentials (wrong webhook secret)', async () => {
    const me = await newWebhookUser(sb);
    expectError(await sb.raw(`/rest/${me.userId}/not-the-secret/im.notify.nope`, { method: 'POST', ...json({}) }), 404, ERR.methodNotFound);
  });

  it('answers an unknown method with ERROR_METHOD_NOT_FOUND before checking credentials (unknown token)', async () => {
    expectError(await sb.call({ token: 'no-such-token' }, 'im.notify.nope', {}), 404, ERR.methodNotFound);
  });

  it('calls the "private" methods im.notify.get, im.notify.history.search and im.notify.schema.get normally', async () => {
    const me = await newWebhookUser(sb);
    expectSuccess(await sb.call(me.auth, 'im.notify.get', {}));
    expectSuccess(await sb.call(me.auth, 'im.notify.history.search', { SEARCH_TEXT: 'something' }));
    expectSuccess(await sb.call(me.auth, 'im.notify.schema.get', {}));
  });
});

describe('A.5 parameter-name case', () => {
  it('upper-cases top-level parameter names (user_id, Message)', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.call(me.auth, 'im.notify.system.add', { user_id: me.userId, Message: 'lower keys' });
    expect(Number.isInteger(expectSuccess(reply))).toBe(true);
    expect(await newestText(sb, me.auth)).toBe('lower keys');
  });

  it('upper-cases top-level names from a form body too', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, { method: 'POST', body: `User_Id=${me.userId}&message=mixed`, contentType: formType });
    expect(Number.isInteger(expectSuccess(reply))).toBe(true);
  });

  it('lets the later key win when two names collide after upper-casing (USER_ID=0 then user_id=me)', async () => {
    const me = await newWebhookUser(sb);
    const body = `{"USER_ID":0,"MESSAGE":"x","user_id":${me.userId}}`;
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, { method: 'POST', body, contentType: 'application/json' });
    expect(Number.isInteger(expectSuccess(reply))).toBe(true);
  });

  it('lets the later key win when two names collide after upper-casing (user_id=me then USER_ID=0)', async () => {
    const me = await newWebhookUser(sb);
    const body = `{"user_id":${me.userId},"MESSAGE":"x","USER_ID":0}`;
    const reply = await sb.raw(`${me.base}/im.notify.system.add`, { method: 'POST', body, contentType: 'application/json' });
    expectError(reply, 400, ERR.userIdEmpty);
  });

  it('does not normalise nested keys: a lower-case ATTACH "blocks" is not a valid attach', async () => {
    const me = await newWebhookUser(sb);
    const reply = await sb.call(me.auth, 'im.notify.system.add', { USER_ID: me.userId, MESSAGE: 'x', ATTACH: { blocks: [{ message: 'nested' }] } });
    expectError(reply, 400, ERR.attachError);
  });

  it('treats auth parameter names case-sensitively (AUTH is not auth)', async () => {
    const t = await newTokenUser(sb);
    expectError(await sb.raw('/rest/im.notify.get', { method: 'POST', ...json({ AUTH: t.token }) }), 401, ERR.noAuth);
    expectError(await sb.raw('/rest/im.notify.get', { method: 'POST', ...json({ Access_Token: t.token }) }), 401, ERR.noAuth);
  });
});
