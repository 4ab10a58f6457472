// Conformance: im.notify.schema.get (spec D.5), user.current, user.get, im.user.list.get (D.0.8 objects),
// im.counters.get (D.0.5), E.1–E.3.
import { describe, it, expect } from 'vitest';
import { useSandbox } from '../../support/sandbox.js';
import { givenAppNamed, givenPerson, givenUserOnly, HEX_COLOR, oauthFor, ok, seed, seedConfirm, sessionFor } from './helpers-methods.js';

const sb = useSandbox({ timeZone: '+03:00' });

const EXPECTED_EVENTS: Record<string, string[]> = {
  im: ['message', 'chat', 'openChat', 'like', 'mention', 'videconf_new_guest', 'default'],
  main: ['rating_vote', 'rating_vote_mentioned'],
  rest: ['app_install', 'app_install_request', 'vi_user_data_request'],
};

describe('D.5 im.notify.schema.get', () => {
  it('returns an object keyed by module id with the default modules im, main and rest', async () => {
    const me = await givenPerson(sb);
    const schema = ok(await sb.call(me.hook, 'im.notify.schema.get', {}));
    expect(Array.isArray(schema)).toBe(false);
    expect(Object.keys(schema).sort()).toEqual(['im', 'main', 'rest']);
  });

  it('gives every module upper-case keys NAME, MODULE_ID and LIST', async () => {
    const me = await givenPerson(sb);
    const schema = ok(await sb.call(me.hook, 'im.notify.schema.get', {}));
    for (const [moduleId, entry] of Object.entries<any>(schema)) {
      expect(Object.keys(entry).sort(), moduleId).toEqual(['LIST', 'MODULE_ID', 'NAME']);
      expect(entry.MODULE_ID).toBe(moduleId);
      expect(typeof entry.NAME).toBe('string');
      expect(entry.NAME.length).toBeGreaterThan(0);
      expect(Array.isArray(entry.LIST)).toBe(true);
      for (const item of entry.LIST) {
        expect(Object.keys(item).sort()).toEqual(['ID', 'NAME']);
        expect(typeof item.NAME).toBe('string');
        expect(item.ID.startsWith(`${moduleId}|`)).toBe(true);
      }
    }
  });

  it.each(Object.entries(EXPECTED_EVENTS))('lists the events of module %s as MODULE|EVENT ids', async (moduleId, events) => {
    const me = await givenPerson(sb);
    const schema = ok(await sb.call(me.hook, 'im.notify.schema.get', {}));
    expect(schema[moduleId].LIST.map((item: any) => item.ID)).toEqual(events.map((e) => `${moduleId}|${e}`));
  });

  it('does not list rest|rest_notify', async () => {
    const me = await givenPerson(sb);
    const schema = ok(await sb.call(me.hook, 'im.notify.schema.get', {}));
    const allIds = Object.values<any>(schema).flatMap((entry) => entry.LIST.map((item: any) => item.ID));
    expect(allIds).not.toContain('rest|rest_notify');
  });

  it('reads no parameters and answers the same for OAuth and session auth', async () => {
    const app = await givenAppNamed(sb);
    const me = await givenPerson(sb);
    const viaHook = ok(await sb.call(me.hook, 'im.notify.schema.get', {}));
    const viaToken = ok(await sb.call(await oauthFor(sb, app, me.id), 'im.notify.schema.get', { MODULE: 'im', LIMIT: 1 }));
    const viaSession = ok(await sb.call(await sessionFor(sb, me.id), 'im.notify.schema.get', {}));
    expect(viaToken).toEqual(viaHook);
    expect(viaSession).toEqual(viaHook);
  });
});

describe('im.counters.get (D.0.5)', () => {
  it('returns the documented shape with integer TYPE counters and [] for empty collections', async () => {
    const me = await givenPerson(sb);
    const reply = await sb.call(me.hook, 'im.counters.get', {});
    const res = ok(reply);
    expect(Object.keys(res).sort()).toEqual(['CHAT', 'CHAT_MUTED', 'CHAT_UNREAD', 'DIALOG', 'DIALOG_UNREAD', 'LINES', 'TYPE']);
    expect(res.TYPE).toEqual({ ALL: 0, NOTIFY: 0, CHAT: 0, LINES: 0, DIALOG: 0, MESSENGER: 0 });
    for (const key of ['CHAT', 'CHAT_MUTED', 'CHAT_UNREAD', 'LINES', 'DIALOG', 'DIALOG_UNREAD']) expect(res[key], key).toEqual([]);
  });

  it('counts unread notifications, confirms included, in TYPE.NOTIFY and TYPE.ALL', async () => {
    const me = await givenPerson(sb);
    await seed(sb, { userId: me.id, message: 'a' });
    await seed(sb, { userId: me.id, message: 'b' });
    await seed(sb, { userId: me.id, message: 'c', read: true });
    await seedConfirm(sb, me.id);
    const res = ok(await sb.call(me.hook, 'im.counters.get', {}));
    expect(res.TYPE.NOTIFY).toBe(3);
    expect(res.TYPE.ALL).toBe(3);
    expect(res.TYPE.MESSENGER).toBe(0);
  });

  it("counts only the current user's notifications", async () => {
    const me = await givenPerson(sb);
    const other = await givenPerson(sb);
    await seed(sb, { userId: other.id, message: 'x' });
    expect(ok(await sb.call(me.hook, 'im.counters.get', {})).TYPE.NOTIFY).toBe(0);
  });
});

describe('user.current and user.get', () => {
  it('user.current describes the webhook owner with upper-case keys and a string ID', async () => {
    const me = await givenPerson(sb, { firstName: 'John', lastName: 'Smith', email: 'john@example.com', workPosition: 'Manager' });
    const res = ok(await sb.call(me.hook, 'user.current', {}));
    expect(res).toMatchObject({ ID: String(me.id), ACTIVE: true, NAME: 'John', LAST_NAME: 'Smith', EMAIL: 'john@example.com', WORK_POSITION: 'Manager' });
  });

  it('user.current describes the token user for OAuth', async () => {
    const app = await givenAppNamed(sb);
    const me = await givenPerson(sb, { firstName: 'Tok', lastName: 'En' });
    const res = ok(await sb.call(await oauthFor(sb, app, me.id), 'user.current', {}));
    expect(res).toMatchObject({ ID: String(me.id), NAME: 'Tok', LAST_NAME: 'En' });
  });

  it('user.get filtered by ID returns a list with that user', async () => {
    const me = await givenPerson(sb);
    const other = await givenPerson(sb, { firstName: 'Olga', lastName: 'Petrova' });
    const reply = await sb.call(me.hook, 'user.get', { ID: other.id });
    const res = ok(reply);
    expect(Array.isArray(res)).toBe(true);
    expect(res).toHaveLength(1);
    expect(res[0]).toMatchObject({ ID: String(other.id), ACTIVE: true, NAME: 'Olga', LAST_NAME: 'Petrova' });
  });
});

describe('im.user.list.get (D.0.8 user objects)', () => {
  it('returns an object keyed by user id by default', async () => {
    const me = await givenPerson(sb);
    const a = await givenPerson(sb, { firstName: 'Emily', lastName: 'Smith', workPosition: 'Analyst', gender: 'F', departments: [7, 5] });
    const b = await givenPerson(sb, { firstName: 'John', lastName: 'Johnson' });
    const res = ok(await sb.call(me.hook, 'im.user.list.get', { ID: [a.id, b.id] }));
    expect(Array.isArray(res)).toBe(false);
    expect(Object.keys(res).sort()).toEqual([String(a.id), String(b.id)].sort());
    expect(res[String(a.id)]).toMatchObject({
      id: a.id,
      active: true,
      name: 'Emily Smith',
      first_name: 'Emily',
      last_name: 'Smith',
      work_position: 'Analyst',
      gender: 'F',
      departments: [7, 5],
      bot: false,
      extranet: false,
      network: false,
      connector: false,
      external_auth_id: 'default',
      idle: false,
      mobile_last_date: false,
      desktop_last_date: false,
      bot_data: null,
      type: 'user',
    });
    expect(res[String(a.id)].color).toMatch(HEX_COLOR);
    expect(res[String(b.id)]).toMatchObject({ id: b.id, name: 'John Johnson' });
  });

  it('returns an array with RESULT_TYPE=array', async () => {
    const me = await givenPerson(sb);
    const a = await givenPerson(sb);
    const b = await givenPerson(sb);
    const res = ok(await sb.call(me.hook, 'im.user.list.get', { ID: [a.id, b.id], RESULT_TYPE: 'array' }));
    expect(Array.isArray(res)).toBe(true);
    expect(res.map((u: any) => u.id).sort((x: number, y: number) => x - y)).toEqual([a.id, b.id].sort((x, y) => x - y));
  });

  it('accepts ID as a JSON string containing an array', async () => {
    const me = await givenPerson(sb);
    const a = await givenPerson(sb);
    const res = ok(await sb.call(me.hook, 'im.user.list.get', { ID: JSON.stringify([a.id]), RESULT_TYPE: 'array' }));
    expect(res.map((u: any) => u.id)).toEqual([a.id]);
  });

  it('reports phones (non-empty ones only), birthday DD-MM and an absolute avatar URL', async () => {
    const me = await givenPerson(sb);
    const a = await givenPerson(sb, {
      phones: { work_phone: '+12123456789', personal_mobile: '', inner_phone: '22' },
      birthday: '14-07',
      avatar: '/upload/main/avatar4.png',
    });
    const b = await givenPerson(sb);
    const res = ok(await sb.call(me.hook, 'im.user.list.get', { ID: [a.id, b.id] }));
    const ua = res[String(a.id)];
    expect(ua.phones).toEqual({ work_phone: '+12123456789', inner_phone: '22' });
    expect(ua.birthday).toBe('14-07');
    expect(ua.avatar).toMatch(/^https?:\/\/[^/]+\/upload\/main\/avatar4\.png$/);
    expect(res[String(b.id)]).toMatchObject({ phones: false, birthday: '', avatar: '' });
  });

  it('reports bot and inactive users with their flags', async () => {
    const me = await givenPerson(sb);
    const bot = await givenUserOnly(sb, { externalAuthId: 'bot' });
    const gone = await givenUserOnly(sb, { active: false });
    const res = ok(await sb.call(me.hook, 'im.user.list.get', { ID: [bot, gone] }));
    expect(res[String(bot)]).toMatchObject({ bot: true, external_auth_id: 'bot' });
    expect(res[String(gone)]).toMatchObject({ active: false });
  });

  it.each([['absent', undefined], ['a scalar', 5], ['a string that is not a JSON list', 'first']])(
    'answers ID %s with 400 INVALID_FORMAT (the doc page\'s error)',
    async (_label, id) => {
      const me = await givenPerson(sb);
      const reply = await sb.call(me.hook, 'im.user.list.get', id === undefined ? {} : { ID: id });
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({ error: 'INVALID_FORMAT', error_description: 'A wrong format for the ID field is passed' });
    },
  );
});
