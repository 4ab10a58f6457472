// Conformance: im.notify.get (spec D.4, D.0.6–D.0.8, E.1, E.2, E.4, E.9).
import { describe, it, expect, beforeAll } from 'vitest';
import { useSandbox } from '../../support/sandbox.js';
import {
  expectError,
  givenAppNamed,
  givenPerson,
  HEX_COLOR,
  ids,
  ISO_DATE,
  notifyGet,
  oauthFor,
  ok,
  seed,
  seedConfirm,
  sendPersonal,
  sendSystem,
  type Person,
} from './helpers-methods.js';

const sb = useSandbox({ timeZone: '+03:00' });

/** Seeds `count` regular system notifications for the user, oldest first; returns their ids. */
async function seedRegular(user: Person, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(await seed(sb, { userId: user.id, message: `regular ${i}` }));
  return out;
}

const NOTIFICATION_KEYS = [
  'author_id',
  'chat_id',
  'date',
  'id',
  'notify_event',
  'notify_module',
  'notify_read',
  'notify_sub_tag',
  'notify_tag',
  'notify_title',
  'notify_type',
  'params',
  'setting_name',
  'text',
];

describe('D.4 im.notify.get: empty results', () => {
  it('answers exactly {notifications: [], users: []} for a user without a notification chat', async () => {
    const me = await givenPerson(sb);
    const reply = await sb.call(me.hook, 'im.notify.get', {});
    expect(ok(reply)).toEqual({ notifications: [], users: [] });
    expect(reply.text).toMatch(/"notifications":\[\]/);
    expect(reply.text).toMatch(/"users":\[\]/);
  });

  it('returns an empty page with totals when the cursor is past the last notification', async () => {
    const me = await givenPerson(sb);
    const [only] = await seedRegular(me, 1);
    const res = await notifyGet(sb, me.hook, { LAST_ID: only, LAST_TYPE: 3 });
    expect(res.notifications).toEqual([]);
    expect(res.users).toEqual([]);
    expect(res.total_count).toBe(1);
    expect(res.total_unread_count).toBe(1);
    expect(Number.isInteger(res.chat_id)).toBe(true);
  });

  it('answers exactly {notifications: [], users: []} again once every notification has been deleted', async () => {
    const me = await givenPerson(sb);
    const [only] = await seedRegular(me, 1);
    expect(ok(await sb.call(me.hook, 'im.notify.delete', { ID: only }))).toBe(true);
    expect(await notifyGet(sb, me.hook)).toEqual({ notifications: [], users: [] });
  });
});

describe('D.4 im.notify.get: result and object shape (D.0.6, E.1)', () => {
  it('returns total_count, total_unread_count, chat_id, notifications and users with integer counters', async () => {
    const me = await givenPerson(sb);
    await seedRegular(me, 3);
    const res = await notifyGet(sb, me.hook);
    expect(Object.keys(res).sort()).toEqual(['chat_id', 'notifications', 'total_count', 'total_unread_count', 'users']);
    expect(res.total_count).toBe(3);
    expect(res.total_unread_count).toBe(3);
    expect(Number.isInteger(res.chat_id)).toBe(true);
    expect(res.chat_id).toBeGreaterThan(0);
  });

  it('returns a personal notification with exactly the documented keys and JSON types', async () => {
    const sender = await givenPerson(sb);
    const me = await givenPerson(sb);
    const id = await sendPersonal(sb, sender.hook, me.id, 'typed');
    const res = await notifyGet(sb, me.hook);
    const [n] = res.notifications;
    expect(Object.keys(n).sort()).toEqual(NOTIFICATION_KEYS);
    expect(n).toEqual({
      id,
      chat_id: res.chat_id,
      author_id: sender.id,
      date: expect.stringMatching(ISO_DATE),
      notify_type: 2,
      notify_module: 'rest',
      notify_event: 'rest_notify',
      notify_tag: '',
      notify_sub_tag: '',
      notify_title: '',
      setting_name: 'rest|rest_notify',
      text: 'typed',
      params: null,
      notify_read: 'N',
    });
  });

  it('formats the date in the portal time zone (+03:00) with second precision', async () => {
    const me = await givenPerson(sb);
    await seed(sb, { userId: me.id, message: 'dated', date: '2025-10-09T08:53:20Z' });
    await seed(sb, { userId: me.id, message: 'unix', date: 1760000000 });
    const res = await notifyGet(sb, me.hook);
    expect(res.notifications.map((n: any) => n.date).sort()).toEqual(['2025-10-09T11:53:20+03:00', '2025-10-09T11:53:20+03:00']);
  });

  it('formats the date in a time zone changed through the config API', async () => {
    const me = await givenPerson(sb);
    await seed(sb, { userId: me.id, message: 'dated', date: '2025-10-09T08:53:20Z' });
    try {
      await sb.admin('POST', 'config', { timeZone: '+05:30' });
      const res = await notifyGet(sb, me.hook);
      expect(res.notifications[0].date).toBe('2025-10-09T14:23:20+05:30');
    } finally {
      await sb.admin('POST', 'config', { timeZone: '+03:00' });
    }
  });

  it('gives every notification of a user the same chat_id and different users different chats', async () => {
    const a = await givenPerson(sb);
    const b = await givenPerson(sb);
    await seedRegular(a, 2);
    await seedRegular(b, 1);
    const ra = await notifyGet(sb, a.hook);
    const rb = await notifyGet(sb, b.hook);
    expect(ra.notifications.map((n: any) => n.chat_id)).toEqual([ra.chat_id, ra.chat_id]);
    expect(rb.notifications[0].chat_id).toBe(rb.chat_id);
    expect(ra.chat_id).not.toBe(rb.chat_id);
  });

  it('reports seeded module, event, title and setting_name', async () => {
    const me = await givenPerson(sb);
    await seed(sb, { userId: me.id, module: 'tasks', event: 'task_update', title: 'Task #5', message: 'changed' });
    const [n] = (await notifyGet(sb, me.hook)).notifications;
    expect(n).toMatchObject({ notify_module: 'tasks', notify_event: 'task_update', notify_title: 'Task #5', setting_name: 'tasks|task_update' });
  });

  it('returns params as an object with upper-case keys when present', async () => {
    const me = await givenPerson(sb);
    await seed(sb, { userId: me.id, message: 'answerable', params: { CAN_ANSWER: 'Y' } });
    const [n] = (await notifyGet(sb, me.hook)).notifications;
    expect(n.params).toEqual({ CAN_ANSWER: 'Y' });
  });

  it('reports notify_read "Y" for read notifications and counts only unread ones', async () => {
    const me = await givenPerson(sb);
    const readId = await seed(sb, { userId: me.id, message: 'old', read: true });
    const unreadId = await seed(sb, { userId: me.id, message: 'new' });
    const res = await notifyGet(sb, me.hook);
    expect(res.notifications.map((n: any) => [n.id, n.notify_read])).toEqual([
      [unreadId, 'N'],
      [readId, 'Y'],
    ]);
    expect(res.total_count).toBe(2);
    expect(res.total_unread_count).toBe(1);
  });

  it('reports author_id 0 for event private_system even when the notification has an author', async () => {
    const author = await givenPerson(sb);
    const me = await givenPerson(sb);
    await seed(sb, { userId: me.id, authorId: author.id, type: 'personal', module: 'im', event: 'private_system', message: 'private' });
    const res = await notifyGet(sb, me.hook);
    expect(res.notifications[0].author_id).toBe(0);
    expect(res.users).toEqual([]);
  });

  it('does not mark anything read', async () => {
    const me = await givenPerson(sb);
    await seedRegular(me, 2);
    await notifyGet(sb, me.hook);
    const res = await notifyGet(sb, me.hook);
    expect(res.total_unread_count).toBe(2);
    expect(res.notifications.map((n: any) => n.notify_read)).toEqual(['N', 'N']);
  });

  it("lists only the current user's notifications", async () => {
    const me = await givenPerson(sb);
    const other = await givenPerson(sb);
    const mine = await seedRegular(me, 1);
    await seedRegular(other, 2);
    const res = await notifyGet(sb, me.hook);
    expect(ids(res.notifications)).toEqual(mine);
    expect(res.total_count).toBe(1);
  });

  it('works the same through OAuth', async () => {
    const app = await givenAppNamed(sb);
    const me = await givenPerson(sb);
    const mine = await seedRegular(me, 2);
    const res = await notifyGet(sb, await oauthFor(sb, app, me.id));
    expect(ids(res.notifications)).toEqual([...mine].reverse());
  });
});

describe('D.4 im.notify.get: ordering and confirm-first pagination (E.9)', () => {
  it('orders by date descending, then by id descending', async () => {
    const me = await givenPerson(sb);
    const older = await seed(sb, { userId: me.id, message: 'newer date, lower id', date: '2025-01-02T10:00:00+03:00' });
    const newer = await seed(sb, { userId: me.id, message: 'older date, higher id', date: '2025-01-01T10:00:00+03:00' });
    const sameA = await seed(sb, { userId: me.id, message: 'same A', date: '2025-01-03T10:00:00+03:00' });
    const sameB = await seed(sb, { userId: me.id, message: 'same B', date: '2025-01-03T10:00:00+03:00' });
    expect(ids((await notifyGet(sb, me.hook)).notifications)).toEqual([sameB, sameA, older, newer]);
  });

  it('returns confirm notifications before regular ones on the first page', async () => {
    const me = await givenPerson(sb);
    const confirm = await seedConfirm(sb, me.id, { date: '2025-01-01T00:00:00+03:00' });
    const regular = await seed(sb, { userId: me.id, message: 'newer regular', date: '2025-06-01T00:00:00+03:00' });
    const res = await notifyGet(sb, me.hook);
    expect(ids(res.notifications)).toEqual([confirm, regular]);
    expect(res.notifications.map((n: any) => n.notify_type)).toEqual([1, 4]);
  });

  it('fills the first page with confirms and then the newest regular ones up to LIMIT', async () => {
    const me = await givenPerson(sb);
    const r1 = await seed(sb, { userId: me.id, message: 'r1' });
    const c1 = await seedConfirm(sb, me.id);
    const r2 = await seed(sb, { userId: me.id, message: 'r2' });
    const c2 = await seedConfirm(sb, me.id);
    const r3 = await seed(sb, { userId: me.id, message: 'r3' });
    const page1 = await notifyGet(sb, me.hook, { LIMIT: 3 });
    expect(ids(page1.notifications)).toEqual([c2, c1, r3]);
    const page2 = await notifyGet(sb, me.hook, { LIMIT: 3, LAST_ID: r3, LAST_TYPE: 3 });
    expect(ids(page2.notifications)).toEqual([r2, r1]);
    expect(page2.total_count).toBe(5);
  });

  it('walks confirms first and then restarts the regular stage from the newest one (LAST_TYPE=1 has no id filter for regulars)', async () => {
    const me = await givenPerson(sb);
    const r1 = await seed(sb, { userId: me.id, message: 'r1' });
    const c1 = await seedConfirm(sb, me.id);
    const r2 = await seed(sb, { userId: me.id, message: 'r2' });
    const c2 = await seedConfirm(sb, me.id);
    const r3 = await seed(sb, { userId: me.id, message: 'r3' });

    const pages: number[][] = [];
    let cursor: Record<string, unknown> = {};
    for (let i = 0; i < 10; i++) {
      const res = await notifyGet(sb, me.hook, { LIMIT: 1, ...cursor });
      const list = res.notifications;
      pages.push(ids(list));
      if (list.length < 1) break;
      const last = list[list.length - 1];
      cursor = { LAST_ID: last.id, LAST_TYPE: last.notify_type === 1 ? 1 : 3 };
    }
    expect(pages).toEqual([[c2], [c1], [r3], [r2], [r1], []]);
  });

  it('returns only older confirms and no regular ones while the confirm stage fills the page', async () => {
    const me = await givenPerson(sb);
    await seed(sb, { userId: me.id, message: 'r' });
    const c1 = await seedConfirm(sb, me.id);
    const c2 = await seedConfirm(sb, me.id);
    const c3 = await seedConfirm(sb, me.id);
    const res = await notifyGet(sb, me.hook, { LIMIT: 2, LAST_ID: c3, LAST_TYPE: 1 });
    expect(ids(res.notifications)).toEqual([c2, c1]);
  });

  it('returns regular ones older than LAST_ID with LAST_TYPE=3, never confirms', async () => {
    const me = await givenPerson(sb);
    const r1 = await seed(sb, { userId: me.id, message: 'r1' });
    await seedConfirm(sb, me.id);
    const r2 = await seed(sb, { userId: me.id, message: 'r2' });
    const r3 = await seed(sb, { userId: me.id, message: 'r3' });
    const res = await notifyGet(sb, me.hook, { LAST_ID: r3, LAST_TYPE: 3 });
    expect(ids(res.notifications)).toEqual([r2, r1]);
  });

  it('returns no items but the totals for any other LAST_TYPE', async () => {
    const me = await givenPerson(sb);
    const [, r2] = await seedRegular(me, 2);
    await seedConfirm(sb, me.id);
    const res = await notifyGet(sb, me.hook, { LAST_ID: r2 + 100, LAST_TYPE: 2 });
    expect(res).toEqual({ total_count: 3, total_unread_count: 3, chat_id: expect.any(Number), notifications: [], users: [] });
  });

  it('does not validate LAST_TYPE: a non-numeric LAST_TYPE is 0 and, with a non-zero LAST_ID, yields no items but the totals', async () => {
    const me = await givenPerson(sb);
    const [r1] = await seedRegular(me, 2);
    const res = await notifyGet(sb, me.hook, { LAST_ID: r1 + 50, LAST_TYPE: 'abc' });
    expect(res).toEqual({ total_count: 2, total_unread_count: 2, chat_id: expect.any(Number), notifications: [], users: [] });
  });

  it('treats LAST_ID=0 with LAST_TYPE=0 as the first page', async () => {
    const me = await givenPerson(sb);
    const [r1] = await seedRegular(me, 1);
    const c = await seedConfirm(sb, me.id);
    expect(ids((await notifyGet(sb, me.hook, { LAST_ID: 0, LAST_TYPE: 0 })).notifications)).toEqual([c, r1]);
  });

  it('treats JSON null LAST_ID and LAST_TYPE as absent (first page)', async () => {
    const me = await givenPerson(sb);
    const [r1] = await seedRegular(me, 1);
    const c = await seedConfirm(sb, me.id);
    expect(ids((await notifyGet(sb, me.hook, { LAST_ID: null, LAST_TYPE: null })).notifications)).toEqual([c, r1]);
  });

  it('accepts LAST_ID as a digit string and lower-case parameter names', async () => {
    const me = await givenPerson(sb);
    const [r1, r2] = await seedRegular(me, 2);
    expect(ids((await notifyGet(sb, me.hook, { last_id: String(r2), last_type: '3' })).notifications)).toEqual([r1]);
  });
});

describe('D.4 im.notify.get: LIMIT', () => {
  let me: Person;
  let regular: number[];
  let confirms: number[];

  beforeAll(async () => {
    me = await givenPerson(sb);
    regular = await seedRegular(me, 55);
    confirms = [await seedConfirm(sb, me.id), await seedConfirm(sb, me.id)];
  });

  it('defaults to 50 items', async () => {
    const res = await notifyGet(sb, me.hook);
    expect(res.notifications).toHaveLength(50);
    expect(res.total_count).toBe(57);
  });

  it('caps LIMIT at 50', async () => {
    expect((await notifyGet(sb, me.hook, { LIMIT: 100 })).notifications).toHaveLength(50);
  });

  it('accepts LIMIT as a numeric string', async () => {
    expect(ids((await notifyGet(sb, me.hook, { LIMIT: '3' })).notifications)).toEqual([confirms[1], confirms[0], regular[54]]);
  });

  it.each([0, -5, 'abc'])('with LIMIT %j returns all confirms and no regular ones on the first page', async (limit) => {
    const res = await notifyGet(sb, me.hook, { LIMIT: limit });
    expect(ids(res.notifications)).toEqual([confirms[1], confirms[0]]);
  });

  it('with LIMIT 0 and LAST_TYPE=3 returns all remaining regular ones (more than 50)', async () => {
    const res = await notifyGet(sb, me.hook, { LIMIT: 0, LAST_ID: regular[54] + 1000, LAST_TYPE: 3 });
    expect(ids(res.notifications)).toEqual([...regular].reverse());
  });
});

describe('D.4 im.notify.get: cursor validation', () => {
  it.each([
    ['only LAST_ID', { LAST_ID: 10 }],
    ['only LAST_TYPE', { LAST_TYPE: 3 }],
    ['LAST_ID null with LAST_TYPE', { LAST_ID: null, LAST_TYPE: 3 }],
  ])('answers LAST_ID_AND_LAST_TYPE for %s', async (_label, params) => {
    const me = await givenPerson(sb);
    await seedRegular(me, 1);
    expectError(await sb.call(me.hook, 'im.notify.get', params), 400, 'LAST_ID_AND_LAST_TYPE', 'Parameters LAST_ID and LAST_TYPE should be used together.');
  });

  it.each(['-1', 'abc', '', '1.5'])('answers LAST_ID_STRING for LAST_ID %j', async (lastId) => {
    const me = await givenPerson(sb);
    await seedRegular(me, 1);
    expectError(await sb.call(me.hook, 'im.notify.get', { LAST_ID: lastId, LAST_TYPE: 3 }), 400, 'LAST_ID_STRING', "Last notification ID can't be string");
  });

  it('validates the cursor even for a user without notifications', async () => {
    const me = await givenPerson(sb);
    expectError(await sb.call(me.hook, 'im.notify.get', { LAST_TYPE: 1 }), 400, 'LAST_ID_AND_LAST_TYPE', 'Parameters LAST_ID and LAST_TYPE should be used together.');
  });
});

describe('D.0.7 notify_buttons', () => {
  it('returns the buttons of a confirm notification as a JSON string of keyboard buttons', async () => {
    const me = await givenPerson(sb);
    const id = await seedConfirm(sb, me.id, {
      buttons: [
        { title: 'Yes', value: 'yes', type: 'accept' },
        { title: 'No', value: 'no', type: 'cancel' },
      ],
    });
    const [n] = (await notifyGet(sb, me.hook)).notifications;
    expect(n.id).toBe(id);
    expect(n.notify_type).toBe(1);
    expect(typeof n.notify_buttons).toBe('string');
    const common = { BOT_ID: 111, TYPE: 'BUTTON', COMMAND: 'notifyConfirm', VOTE: 'N', BLOCK: 'N', WAIT: 'N', CONTEXT: 'ALL', DISABLED: 'N', DISPLAY: 'LINE', BG_COLOR_TOKEN: 'base', TEXT_COLOR: '#fff' };
    expect(JSON.parse(n.notify_buttons)).toEqual([
      { ...common, COMMAND_PARAMS: `${id}|yes`, TEXT: 'Yes', BG_COLOR: '#8BC84B' },
      { ...common, COMMAND_PARAMS: `${id}|no`, TEXT: 'No', BG_COLOR: '#ef4b57' },
    ]);
    expect(Object.keys(n).sort()).toEqual([...NOTIFICATION_KEYS, 'notify_buttons'].sort());
  });

  it('gives a confirm notification without buttons the default Accept (Y) and Cancel (N) buttons', async () => {
    const me = await givenPerson(sb);
    const id = await seedConfirm(sb, me.id);
    const [n] = (await notifyGet(sb, me.hook)).notifications;
    const buttons = JSON.parse(n.notify_buttons);
    expect(buttons.map((b: any) => [b.COMMAND_PARAMS, b.TEXT, b.BG_COLOR])).toEqual([
      [`${id}|Y`, 'Accept', '#8BC84B'],
      [`${id}|N`, 'Cancel', '#ef4b57'],
    ]);
  });

  it('encodes notify_buttons with escaped slashes and unescaped unicode', async () => {
    const me = await givenPerson(sb);
    const id = await seedConfirm(sb, me.id, { buttons: [{ title: 'Ja/Nein ✓', value: 'a/b', type: 'accept' }] });
    const [n] = (await notifyGet(sb, me.hook)).notifications;
    expect(n.notify_buttons).toContain(`"COMMAND_PARAMS":"${id}|a\\/b"`);
    expect(n.notify_buttons).toContain('"TEXT":"Ja\\/Nein ✓"');
    expect(JSON.parse(n.notify_buttons)[0].TEXT).toBe('Ja/Nein ✓');
  });

  it('omits notify_buttons for personal and system notifications', async () => {
    const sender = await givenPerson(sb);
    const me = await givenPerson(sb);
    await sendPersonal(sb, sender.hook, me.id, 'p');
    await sendSystem(sb, sender.hook, me.id, 's');
    const res = await notifyGet(sb, me.hook);
    expect(res.notifications).toHaveLength(2);
    for (const n of res.notifications) expect(n).not.toHaveProperty('notify_buttons');
  });
});

describe('D.0.8 users[]', () => {
  it('lists one object per distinct non-zero author on the page, with documented keys and JSON types', async () => {
    const author = await givenPerson(sb, {
      firstName: 'Anna',
      lastName: 'Ivanova',
      workPosition: 'Developer',
      gender: 'F',
      email: 'anna@example.com',
      departments: [1, 5],
    });
    const me = await givenPerson(sb);
    await sendPersonal(sb, author.hook, me.id, 'one');
    await sendPersonal(sb, author.hook, me.id, 'two');
    await sendSystem(sb, author.hook, me.id, 'system');
    const res = await notifyGet(sb, me.hook);
    expect(res.users).toHaveLength(1);
    const u = res.users[0];
    expect(u).toMatchObject({
      id: author.id,
      active: true,
      name: 'Anna Ivanova',
      first_name: 'Anna',
      last_name: 'Ivanova',
      work_position: 'Developer',
      gender: 'F',
      extranet: false,
      network: false,
      bot: false,
      connector: false,
      external_auth_id: 'default',
      idle: false,
      mobile_last_date: false,
      desktop_last_date: false,
      departments: [1, 5],
      phones: false,
      bot_data: null,
      type: 'user',
      email: 'anna@example.com',
    });
    expect(u.color).toMatch(HEX_COLOR);
    for (const key of ['avatar', 'avatar_hr', 'birthday', 'status', 'website']) expect(typeof u[key], key).toBe('string');
    if (typeof u.last_activity_date === 'string') expect(u.last_activity_date).toMatch(ISO_DATE);
    else expect(u.last_activity_date).toBe(false);
    expect(u.absent === false || typeof u.absent === 'string').toBe(true);
  });

  it('lists authors of the returned page only', async () => {
    const a = await givenPerson(sb);
    const b = await givenPerson(sb);
    const me = await givenPerson(sb);
    await sendPersonal(sb, a.hook, me.id, 'old from a');
    const newest = await sendPersonal(sb, b.hook, me.id, 'new from b');
    const res = await notifyGet(sb, me.hook, { LIMIT: 1 });
    expect(ids(res.notifications)).toEqual([newest]);
    expect(res.users.map((u: any) => u.id)).toEqual([b.id]);
  });

  it('lists two different authors once each', async () => {
    const a = await givenPerson(sb);
    const b = await givenPerson(sb);
    const me = await givenPerson(sb);
    await sendPersonal(sb, a.hook, me.id, '1');
    await sendPersonal(sb, b.hook, me.id, '2');
    await sendPersonal(sb, a.hook, me.id, '3');
    const res = await notifyGet(sb, me.hook);
    expect(res.users.map((u: any) => u.id).sort((x: number, y: number) => x - y)).toEqual([a.id, b.id].sort((x, y) => x - y));
  });

  it('is [] when the page has only system notifications', async () => {
    const sender = await givenPerson(sb);
    const me = await givenPerson(sb);
    await sendSystem(sb, sender.hook, me.id, 'sys');
    const reply = await sb.call(me.hook, 'im.notify.get', {});
    expect(ok(reply).users).toEqual([]);
    expect(reply.text).toMatch(/"users":\[\]/);
  });

  it('does not add users named only in params.USERS', async () => {
    const listed = await givenPerson(sb);
    const me = await givenPerson(sb);
    await seed(sb, { userId: me.id, message: 'grouped', params: { USERS: [listed.id] } });
    expect((await notifyGet(sb, me.hook)).users).toEqual([]);
  });
});
