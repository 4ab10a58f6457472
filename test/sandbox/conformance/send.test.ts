// Conformance: sending notifications (spec D.1–D.3, D.0.1–D.0.4, E.1, E.6, E.7, E.14).
import { describe, it, expect } from 'vitest';
import { useSandbox } from '../../support/sandbox.js';
import {
  appKeyOf,
  appTag,
  byId,
  expectError,
  givenAppNamed,
  givenPerson,
  givenUserOnly,
  HEX_COLOR,
  ids,
  md5,
  notifications,
  notifyGet,
  oauthFor,
  ok,
  seed,
  sendPersonal,
  sendSystem,
  sessionFor,
  sorted,
  storedFor,
  unique,
} from './helpers-methods.js';

const sb = useSandbox({ timeZone: '+03:00' });

describe('D.1 im.notify: result and stored record', () => {
  it('returns an integer id and stores an unread personal notification authored by the webhook owner', async () => {
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const reply = await sb.call(sender.hook, 'im.notify', { USER_ID: recipient.id, MESSAGE: 'Hello there' });
    const id = ok(reply);
    expect(Number.isInteger(id)).toBe(true);
    expect(id).toBeGreaterThan(0);

    const n = await byId(sb, recipient.hook, id);
    expect(n).toMatchObject({
      id,
      author_id: sender.id,
      notify_type: 2,
      notify_module: 'rest',
      notify_event: 'rest_notify',
      notify_tag: '',
      notify_sub_tag: '',
      notify_title: '',
      setting_name: 'rest|rest_notify',
      text: 'Hello there',
      params: null,
      notify_read: 'N',
    });
    expect(n).not.toHaveProperty('notify_buttons');
  });

  it('stores the notification only for the recipient, not for the sender', async () => {
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const id = ok(await sb.call(sender.hook, 'im.notify', { USER_ID: recipient.id, MESSAGE: 'only for you' }));
    expect(ids(await notifications(sb, recipient.hook))).toEqual([id]);
    expect(await notifications(sb, sender.hook)).toEqual([]);
  });

  it('creates a system notification with author 0 when TYPE is exactly "SYSTEM"', async () => {
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const id = ok(await sb.call(sender.hook, 'im.notify', { USER_ID: recipient.id, MESSAGE: 'sys', TYPE: 'SYSTEM' }));
    const n = await byId(sb, recipient.hook, id);
    expect(n).toMatchObject({ notify_type: 4, author_id: 0, notify_module: 'rest', notify_event: 'rest_notify', text: 'sys' });
  });

  it('treats a lower-case "system" TYPE as a personal notification (TYPE is case-sensitive)', async () => {
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const id = ok(await sb.call(sender.hook, 'im.notify', { USER_ID: recipient.id, MESSAGE: 'x', TYPE: 'system' }));
    expect(await byId(sb, recipient.hook, id)).toMatchObject({ notify_type: 2, author_id: sender.id });
  });

  it('treats an unknown TYPE as a personal notification', async () => {
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const id = ok(await sb.call(sender.hook, 'im.notify', { USER_ID: recipient.id, MESSAGE: 'x', TYPE: 'BROADCAST' }));
    expect(await byId(sb, recipient.hook, id)).toMatchObject({ notify_type: 2, author_id: sender.id });
  });

  it('lets TO override USER_ID', async () => {
    const sender = await givenPerson(sb);
    const first = await givenPerson(sb);
    const second = await givenPerson(sb);
    const id = ok(await sb.call(sender.hook, 'im.notify', { USER_ID: first.id, TO: second.id, MESSAGE: 'to wins' }));
    expect(ids(await notifications(sb, second.hook))).toEqual([id]);
    expect(await notifications(sb, first.hook)).toEqual([]);
  });

  it('coerces USER_ID with intval: a string with a numeric prefix and a float both address the user', async () => {
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const a = ok(await sb.call(sender.hook, 'im.notify', { USER_ID: `${recipient.id}abc`, MESSAGE: 'prefix' }));
    const b = ok(await sb.call(sender.hook, 'im.notify', { USER_ID: recipient.id + 0.9, MESSAGE: 'float' }));
    expect(sorted(ids(await notifications(sb, recipient.hook)))).toEqual(sorted([a, b]));
  });

  it('accepts top-level parameter names in any case', async () => {
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const id = ok(await sb.call(sender.hook, 'im.notify', { user_id: recipient.id, Message: 'mixed case', type: 'SYSTEM' }));
    expect(await byId(sb, recipient.hook, id)).toMatchObject({ text: 'mixed case', notify_type: 4 });
  });

  it('lets a user notify himself, and the notification is unread', async () => {
    const me = await givenPerson(sb);
    const id = ok(await sb.call(me.hook, 'im.notify', { USER_ID: me.id, MESSAGE: 'note to self' }));
    const res = await notifyGet(sb, me.hook);
    expect(res.notifications.map((n: any) => [n.id, n.author_id, n.notify_read])).toEqual([[id, me.id, 'N']]);
    expect(res.total_unread_count).toBe(1);
  });

  it('allocates ids from one increasing portal-wide sequence across recipients', async () => {
    const sender = await givenPerson(sb);
    const a = await givenPerson(sb);
    const b = await givenPerson(sb);
    const first = await sendPersonal(sb, sender.hook, a.id, '1');
    const second = await sendPersonal(sb, sender.hook, b.id, '2');
    const third = await sendPersonal(sb, sender.hook, a.id, '3');
    expect(second).toBeGreaterThan(first);
    expect(third).toBeGreaterThan(second);
  });

  it('ignores parameters outside the fixed set (NOTIFY_TYPE, NOTIFY_MODULE, NOTIFY_EVENT, NOTIFY_BUTTONS, TITLE …)', async () => {
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const id = ok(
      await sb.call(sender.hook, 'im.notify', {
        USER_ID: recipient.id,
        MESSAGE: 'plain',
        NOTIFY_TYPE: 1,
        NOTIFY_MODULE: 'tasks',
        NOTIFY_EVENT: 'task_update',
        NOTIFY_BUTTONS: [{ TITLE: 'Yes', VALUE: 'Y', TYPE: 'accept' }],
        NOTIFY_ANSWER: 'Y',
        TITLE: 'A title',
        PUSH_MESSAGE: 'push',
      }),
    );
    const n = await byId(sb, recipient.hook, id);
    expect(n).toMatchObject({ notify_type: 2, notify_module: 'rest', notify_event: 'rest_notify', notify_title: '', params: null });
    expect(n).not.toHaveProperty('notify_buttons');
  });

  it('stores MESSAGE_OUT but never returns it through REST', async () => {
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const id = ok(await sb.call(sender.hook, 'im.notify', { USER_ID: recipient.id, MESSAGE: 'inside', MESSAGE_OUT: ' outside text ' }));
    const n = await byId(sb, recipient.hook, id);
    expect(JSON.stringify(n)).not.toContain('outside text');
    const record = (await storedFor(sb, recipient.id)).find((r: any) => r.id === id);
    expect(record?.messageOut).toBe('outside text');
  });
});

describe('D.1 im.notify: failures that are not errors (E.6)', () => {
  it.each([
    ['does not exist', null],
    ['is inactive', { active: false }],
    ['is a bot', { externalAuthId: 'bot' }],
    ['is an e-mail user', { externalAuthId: 'email' }],
    ...['__controller', 'imconnector', 'sale', 'saleanonymous', 'shop', 'call', 'document_editor', 'calendar_sharing', 'im_guest', 'rest_system'].map(
      (type) => [`is an external "${type}" user`, { externalAuthId: type }] as [string, Record<string, unknown>],
    ),
  ])('returns result false with HTTP 200 and stores nothing when the recipient %s', async (_label, fields) => {
    const sender = await givenPerson(sb);
    const recipient = fields === null ? 987654 : await givenUserOnly(sb, fields);
    const reply = await sb.call(sender.hook, 'im.notify', { USER_ID: recipient, MESSAGE: 'x' });
    expect(reply.status).toBe(200);
    expect(reply.body.result).toBe(false);
    expect(reply.body.time).toBeTypeOf('object');
    if (fields !== null) expect(await storedFor(sb, recipient)).toEqual([]);
  });
});

describe('D.1 im.notify: allowed non-default recipients', () => {
  it('delivers to a "replica" user', async () => {
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb, { externalAuthId: 'replica' });
    const id = await sendPersonal(sb, sender.hook, recipient.id, 'replica ok');
    expect(ids(await notifications(sb, recipient.hook))).toEqual([id]);
  });
});

describe('D.1 im.notify: validation order', () => {
  it('refuses session auth before looking at any parameter (WRONG_AUTH_TYPE)', async () => {
    const me = await givenPerson(sb);
    const session = await sessionFor(sb, me.id);
    for (const method of ['im.notify', 'im.notify.personal.add', 'im.notify.system.add']) {
      expectError(await sb.call(session, method, {}), 403, 'WRONG_AUTH_TYPE', 'Access for this method not allowed by session authorization.');
    }
  });

  it('refuses session auth passed in the X-Bitrix-Csrf-Token header as well', async () => {
    const me = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const { sessid } = await sb.admin<{ sessid: string }>('POST', 'sessions', { userId: me.id });
    expectError(
      await sb.call({ sessid, via: 'header' }, 'im.notify.system.add', { USER_ID: recipient.id, MESSAGE: 'x' }),
      403,
      'WRONG_AUTH_TYPE',
      'Access for this method not allowed by session authorization.',
    );
    expect(await notifications(sb, recipient.hook)).toEqual([]);
  });

  it.each([
    ['missing', {}],
    ['0', { USER_ID: 0 }],
    ['negative', { USER_ID: -3 }],
    ['a non-numeric string', { USER_ID: 'abc' }],
  ])('answers USER_ID_EMPTY when USER_ID is %s, before checking MESSAGE', async (_label, params) => {
    const me = await givenPerson(sb);
    expectError(await sb.call(me.hook, 'im.notify', { ...params }), 400, 'USER_ID_EMPTY', "User ID can't be empty");
  });

  it.each([
    ['missing', {}],
    ['empty', { MESSAGE: '' }],
    ['whitespace only', { MESSAGE: '  \n\t ' }],
    ['a JSON number', { MESSAGE: 123 }],
    ['a JSON array', { MESSAGE: ['text'] }],
  ])('answers MESSAGE_EMPTY when MESSAGE is %s', async (_label, params) => {
    const me = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    expectError(await sb.call(me.hook, 'im.notify', { USER_ID: recipient.id, ...params }), 400, 'MESSAGE_EMPTY', "Message can't be empty");
  });

  it('checks MESSAGE before ATTACH', async () => {
    const me = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    expectError(await sb.call(me.hook, 'im.notify', { USER_ID: recipient.id, MESSAGE: ' ', ATTACH: 'garbage' }), 400, 'MESSAGE_EMPTY', "Message can't be empty");
  });

  it('checks USER_ID before MESSAGE and ATTACH', async () => {
    const me = await givenPerson(sb);
    expectError(await sb.call(me.hook, 'im.notify', { USER_ID: 0, MESSAGE: '', ATTACH: 'garbage' }), 400, 'USER_ID_EMPTY', "User ID can't be empty");
  });

  it('answers USER_ID_EMPTY when TO overrides a valid USER_ID with 0', async () => {
    const me = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    expectError(await sb.call(me.hook, 'im.notify', { USER_ID: recipient.id, TO: 0, MESSAGE: 'x' }), 400, 'USER_ID_EMPTY', "User ID can't be empty");
  });
});

describe('D.2 im.notify.personal.add and D.3 im.notify.system.add', () => {
  it('personal.add forces a personal notification even when TYPE says SYSTEM', async () => {
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const id = ok(await sb.call(sender.hook, 'im.notify.personal.add', { USER_ID: recipient.id, MESSAGE: 'p', TYPE: 'SYSTEM' }));
    expect(await byId(sb, recipient.hook, id)).toMatchObject({ notify_type: 2, author_id: sender.id, text: 'p' });
  });

  it('system.add forces a system notification with author 0 even when TYPE says USER', async () => {
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const id = ok(await sb.call(sender.hook, 'im.notify.system.add', { USER_ID: recipient.id, MESSAGE: 's', TYPE: 'USER' }));
    expect(await byId(sb, recipient.hook, id)).toMatchObject({ notify_type: 4, author_id: 0, text: 's' });
  });

  it('system.add through a webhook stores the text without any prefix', async () => {
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const id = await sendSystem(sb, sender.hook, recipient.id, 'no prefix');
    expect((await byId(sb, recipient.hook, id)).text).toBe('no prefix');
  });

  it('system.add through an application prefixes the text with the app name and a newline (D.0.3 step 2)', async () => {
    const app = await givenAppNamed(sb, 'My App');
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const auth = await oauthFor(sb, app, sender.id);
    const id = await sendSystem(sb, auth, recipient.id, 'Hello', { MESSAGE_OUT: 'out' });
    expect(await byId(sb, recipient.hook, id)).toMatchObject({ text: 'My App\nHello', author_id: 0, notify_type: 4 });
    const record = (await storedFor(sb, recipient.id)).find((r: any) => r.id === id);
    expect(String(record?.messageOut)).toContain('My App');
    expect(String(record?.messageOut)).toContain('out');
  });

  it('im.notify with TYPE=SYSTEM through an application gets the same prefix', async () => {
    const app = await givenAppNamed(sb, 'Prefix App');
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const auth = await oauthFor(sb, app, sender.id);
    const id = ok(await sb.call(auth, 'im.notify', { USER_ID: recipient.id, MESSAGE: 'Body', TYPE: 'SYSTEM' }));
    expect((await byId(sb, recipient.hook, id)).text).toBe('Prefix App\nBody');
  });

  it('personal.add through an application has no prefix and is authored by the token user', async () => {
    const app = await givenAppNamed(sb, 'My App');
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const auth = await oauthFor(sb, app, sender.id);
    const id = await sendPersonal(sb, auth, recipient.id, 'Hello');
    expect(await byId(sb, recipient.hook, id)).toMatchObject({ text: 'Hello', author_id: sender.id, notify_type: 2 });
  });
});

describe('D.0.1 tags and the application key', () => {
  it('reports an appKey equal to the first 5 hex characters of md5(client_id)', async () => {
    const clientId = `local.${unique('k')}`;
    const app = await sb.givenApp({ clientId, name: 'Key App' });
    expect(app.appKey).toBe(md5(clientId).slice(0, 5));
    expect(app.appKey).toMatch(/^[0-9a-f]{5}$/);
  });

  it('stores TAG and SUB_TAG as MP|<appKey>|<value> for an OAuth call', async () => {
    const app = await givenAppNamed(sb);
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const auth = await oauthFor(sb, app, sender.id);
    const id = await sendPersonal(sb, auth, recipient.id, 'tagged', { TAG: 'ORDER|7', SUB_TAG: 'ORDER|7|line' });
    const n = await byId(sb, recipient.hook, id);
    expect(n.notify_tag).toBe(`MP|${appKeyOf(app.clientId)}|ORDER|7`);
    expect(n.notify_sub_tag).toBe(`MP|${appKeyOf(app.clientId)}|ORDER|7|line`);
  });

  it('silently ignores TAG, SUB_TAG and CLIENT_ID for a webhook call (no application context)', async () => {
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const id = await sendPersonal(sb, sender.hook, recipient.id, 'untagged', { TAG: 'x', SUB_TAG: 'y', CLIENT_ID: 'MYBOT' });
    const n = await byId(sb, recipient.hook, id);
    expect([n.notify_tag, n.notify_sub_tag]).toEqual(['', '']);
  });

  it('ignores TAG "0" because the non-empty check is PHP empty()', async () => {
    const app = await givenAppNamed(sb);
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const auth = await oauthFor(sb, app, sender.id);
    const id = await sendPersonal(sb, auth, recipient.id, 'zero tag', { TAG: '0' });
    expect((await byId(sb, recipient.hook, id)).notify_tag).toBe('');
  });

  it('accepts a TAG of 246 characters (stored tag exactly 255 characters)', async () => {
    const app = await givenAppNamed(sb);
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const auth = await oauthFor(sb, app, sender.id);
    const tag = 't'.repeat(246);
    const id = await sendPersonal(sb, auth, recipient.id, 'long tag', { TAG: tag });
    const n = await byId(sb, recipient.hook, id);
    expect(n.notify_tag).toBe(appTag(app.clientId, tag));
    expect(n.notify_tag).toHaveLength(255);
  });

  it('returns false and stores nothing when the stored tag would exceed 255 characters', async () => {
    const app = await givenAppNamed(sb);
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const auth = await oauthFor(sb, app, sender.id);
    const reply = await sb.call(auth, 'im.notify.personal.add', { USER_ID: recipient.id, MESSAGE: 'too long', TAG: 't'.repeat(247) });
    expect(ok(reply)).toBe(false);
    expect(await notifications(sb, recipient.hook)).toEqual([]);
  });

  it('counts the tag limit in characters, so 200 emoji (400 UTF-16 units) still fit', async () => {
    const app = await givenAppNamed(sb);
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const auth = await oauthFor(sb, app, sender.id);
    const tag = '🔔'.repeat(200);
    const id = await sendPersonal(sb, auth, recipient.id, 'emoji tag', { TAG: tag });
    expect((await byId(sb, recipient.hook, id)).notify_tag).toBe(appTag(app.clientId, tag));
  });
});

describe('D.0.2 tag replacement on add', () => {
  it('replaces an older notification with the same tag for the same recipient (same author → params null)', async () => {
    const app = await givenAppNamed(sb);
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const auth = await oauthFor(sb, app, sender.id);
    const v1 = await sendPersonal(sb, auth, recipient.id, 'v1', { TAG: 'x' });
    const v2 = await sendPersonal(sb, auth, recipient.id, 'v2', { TAG: 'x' });
    expect(v2).toBeGreaterThan(v1);
    const res = await notifyGet(sb, recipient.hook);
    expect(res.notifications.map((n: any) => [n.id, n.text, n.params])).toEqual([[v2, 'v2', null]]);
    expect(res.total_count).toBe(1);
    expect(res.total_unread_count).toBe(1);
  });

  it('lists the replaced notification author in params.USERS when the authors differ', async () => {
    const app = await givenAppNamed(sb);
    const alice = await givenPerson(sb);
    const bob = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    await sendPersonal(sb, await oauthFor(sb, app, alice.id), recipient.id, 'from alice', { TAG: 'grp' });
    const second = await sendPersonal(sb, await oauthFor(sb, app, bob.id), recipient.id, 'from bob', { TAG: 'grp' });
    const list = await notifications(sb, recipient.hook);
    expect(ids(list)).toEqual([second]);
    expect(list[0].author_id).toBe(bob.id);
    expect(list[0].params).toEqual({ USERS: [alice.id] });
  });

  it('accumulates USERS across a chain of replacements, excluding the newest author', async () => {
    const app = await givenAppNamed(sb);
    const a = await givenPerson(sb);
    const b = await givenPerson(sb);
    const c = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    await sendPersonal(sb, await oauthFor(sb, app, a.id), recipient.id, '1', { TAG: 'chain' });
    await sendPersonal(sb, await oauthFor(sb, app, b.id), recipient.id, '2', { TAG: 'chain' });
    const last = await sendPersonal(sb, await oauthFor(sb, app, c.id), recipient.id, '3', { TAG: 'chain' });
    const list = await notifications(sb, recipient.hook);
    expect(ids(list)).toEqual([last]);
    expect(Object.keys(list[0].params)).toEqual(['USERS']);
    expect(sorted(list[0].params.USERS)).toEqual(sorted([a.id, b.id]));
    expect(list[0].params.USERS.every((v: unknown) => Number.isInteger(v))).toBe(true);
  });

  it('merges the USERS param of a replaced notification and never lists author 0', async () => {
    const app = await givenAppNamed(sb);
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const other = await givenPerson(sb);
    const earlier = await givenPerson(sb);
    await seed(sb, { userId: recipient.id, authorId: other.id, type: 'personal', message: 'seeded', tag: appTag(app.clientId, 'm'), params: { USERS: [earlier.id] } });
    await sendSystem(sb, await oauthFor(sb, app, sender.id), recipient.id, 'sys 1', { TAG: 'm' });
    const list = await notifications(sb, recipient.hook);
    expect(list).toHaveLength(1);
    expect(list[0].author_id).toBe(0);
    expect(sorted(list[0].params.USERS)).toEqual(sorted([other.id, earlier.id]));
  });

  it('keeps params null when only system notifications (author 0) were replaced', async () => {
    const app = await givenAppNamed(sb);
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const auth = await oauthFor(sb, app, sender.id);
    await sendSystem(sb, auth, recipient.id, 'a', { TAG: 's' });
    const id = await sendSystem(sb, auth, recipient.id, 'b', { TAG: 's' });
    const list = await notifications(sb, recipient.hook);
    expect(list.map((n: any) => [n.id, n.params])).toEqual([[id, null]]);
  });

  it('replaces across notification types: a system notification replaces a personal one with the same tag', async () => {
    const app = await givenAppNamed(sb);
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const auth = await oauthFor(sb, app, sender.id);
    await sendPersonal(sb, auth, recipient.id, 'personal', { TAG: 'mix' });
    const sys = await sendSystem(sb, auth, recipient.id, 'system', { TAG: 'mix' });
    const list = await notifications(sb, recipient.hook);
    expect(list.map((n: any) => [n.id, n.notify_type, n.params])).toEqual([[sys, 4, { USERS: [sender.id] }]]);
  });

  it('does not replace notifications of other recipients with the same tag', async () => {
    const app = await givenAppNamed(sb);
    const sender = await givenPerson(sb);
    const r1 = await givenPerson(sb);
    const r2 = await givenPerson(sb);
    const auth = await oauthFor(sb, app, sender.id);
    const a = await sendPersonal(sb, auth, r1.id, 'a', { TAG: 'shared' });
    const b = await sendPersonal(sb, auth, r2.id, 'b', { TAG: 'shared' });
    expect(ids(await notifications(sb, r1.hook))).toEqual([a]);
    expect(ids(await notifications(sb, r2.hook))).toEqual([b]);
  });

  it('does not replace a notification of another application with the same TAG', async () => {
    const app1 = await givenAppNamed(sb, 'One');
    const app2 = await givenAppNamed(sb, 'Two');
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const a = await sendPersonal(sb, await oauthFor(sb, app1, sender.id), recipient.id, 'a', { TAG: 'same' });
    const b = await sendPersonal(sb, await oauthFor(sb, app2, sender.id), recipient.id, 'b', { TAG: 'same' });
    expect(sorted(ids(await notifications(sb, recipient.hook)))).toEqual(sorted([a, b]));
  });

  it('does not replace anything when only SUB_TAG repeats', async () => {
    const app = await givenAppNamed(sb);
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const auth = await oauthFor(sb, app, sender.id);
    const a = await sendPersonal(sb, auth, recipient.id, 'a', { SUB_TAG: 'sub' });
    const b = await sendPersonal(sb, auth, recipient.id, 'b', { SUB_TAG: 'sub' });
    expect(sorted(ids(await notifications(sb, recipient.hook)))).toEqual(sorted([a, b]));
  });

  it('does not replace webhook notifications, whose tags are dropped', async () => {
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const a = await sendPersonal(sb, sender.hook, recipient.id, 'a', { TAG: 'x' });
    const b = await sendPersonal(sb, sender.hook, recipient.id, 'b', { TAG: 'x' });
    expect(sorted(ids(await notifications(sb, recipient.hook)))).toEqual(sorted([a, b]));
  });

  it('returns false when a newer notification with the same tag already exists, and keeps that one', async () => {
    const app = await givenAppNamed(sb);
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const future = await seed(sb, { userId: recipient.id, message: 'from the future', tag: appTag(app.clientId, 'late'), date: '2099-01-01T00:00:00+03:00' });
    const reply = await sb.call(await oauthFor(sb, app, sender.id), 'im.notify.personal.add', { USER_ID: recipient.id, MESSAGE: 'now', TAG: 'late' });
    expect(ok(reply)).toBe(false);
    expect(ids(await notifications(sb, recipient.hook))).toEqual([future]);
  });

  it('reports total_count as the real number of notifications after a replacement (decision: quirk not emulated)', async () => {
    const app = await givenAppNamed(sb);
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const auth = await oauthFor(sb, app, sender.id);
    await sendPersonal(sb, auth, recipient.id, 'plain');
    await sendPersonal(sb, auth, recipient.id, 'v1', { TAG: 'q' });
    await sendPersonal(sb, auth, recipient.id, 'v2', { TAG: 'q' });
    expect((await notifyGet(sb, recipient.hook)).total_count).toBe(2);
  });
});

describe('D.0.3 message text pipeline', () => {
  const textOf = async (message: unknown, extra: Record<string, unknown> = {}): Promise<string> => {
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const id = await sendPersonal(sb, sender.hook, recipient.id, message as string, extra);
    return (await byId(sb, recipient.hook, id)).text;
  };

  it('trims the message and turns #BR# into a newline', async () => {
    expect(await textOf(' Hello #BR#world ')).toBe('Hello \nworld');
  });

  it('turns [BR] and [br] into newlines', async () => {
    expect(await textOf('a[BR]b[br]c')).toBe('a\nb\nc');
  });

  it('keeps a message of exactly 20006 characters whole', async () => {
    const text = 'a'.repeat(20006);
    expect(await textOf(text)).toBe(text);
  });

  it('cuts a message longer than 20006 characters to 20000 and appends " (...)"', async () => {
    const text = 'b'.repeat(20007);
    const out = await textOf(text);
    expect(out).toBe('b'.repeat(20000) + ' (...)');
  });

  it('converts simple HTML to BB codes', async () => {
    expect(await textOf('<b>bold</b> and <i>italic</i>')).toBe('[b]bold[/b] and [i]italic[/i]');
  });

  it('returns BB codes verbatim', async () => {
    expect(await textOf('[B]Bold[/B] [I]it[/I]')).toBe('[B]Bold[/B] [I]it[/I]');
  });

  it('decodes HTML entities on output', async () => {
    expect(await textOf('1 &lt; 2 &amp;&amp; 3 &gt; 2 &quot;q&quot;')).toBe('1 < 2 && 3 > 2 "q"');
  });

  it('wraps a bare https URL as a [URL] BB link', async () => {
    expect(await textOf('see https://example.com/path now')).toBe('see [URL]https://example.com/path[/URL] now');
  });

  it('keeps [USER=id]…[/USER] mentions', async () => {
    expect(await textOf('ping [USER=1]Admin[/USER] now')).toBe('ping [USER=1]Admin[/USER] now');
  });

  it('ignores CONVERT_TEXT on add and on get (no text_converted field)', async () => {
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const id = await sendPersonal(sb, sender.hook, recipient.id, 'a[br]b', { CONVERT_TEXT: 'Y' });
    const res = await notifyGet(sb, recipient.hook, { CONVERT_TEXT: 'Y' });
    const n = res.notifications.find((x: any) => x.id === id);
    expect(n.text).toBe('a\nb');
    expect(n).not.toHaveProperty('text_converted');
  });
});

describe('D.0.4 ATTACH validation and storage', () => {
  const send = async (attach: unknown) => {
    const sender = await givenPerson(sb);
    const recipient = await givenPerson(sb);
    const reply = await sb.call(sender.hook, 'im.notify.personal.add', { USER_ID: recipient.id, MESSAGE: 'with attach', ATTACH: attach });
    return { reply, recipient };
  };

  it('stores a full-form ATTACH as a list with one normalised object', async () => {
    const { reply, recipient } = await send({
      ID: 12345,
      COLOR: '#ff0000',
      DESCRIPTION: '  line one\nline two ',
      BLOCKS: [{ MESSAGE: 'Block text' }],
    });
    const id = ok(reply);
    const n = await byId(sb, recipient.hook, id);
    expect(Object.keys(n.params)).toEqual(['ATTACH']);
    expect(Array.isArray(n.params.ATTACH)).toBe(true);
    expect(n.params.ATTACH).toHaveLength(1);
    const attach = n.params.ATTACH[0];
    expect(Object.keys(attach).sort()).toEqual(['BLOCKS', 'COLOR', 'COLOR_TOKEN', 'DESCRIPTION', 'ID']);
    expect(Number.isInteger(attach.ID)).toBe(true);
    expect(attach.ID).not.toBe(12345);
    expect(attach.ID).toBeGreaterThanOrEqual(Math.floor(reply.body.time.start) - 1);
    expect(attach.ID).toBeLessThanOrEqual(Math.ceil(reply.body.time.finish) + 1);
    expect(attach.COLOR).toBe('#ff0000');
    expect(attach.COLOR_TOKEN).toBe('base');
    expect(attach.DESCRIPTION).toBe('line one line two');
    expect(Array.isArray(attach.BLOCKS)).toBe(true);
    expect(attach.BLOCKS).toHaveLength(1);
    expect(JSON.stringify(attach.BLOCKS)).toContain('Block text');
  });

  it('accepts the short form (a bare block list) and fills DESCRIPTION "", a random #rrggbb COLOR and COLOR_TOKEN "base"', async () => {
    const { reply, recipient } = await send([{ MESSAGE: 'short form' }]);
    const n = await byId(sb, recipient.hook, ok(reply));
    const attach = n.params.ATTACH[0];
    expect(attach.DESCRIPTION).toBe('');
    expect(attach.COLOR).toMatch(HEX_COLOR);
    expect(attach.COLOR_TOKEN).toBe('base');
    expect(attach.BLOCKS).toHaveLength(1);
  });

  it('accepts ATTACH given as a JSON string', async () => {
    const { reply, recipient } = await send(JSON.stringify({ BLOCKS: [{ MESSAGE: 'from string' }] }));
    const n = await byId(sb, recipient.hook, ok(reply));
    expect(n.params.ATTACH).toHaveLength(1);
    expect(JSON.stringify(n.params.ATTACH[0].BLOCKS)).toContain('from string');
  });

  it('accepts ATTACH given as a string in JS-object notation (unquoted keys)', async () => {
    const { reply, recipient } = await send('{BLOCKS:[{MESSAGE:"js notation"}]}');
    const n = await byId(sb, recipient.hook, ok(reply));
    expect(n.params.ATTACH).toHaveLength(1);
    expect(JSON.stringify(n.params.ATTACH[0].BLOCKS)).toContain('js notation');
  });

  it('drops invalid blocks silently and keeps the valid ones', async () => {
    const { reply, recipient } = await send({ BLOCKS: [{ LINK: { NAME: 'bad', LINK: 'not a url' } }, { MESSAGE: 'kept' }] });
    const n = await byId(sb, recipient.hook, ok(reply));
    expect(n.params.ATTACH[0].BLOCKS).toHaveLength(1);
    expect(JSON.stringify(n.params.ATTACH[0].BLOCKS)).toContain('kept');
    expect(JSON.stringify(n.params.ATTACH[0].BLOCKS)).not.toContain('not a url');
  });

  it.each([
    ['an unparseable string', 'not json at all'],
    ['the string "[]"', '[]'],
    ['a full form with no blocks', { BLOCKS: [] }],
    ['only invalid blocks', { BLOCKS: [{ LINK: { NAME: 'x', LINK: 'nope' } }] }],
    ['lower-case nested keys', { blocks: [{ message: 'x' }] }],
  ])('answers ATTACH_ERROR for %s and stores nothing', async (_label, attach) => {
    const { reply, recipient } = await send(attach);
    expectError(reply, 400, 'ATTACH_ERROR', 'Incorrect attach params');
    expect(await notifications(sb, recipient.hook)).toEqual([]);
  });

  it.each([
    ['an empty string', ''],
    ['the string "0"', '0'],
    ['an empty array', []],
  ])('ignores ATTACH when it is %s (params stay null)', async (_label, attach) => {
    const { reply, recipient } = await send(attach);
    const n = await byId(sb, recipient.hook, ok(reply));
    expect(n.params).toBeNull();
  });

  it('answers ATTACH_OVERSIZE when the attach JSON reaches 60000 characters', async () => {
    const { reply, recipient } = await send({ BLOCKS: [{ MESSAGE: 'x'.repeat(30000) }, { MESSAGE: 'y'.repeat(30000) }] });
    expectError(reply, 400, 'ATTACH_OVERSIZE', 'You have exceeded the maximum allowable size of attach');
    expect(await notifications(sb, recipient.hook)).toEqual([]);
  });
});
