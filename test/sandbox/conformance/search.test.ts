// Conformance: im.notify.history.search (spec D.12, E.2, E.6, E.13, I.6).
import { describe, it, expect, beforeAll } from 'vitest';
import { useSandbox } from '../../support/sandbox.js';
import { expectError, givenPerson, ids, ISO_DATE, ok, seed, seedConfirm, sendPersonal, type Person } from './helpers-methods.js';

const sb = useSandbox({ timeZone: '+03:00' });

const search = (user: Person, params: Record<string, unknown>) => sb.call(user.hook, 'im.notify.history.search', params);
const found = async (user: Person, params: Record<string, unknown>): Promise<number[]> => ids(ok(await search(user, params)).notifications);
const note = (user: Person, fields: Record<string, unknown> = {}) => seed(sb, { userId: user.id, message: 'note', ...fields });

const TEXT_ERROR = ['SEARCH_TEXT_ERROR', "SEARCH_TEXT can't be less then 3 symbols"] as const;

describe('D.12 validation and early exits', () => {
  it.each([
    ['no parameters at all', {}],
    ['a two-letter SEARCH_TEXT', { SEARCH_TEXT: 'hi' }],
    ['a SEARCH_TEXT that is short after trimming', { SEARCH_TEXT: '  ab  ' }],
    ['only GROUP_TAG', { GROUP_TAG: 'confirm' }],
    ['only LIMIT and CONVERT_TEXT', { LIMIT: 5, CONVERT_TEXT: 'Y' }],
    ['empty SEARCH_AUTHORS and SEARCH_TYPES', { SEARCH_AUTHORS: [], SEARCH_TYPES: [] }],
  ])('answers SEARCH_TEXT_ERROR for %s', async (_label, params) => {
    const me = await givenPerson(sb);
    await note(me);
    expectError(await search(me, params), 400, ...TEXT_ERROR);
  });

  it('checks SEARCH_TEXT before LAST_ID', async () => {
    const me = await givenPerson(sb);
    expectError(await search(me, { LAST_ID: 'abc' }), 400, ...TEXT_ERROR);
  });

  it.each(['abc', '-1', ''])('answers LAST_ID_STRING for LAST_ID %j when a criterion is given', async (lastId) => {
    const me = await givenPerson(sb);
    await note(me);
    expectError(await search(me, { SEARCH_TYPE: 'rest', LAST_ID: lastId }), 400, 'LAST_ID_STRING', "Last notification ID can't be string");
  });

  it('checks LAST_ID before looking for the notification chat', async () => {
    const me = await givenPerson(sb);
    expectError(await search(me, { SEARCH_TEXT: 'hello', LAST_ID: 'x1' }), 400, 'LAST_ID_STRING', "Last notification ID can't be string");
  });

  it('answers an empty JSON array for a user without any notifications', async () => {
    const me = await givenPerson(sb);
    const reply = await search(me, { SEARCH_TEXT: 'hello' });
    expect(ok(reply)).toEqual([]);
    expect(reply.text).toMatch(/"result":\[\]/);
  });

  it.each([
    ['only SEARCH_DATE_FROM', { SEARCH_DATE_FROM: '2025-10-09T00:00:00+03:00' }],
    ['only SEARCH_DATE_TO', { SEARCH_DATE_TO: '2025-10-09T00:00:00+03:00' }],
    ['SEARCH_AUTHORS with only invalid items', { SEARCH_AUTHORS: ['abc', -1] }],
    ['a non-array SEARCH_AUTHORS', { SEARCH_AUTHORS: 5 }],
    ['a SEARCH_TEXT without word characters', { SEARCH_TEXT: '!!! ???' }],
  ])('answers [] when no effective criterion remains: %s', async (_label, params) => {
    const me = await givenPerson(sb);
    await note(me, { message: '!!! ??? note' });
    const reply = await search(me, params);
    expect(ok(reply)).toEqual([]);
    expect(reply.text).toMatch(/"result":\[\]/);
  });

  it.each(['yesterday', '01.01.2024', 'not a date at all'])('answers ERROR_CORE "Incorrect date/time: <value>" for SEARCH_DATE %j', async (value) => {
    const me = await givenPerson(sb);
    await note(me);
    expectError(await search(me, { SEARCH_DATE: value }), 400, 'ERROR_CORE', `Incorrect date/time: ${value}`);
  });

  it('answers ERROR_CORE for an unparsable SEARCH_DATE_FROM when SEARCH_DATE_TO is valid', async () => {
    const me = await givenPerson(sb);
    await note(me);
    expectError(
      await search(me, { SEARCH_DATE_FROM: 'garbage', SEARCH_DATE_TO: '2025-10-09T00:00:00+03:00' }),
      400,
      'ERROR_CORE',
      'Incorrect date/time: garbage',
    );
  });

  it('does not parse dates for a user without notifications (empty result comes first)', async () => {
    const me = await givenPerson(sb);
    expect(ok(await search(me, { SEARCH_DATE: 'yesterday' }))).toEqual([]);
  });
});

describe('D.12 result shape', () => {
  it('returns chat_id, notifications, users and total_results with D.0.6 objects', async () => {
    const author = await givenPerson(sb);
    const me = await givenPerson(sb);
    const id = await sendPersonal(sb, author.hook, me.id, 'searchable message');
    const res = ok(await search(me, { SEARCH_TEXT: 'searchable' }));
    expect(Object.keys(res).sort()).toEqual(['chat_id', 'notifications', 'total_results', 'users']);
    expect(Number.isInteger(res.chat_id)).toBe(true);
    expect(res.total_results).toBe(1);
    expect(res.notifications).toEqual([
      {
        id,
        chat_id: res.chat_id,
        author_id: author.id,
        date: expect.stringMatching(ISO_DATE),
        notify_type: 2,
        notify_module: 'rest',
        notify_event: 'rest_notify',
        notify_tag: '',
        notify_sub_tag: '',
        notify_title: '',
        setting_name: 'rest|rest_notify',
        text: 'searchable message',
        params: null,
        notify_read: 'N',
      },
    ]);
    expect(res.users.map((u: any) => u.id)).toEqual([author.id]);
  });

  it('returns empty notifications and users as [] with total_results 0 when nothing matches', async () => {
    const me = await givenPerson(sb);
    await note(me, { message: 'alpha' });
    const reply = await search(me, { SEARCH_TEXT: 'omega' });
    expect(ok(reply)).toEqual({ chat_id: expect.any(Number), notifications: [], users: [], total_results: 0 });
    expect(reply.text).toMatch(/"notifications":\[\]/);
  });

  it('counts all matches in total_results regardless of LIMIT', async () => {
    const me = await givenPerson(sb);
    for (let i = 0; i < 4; i++) await note(me, { message: `match ${i}` });
    const res = ok(await search(me, { SEARCH_TEXT: 'match', LIMIT: 2 }));
    expect(res.notifications).toHaveLength(2);
    expect(res.total_results).toBe(4);
  });

  it('omits total_results when LAST_ID is given and positive, keeps it for LAST_ID 0', async () => {
    const me = await givenPerson(sb);
    const a = await note(me, { message: 'match a' });
    const b = await note(me, { message: 'match b' });
    const paged = ok(await search(me, { SEARCH_TEXT: 'match', LAST_ID: b }));
    expect(ids(paged.notifications)).toEqual([a]);
    expect(paged).not.toHaveProperty('total_results');
    const first = ok(await search(me, { SEARCH_TEXT: 'match', LAST_ID: 0 }));
    expect(first.total_results).toBe(2);
  });

  it('mixes confirm and regular notifications in date order (no confirm-first stage)', async () => {
    const me = await givenPerson(sb);
    const c = await seedConfirm(sb, me.id, { message: 'mixed confirm', date: '2025-01-01T10:00:00+03:00' });
    const r = await note(me, { message: 'mixed regular', date: '2025-02-01T10:00:00+03:00' });
    expect(await found(me, { SEARCH_TEXT: 'mixed' })).toEqual([r, c]);
  });

  it('orders by date descending, then id descending', async () => {
    const me = await givenPerson(sb);
    const a = await note(me, { message: 'order a', date: '2025-05-02T10:00:00+03:00' });
    const b = await note(me, { message: 'order b', date: '2025-05-01T10:00:00+03:00' });
    const c = await note(me, { message: 'order c', date: '2025-05-03T10:00:00+03:00' });
    const d = await note(me, { message: 'order d', date: '2025-05-03T10:00:00+03:00' });
    expect(await found(me, { SEARCH_TEXT: 'order' })).toEqual([d, c, a, b]);
  });

  it("searches only the current user's notifications", async () => {
    const me = await givenPerson(sb);
    const other = await givenPerson(sb);
    const mine = await note(me, { message: 'shared word' });
    await note(other, { message: 'shared word' });
    expect(await found(me, { SEARCH_TEXT: 'shared' })).toEqual([mine]);
  });

  it('does not mark anything read', async () => {
    const me = await givenPerson(sb);
    await note(me, { message: 'unread thing' });
    ok(await search(me, { SEARCH_TEXT: 'unread' }));
    expect(ok(await search(me, { SEARCH_TEXT: 'unread' })).notifications[0].notify_read).toBe('N');
  });
});

describe('D.12 LIMIT and LAST_ID', () => {
  let me: Person;
  let all: number[];

  beforeAll(async () => {
    me = await givenPerson(sb);
    all = [];
    for (let i = 0; i < 55; i++) all.push(await note(me, { message: `bulk ${i}` }));
  });

  it('returns at most 50 by default', async () => {
    const res = ok(await search(me, { SEARCH_TEXT: 'bulk' }));
    expect(ids(res.notifications)).toEqual([...all].reverse().slice(0, 50));
    expect(res.total_results).toBe(55);
  });

  it('caps LIMIT at 50', async () => {
    expect(await found(me, { SEARCH_TEXT: 'bulk', LIMIT: 80 })).toHaveLength(50);
  });

  it.each([0, -1])('returns everything for LIMIT %j', async (limit) => {
    expect(await found(me, { SEARCH_TEXT: 'bulk', LIMIT: limit })).toEqual([...all].reverse());
  });

  it('continues below LAST_ID', async () => {
    expect(await found(me, { SEARCH_TEXT: 'bulk', LIMIT: 3, LAST_ID: all[10] })).toEqual([all[9], all[8], all[7]]);
  });
});

describe('D.12 SEARCH_TEXT', () => {
  it('requires every word to occur, case-insensitively, as a substring', async () => {
    const me = await givenPerson(sb);
    const a = await note(me, { message: 'Deal WON today' });
    const b = await note(me, { message: 'deal lost' });
    const c = await note(me, { message: 'Won the lottery' });
    expect(await found(me, { SEARCH_TEXT: 'deal won' })).toEqual([a]);
    expect(await found(me, { SEARCH_TEXT: 'DEAL' })).toEqual([b, a]);
    expect(await found(me, { SEARCH_TEXT: 'won' })).toEqual([c, a]);
    expect(await found(me, { SEARCH_TEXT: 'ott' })).toEqual([c]);
  });

  it('ignores punctuation between words', async () => {
    const me = await givenPerson(sb);
    const a = await note(me, { message: 'invoice 42 paid' });
    await note(me, { message: 'invoice 43 open' });
    expect(await found(me, { SEARCH_TEXT: 'invoice, paid!' })).toEqual([a]);
  });

  it('applies a short SEARCH_TEXT as a filter when another criterion is given', async () => {
    const me = await givenPerson(sb);
    const a = await note(me, { message: 'hi there' });
    await note(me, { message: 'hello' });
    expect(await found(me, { SEARCH_TEXT: 'hi', SEARCH_TYPE: 'rest' })).toEqual([a]);
  });
});

describe('D.12 SEARCH_TYPE and SEARCH_TYPES', () => {
  let me: Person;
  let restN: number;
  let taskUpdate: number;
  let taskComment: number;
  let imMessage: number;

  beforeAll(async () => {
    me = await givenPerson(sb);
    restN = await note(me, { module: 'rest', event: 'rest_notify' });
    taskUpdate = await note(me, { module: 'tasks', event: 'task_update' });
    taskComment = await note(me, { module: 'tasks', event: 'task_comment' });
    imMessage = await note(me, { module: 'im', event: 'message' });
  });

  it('filters by module with SEARCH_TYPE "MODULE"', async () => {
    expect(await found(me, { SEARCH_TYPE: 'tasks' })).toEqual([taskComment, taskUpdate]);
  });

  it('filters by module and event with SEARCH_TYPE "MODULE|EVENT"', async () => {
    expect(await found(me, { SEARCH_TYPE: 'tasks|task_update' })).toEqual([taskUpdate]);
  });

  it('treats a single SEARCH_TYPES item like SEARCH_TYPE, including MODULE|EVENT', async () => {
    expect(await found(me, { SEARCH_TYPES: ['tasks|task_comment'] })).toEqual([taskComment]);
  });

  it('filters several SEARCH_TYPES items as "module IN (items)"', async () => {
    expect(await found(me, { SEARCH_TYPES: ['tasks', 'im'] })).toEqual([imMessage, taskComment, taskUpdate]);
  });

  it('never matches MODULE|EVENT items when several SEARCH_TYPES are given', async () => {
    expect(await found(me, { SEARCH_TYPES: ['tasks|task_update', 'rest'] })).toEqual([restN]);
  });

  it('ignores SEARCH_TYPE when SEARCH_TYPES yields at least one value', async () => {
    expect(await found(me, { SEARCH_TYPE: 'rest', SEARCH_TYPES: ['im'] })).toEqual([imMessage]);
  });

  it('drops non-string and empty SEARCH_TYPES items', async () => {
    expect(await found(me, { SEARCH_TYPES: ['', 5, 'tasks|task_update'] })).toEqual([taskUpdate]);
  });

  it('falls back to SEARCH_TYPE when every SEARCH_TYPES item is dropped', async () => {
    expect(await found(me, { SEARCH_TYPE: 'im', SEARCH_TYPES: ['', 7] })).toEqual([imMessage]);
  });
});

describe('D.12 SEARCH_AUTHORS', () => {
  it('filters by author ids, with 0 meaning system notifications, dropping invalid items', async () => {
    const a = await givenPerson(sb);
    const b = await givenPerson(sb);
    const me = await givenPerson(sb);
    const fromA = await sendPersonal(sb, a.hook, me.id, 'from a');
    const fromB = await sendPersonal(sb, b.hook, me.id, 'from b');
    const sys = await note(me, { message: 'system' });
    expect(await found(me, { SEARCH_AUTHORS: [a.id] })).toEqual([fromA]);
    expect(await found(me, { SEARCH_AUTHORS: [0] })).toEqual([sys]);
    expect(await found(me, { SEARCH_AUTHORS: ['x', String(b.id), -3, 0] })).toEqual([sys, fromB]);
  });

  it('lists the authors of the returned notifications in users[]', async () => {
    const a = await givenPerson(sb);
    const b = await givenPerson(sb);
    const me = await givenPerson(sb);
    await sendPersonal(sb, a.hook, me.id, 'from a');
    await sendPersonal(sb, b.hook, me.id, 'from b');
    const res = ok(await search(me, { SEARCH_AUTHORS: [b.id] }));
    expect(res.users.map((u: any) => u.id)).toEqual([b.id]);
  });
});

describe('D.12 dates', () => {
  let me: Person;
  let early: number; // 2025-03-10T02:00+03:00 = 2025-03-09T23:00Z
  let noon10: number; // 2025-03-10T12:00+03:00
  let midnight11: number; // 2025-03-11T00:00+03:00
  let late11: number; // 2025-03-11T09:00+03:00
  let noon12: number; // 2025-03-12T12:00+03:00

  beforeAll(async () => {
    me = await givenPerson(sb);
    early = await note(me, { date: '2025-03-10T02:00:00+03:00' });
    noon10 = await note(me, { date: '2025-03-10T12:00:00+03:00' });
    midnight11 = await note(me, { date: '2025-03-11T00:00:00+03:00' });
    late11 = await note(me, { date: '2025-03-11T09:00:00+03:00' });
    noon12 = await note(me, { date: '2025-03-12T12:00:00+03:00' });
  });

  it('SEARCH_DATE selects [date, date + 1 day] inclusive of both ends', async () => {
    expect(await found(me, { SEARCH_DATE: '2025-03-10T00:00:00+03:00' })).toEqual([midnight11, noon10, early]);
  });

  it('SEARCH_DATE honours the given offset', async () => {
    expect(await found(me, { SEARCH_DATE: '2025-03-10T12:00:00+03:00' })).toEqual([late11, midnight11, noon10]);
  });

  it('reads a date-only SEARCH_DATE as midnight UTC', async () => {
    expect(await found(me, { SEARCH_DATE: '2025-03-10' })).toEqual([midnight11, noon10]);
  });

  it('SEARCH_DATE_FROM and SEARCH_DATE_TO select [from, to + 1 day]', async () => {
    expect(await found(me, { SEARCH_DATE_FROM: '2025-03-10T12:00:00+03:00', SEARCH_DATE_TO: '2025-03-10T09:00:00+03:00' })).toEqual([
      late11,
      midnight11,
      noon10,
    ]);
  });

  it('lets SEARCH_DATE_FROM/TO take precedence over SEARCH_DATE', async () => {
    expect(
      await found(me, {
        SEARCH_DATE: '2025-03-10T00:00:00+03:00',
        SEARCH_DATE_FROM: '2025-03-12T00:00:00+03:00',
        SEARCH_DATE_TO: '2025-03-12T00:00:00+03:00',
      }),
    ).toEqual([noon12]);
  });

  it('uses SEARCH_DATE when only one of FROM/TO is given', async () => {
    expect(await found(me, { SEARCH_DATE: '2025-03-12T00:00:00+03:00', SEARCH_DATE_FROM: '2025-03-10T00:00:00+03:00' })).toEqual([noon12]);
  });
});

describe('D.12 combining criteria and GROUP_TAG', () => {
  it('AND-s all criteria', async () => {
    const a = await givenPerson(sb);
    const me = await givenPerson(sb);
    const hit = await sendPersonal(sb, a.hook, me.id, 'quarterly report');
    await sendPersonal(sb, a.hook, me.id, 'weekly summary');
    await note(me, { message: 'quarterly report' });
    await note(me, { message: 'quarterly report', module: 'tasks', authorId: a.id, type: 'personal' });
    expect(await found(me, { SEARCH_TEXT: 'quarterly', SEARCH_AUTHORS: [a.id], SEARCH_TYPE: 'rest' })).toEqual([hit]);
  });

  it('GROUP_TAG "confirm" keeps only confirm notifications', async () => {
    const me = await givenPerson(sb);
    const c = await seedConfirm(sb, me.id, { module: 'im' });
    await note(me, { module: 'im' });
    expect(await found(me, { SEARCH_TYPE: 'im', GROUP_TAG: 'confirm' })).toEqual([c]);
  });

  it('GROUP_TAG "mention" keeps events mention and mention_comment of any module', async () => {
    const me = await givenPerson(sb);
    const m1 = await note(me, { module: 'im', event: 'mention', message: 'ping one' });
    const m2 = await note(me, { module: 'blog', event: 'mention_comment', message: 'ping two' });
    await note(me, { module: 'im', event: 'message', message: 'ping three' });
    expect(await found(me, { SEARCH_TEXT: 'ping', GROUP_TAG: 'mention' })).toEqual([m2, m1]);
  });

  it('GROUP_TAG "admin" keeps the administrative module/event pairs', async () => {
    const me = await givenPerson(sb);
    const keep = [
      await note(me, { module: 'blog', event: 'log_notify_all_request', message: 'adm 1' }),
      await note(me, { module: 'imbot', event: 'refresh_error', message: 'adm 2' }),
      await note(me, { module: 'intranet', event: 'refresh_error', message: 'adm 3' }),
      await note(me, { module: 'voximplant', event: 'notifications', message: 'adm 4' }),
      await note(me, { module: 'voximplant', event: 'status_notifications', message: 'adm 5' }),
      await note(me, { module: 'anything', event: 'admin_notification', message: 'adm 6' }),
    ];
    await note(me, { module: 'blog', event: 'refresh_error', message: 'adm 7' });
    await note(me, { module: 'rest', event: 'rest_notify', message: 'adm 8' });
    expect(await found(me, { SEARCH_TEXT: 'adm', GROUP_TAG: 'admin' })).toEqual([...keep].reverse());
  });

  it('ignores an unknown GROUP_TAG', async () => {
    const me = await givenPerson(sb);
    const a = await note(me, { message: 'grp one' });
    const c = await seedConfirm(sb, me.id, { message: 'grp two' });
    expect(await found(me, { SEARCH_TEXT: 'grp', GROUP_TAG: 'whatever' })).toEqual([c, a]);
  });
});
