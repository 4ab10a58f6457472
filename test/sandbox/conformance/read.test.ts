// Conformance: read state (spec D.6 im.notify.read.list, D.7 im.notify.read, D.8 im.notify.read.all, D.0.5, E.8).
import { describe, it, expect } from 'vitest';
import { useSandbox } from '../../support/sandbox.js';
import {
  expectError,
  givenAppNamed,
  givenPerson,
  notifyGet,
  oauthFor,
  ok,
  readFlags,
  seed,
  seedConfirm,
  sendPersonal,
  type Person,
} from './helpers-methods.js';

const sb = useSandbox({ timeZone: '+03:00' });

/** Seeds regular (system) notifications for the user, oldest first. */
async function regular(user: Person, count: number, fields: Record<string, unknown> = {}): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(await seed(sb, { userId: user.id, message: `n${i}`, ...fields }));
  return out;
}

/** Read flags of the given ids, in the given order. */
async function flags(user: Person, list: number[]): Promise<string[]> {
  const all = await readFlags(sb, user.hook);
  return list.map((id) => all[id] ?? 'missing');
}

const counters = async (user: Person) => ok(await sb.call(user.hook, 'im.counters.get', {}));

describe('D.7 im.notify.read: marking read', () => {
  it('marks the given notification and every newer one read by default (ONLY_CURRENT absent)', async () => {
    const me = await givenPerson(sb);
    const [a, b, c] = await regular(me, 3);
    const reply = await sb.call(me.hook, 'im.notify.read', { ID: b });
    expect(ok(reply)).toBe(true);
    expect(await flags(me, [a, b, c])).toEqual(['N', 'Y', 'Y']);
    expect((await notifyGet(sb, me.hook)).total_unread_count).toBe(1);
  });

  it('marks only the given notification read with ONLY_CURRENT=Y', async () => {
    const me = await givenPerson(sb);
    const [a, b, c] = await regular(me, 3);
    expect(ok(await sb.call(me.hook, 'im.notify.read', { ID: b, ONLY_CURRENT: 'Y' }))).toBe(true);
    expect(await flags(me, [a, b, c])).toEqual(['N', 'Y', 'N']);
  });

  it.each(['y', 'N', true])('treats ONLY_CURRENT %j like absent (this and newer)', async (value) => {
    const me = await givenPerson(sb);
    const [a, b, c] = await regular(me, 3);
    ok(await sb.call(me.hook, 'im.notify.read', { ID: b, ONLY_CURRENT: value }));
    expect(await flags(me, [a, b, c])).toEqual(['N', 'Y', 'Y']);
  });

  it('includes confirm notifications when ID > 0', async () => {
    const me = await givenPerson(sb);
    const [r] = await regular(me, 1);
    const c = await seedConfirm(sb, me.id);
    ok(await sb.call(me.hook, 'im.notify.read', { ID: r }));
    expect(await flags(me, [r, c])).toEqual(['Y', 'Y']);
  });

  it.each([
    ['0', 0],
    ['an empty string', ''],
    ['a non-numeric string', 'abc'],
  ])('with ID %s marks all notifications read except confirms', async (_label, id) => {
    const me = await givenPerson(sb);
    const [a, b] = await regular(me, 2);
    const c = await seedConfirm(sb, me.id);
    expect(ok(await sb.call(me.hook, 'im.notify.read', { ID: id, ACTION: 'Y' }))).toBe(true);
    expect(await flags(me, [a, b, c])).toEqual(['Y', 'Y', 'N']);
    expect((await notifyGet(sb, me.hook)).total_unread_count).toBe(1);
  });

  it('does nothing and returns true when ID is absent', async () => {
    const me = await givenPerson(sb);
    const [a, b] = await regular(me, 2);
    expect(ok(await sb.call(me.hook, 'im.notify.read', {}))).toBe(true);
    expect(await flags(me, [a, b])).toEqual(['N', 'N']);
  });

  it('does nothing and returns true when ID is negative', async () => {
    const me = await givenPerson(sb);
    const [a, b] = await regular(me, 2);
    expect(ok(await sb.call(me.hook, 'im.notify.read', { ID: -1 }))).toBe(true);
    expect(await flags(me, [a, b])).toEqual(['N', 'N']);
  });

  it("does not touch another user's notifications", async () => {
    const me = await givenPerson(sb);
    const other = await givenPerson(sb);
    const [theirs] = await regular(other, 1);
    expect(ok(await sb.call(me.hook, 'im.notify.read', { ID: theirs, ONLY_CURRENT: 'Y' }))).toBe(true);
    expect(await flags(other, [theirs])).toEqual(['N']);
  });

  it('marks read through OAuth as well', async () => {
    const app = await givenAppNamed(sb);
    const me = await givenPerson(sb);
    const [a] = await regular(me, 1);
    expect(ok(await sb.call(await oauthFor(sb, app, me.id), 'im.notify.read', { id: a, only_current: 'Y' }))).toBe(true);
    expect(await flags(me, [a])).toEqual(['Y']);
  });
});

describe('D.7 im.notify.read: marking unread', () => {
  it('with ACTION other than "Y" marks this and every newer read notification unread', async () => {
    const me = await givenPerson(sb);
    const [a, b, c] = await regular(me, 3, { read: true });
    expect(ok(await sb.call(me.hook, 'im.notify.read', { ID: b, ACTION: 'N' }))).toBe(true);
    expect(await flags(me, [a, b, c])).toEqual(['Y', 'N', 'N']);
  });

  it('with ONLY_CURRENT=Y marks only that notification unread', async () => {
    const me = await givenPerson(sb);
    const [a, b, c] = await regular(me, 3, { read: true });
    ok(await sb.call(me.hook, 'im.notify.read', { ID: b, ACTION: 'N', ONLY_CURRENT: 'Y' }));
    expect(await flags(me, [a, b, c])).toEqual(['Y', 'N', 'Y']);
  });

  it.each(['y', 'n', true])('treats ACTION %j as unread (only exactly "Y" reads)', async (action) => {
    const me = await givenPerson(sb);
    const [a] = await regular(me, 1, { read: true });
    ok(await sb.call(me.hook, 'im.notify.read', { ID: a, ACTION: action, ONLY_CURRENT: 'Y' }));
    expect(await flags(me, [a])).toEqual(['N']);
  });

  it('also marks unread older read notifications that share the start notification tag', async () => {
    const me = await givenPerson(sb);
    const a = await seed(sb, { userId: me.id, message: 'a', tag: 'TASK|1', read: true });
    const b = await seed(sb, { userId: me.id, message: 'b', read: true });
    const c = await seed(sb, { userId: me.id, message: 'c', tag: 'TASK|1', read: true });
    const d = await seed(sb, { userId: me.id, message: 'd', tag: 'TASK|2', read: true });
    ok(await sb.call(me.hook, 'im.notify.read', { ID: c, ACTION: 'N', ONLY_CURRENT: 'Y' }));
    expect(await flags(me, [a, b, c, d])).toEqual(['N', 'Y', 'N', 'Y']);
  });

  it('does nothing with ACTION other than "Y" and ID 0', async () => {
    const me = await givenPerson(sb);
    const [a, b] = await regular(me, 2, { read: true });
    expect(ok(await sb.call(me.hook, 'im.notify.read', { ID: 0, ACTION: 'N' }))).toBe(true);
    expect(await flags(me, [a, b])).toEqual(['Y', 'Y']);
  });

  it("does nothing when the ID belongs to another user, even for the caller's newer notifications", async () => {
    const other = await givenPerson(sb);
    const me = await givenPerson(sb);
    const [theirs] = await regular(other, 1, { read: true });
    const [mine] = await regular(me, 1, { read: true });
    expect(mine).toBeGreaterThan(theirs);
    ok(await sb.call(me.hook, 'im.notify.read', { ID: theirs, ACTION: 'N' }));
    expect(await flags(me, [mine])).toEqual(['Y']);
    expect(await flags(other, [theirs])).toEqual(['Y']);
  });
});

describe('D.6 im.notify.read.list', () => {
  it('marks exactly the listed notifications read and returns true', async () => {
    const me = await givenPerson(sb);
    const [a, b, c] = await regular(me, 3);
    const reply = await sb.call(me.hook, 'im.notify.read.list', { IDS: [a, c] });
    expect(ok(reply)).toBe(true);
    expect(await flags(me, [a, b, c])).toEqual(['Y', 'N', 'Y']);
  });

  it('defaults ACTION to "Y"', async () => {
    const me = await givenPerson(sb);
    const [a] = await regular(me, 1);
    ok(await sb.call(me.hook, 'im.notify.read.list', { IDS: [a] }));
    expect(await flags(me, [a])).toEqual(['Y']);
  });

  it('reads a JSON null ACTION as not set, so the default "Y" applies (PHP isset)', async () => {
    const me = await givenPerson(sb);
    const [a, b] = await regular(me, 2);
    ok(await sb.call(me.hook, 'im.notify.read.list', { IDS: [a], ACTION: null }));
    ok(await sb.call(me.hook, 'im.notify.read', { ID: b, ACTION: null, ONLY_CURRENT: 'Y' }));
    expect(await flags(me, [a, b])).toEqual(['Y', 'Y']);
  });

  it('marks confirm notifications read too', async () => {
    const me = await givenPerson(sb);
    const c = await seedConfirm(sb, me.id);
    ok(await sb.call(me.hook, 'im.notify.read.list', { IDS: [c], ACTION: 'Y' }));
    expect(await flags(me, [c])).toEqual(['Y']);
  });

  it.each([
    ['0', 0],
    ['a negative number', -4],
    ['a non-numeric string', 'x'],
  ])('stops at the first element that is %s', async (_label, stop) => {
    const me = await givenPerson(sb);
    const [a, b, c] = await regular(me, 3);
    expect(ok(await sb.call(me.hook, 'im.notify.read.list', { IDS: [a, stop, c] }))).toBe(true);
    expect(await flags(me, [a, b, c])).toEqual(['Y', 'N', 'N']);
  });

  it('accepts IDS as a JSON object (an array in PHP terms)', async () => {
    const me = await givenPerson(sb);
    const [a, b] = await regular(me, 2);
    ok(await sb.call(me.hook, 'im.notify.read.list', { IDS: { first: b } }));
    expect(await flags(me, [a, b])).toEqual(['N', 'Y']);
  });

  it('accepts numeric strings as ids', async () => {
    const me = await givenPerson(sb);
    const [a, b] = await regular(me, 2);
    ok(await sb.call(me.hook, 'im.notify.read.list', { IDS: [String(a)] }));
    expect(await flags(me, [a, b])).toEqual(['Y', 'N']);
  });

  it.each(['N', 'y', true])('with ACTION %j marks the listed notifications unread', async (action) => {
    const me = await givenPerson(sb);
    const [a, b] = await regular(me, 2, { read: true });
    ok(await sb.call(me.hook, 'im.notify.read.list', { IDS: [a], ACTION: action }));
    expect(await flags(me, [a, b])).toEqual(['N', 'Y']);
  });

  it('when marking unread, also marks unread every read notification with the same tag', async () => {
    const me = await givenPerson(sb);
    const a = await seed(sb, { userId: me.id, message: 'a', tag: 'DEAL|9', read: true });
    const b = await seed(sb, { userId: me.id, message: 'b', read: true });
    const c = await seed(sb, { userId: me.id, message: 'c', tag: 'DEAL|9', read: true });
    const d = await seed(sb, { userId: me.id, message: 'd', tag: 'DEAL|9', read: true });
    ok(await sb.call(me.hook, 'im.notify.read.list', { IDS: [c], ACTION: 'N' }));
    expect(await flags(me, [a, b, c, d])).toEqual(['N', 'Y', 'N', 'N']);
  });

  it('does not spread unread state between notifications with empty tags', async () => {
    const me = await givenPerson(sb);
    const [a, b] = await regular(me, 2, { read: true });
    ok(await sb.call(me.hook, 'im.notify.read.list', { IDS: [a], ACTION: 'N' }));
    expect(await flags(me, [a, b])).toEqual(['N', 'Y']);
  });

  it("silently ignores other users' notifications and still returns true", async () => {
    const me = await givenPerson(sb);
    const other = await givenPerson(sb);
    const [theirs] = await regular(other, 1);
    expect(ok(await sb.call(me.hook, 'im.notify.read.list', { IDS: [theirs] }))).toBe(true);
    expect(await flags(other, [theirs])).toEqual(['N']);
  });

  it.each([
    ['absent', {}],
    ['a scalar', { IDS: 5 }],
    ['a string', { IDS: '1,2' }],
  ])('answers PARAMS_ERROR when IDS is %s', async (_label, params) => {
    const me = await givenPerson(sb);
    expectError(await sb.call(me.hook, 'im.notify.read.list', params), 400, 'PARAMS_ERROR', 'No IDS param or it is not an array');
  });
});

describe('D.8 im.notify.read.all', () => {
  it('marks everything read except confirms and reports the remaining unread count as newCounter', async () => {
    const me = await givenPerson(sb);
    const [a, b] = await regular(me, 2);
    const c1 = await seedConfirm(sb, me.id);
    const c2 = await seedConfirm(sb, me.id);
    const reply = await sb.call(me.hook, 'im.notify.read.all', {});
    expect(ok(reply)).toEqual({ result: true, newCounter: 2 });
    expect(await flags(me, [a, b, c1, c2])).toEqual(['Y', 'Y', 'N', 'N']);
    expect((await notifyGet(sb, me.hook)).total_unread_count).toBe(2);
  });

  it('answers {result: true, newCounter: 0} for a user without notifications', async () => {
    const me = await givenPerson(sb);
    expect(ok(await sb.call(me.hook, 'im.notify.read.all', {}))).toEqual({ result: true, newCounter: 0 });
  });

  it('reads no parameters', async () => {
    const me = await givenPerson(sb);
    const [a, b] = await regular(me, 2);
    expect(ok(await sb.call(me.hook, 'im.notify.read.all', { ID: b, ONLY_CURRENT: 'Y', ACTION: 'N' }))).toEqual({ result: true, newCounter: 0 });
    expect(await flags(me, [a, b])).toEqual(['Y', 'Y']);
  });

  it("leaves other users' notifications unread", async () => {
    const me = await givenPerson(sb);
    const other = await givenPerson(sb);
    await regular(me, 1);
    const [theirs] = await regular(other, 1);
    ok(await sb.call(me.hook, 'im.notify.read.all', {}));
    expect(await flags(other, [theirs])).toEqual(['N']);
  });
});

describe('D.0.5 counters', () => {
  it('keeps total_unread_count and im.counters.get TYPE.NOTIFY in step with reads', async () => {
    const sender = await givenPerson(sb);
    const me = await givenPerson(sb);
    const a = await sendPersonal(sb, sender.hook, me.id, 'a');
    await sendPersonal(sb, sender.hook, me.id, 'b');
    await sendPersonal(sb, sender.hook, me.id, 'c');
    expect((await counters(me)).TYPE.NOTIFY).toBe(3);
    ok(await sb.call(me.hook, 'im.notify.read', { ID: a, ONLY_CURRENT: 'Y' }));
    expect((await notifyGet(sb, me.hook)).total_unread_count).toBe(2);
    expect((await counters(me)).TYPE.NOTIFY).toBe(2);
    ok(await sb.call(me.hook, 'im.notify.read', { ID: a, ACTION: 'N', ONLY_CURRENT: 'Y' }));
    expect((await counters(me)).TYPE.NOTIFY).toBe(3);
  });

  it('caps total_unread_count and TYPE.NOTIFY at 100 while total_count stays exact', async () => {
    const me = await givenPerson(sb);
    await regular(me, 103);
    const res = await notifyGet(sb, me.hook);
    expect(res.total_count).toBe(103);
    expect(res.total_unread_count).toBe(100);
    expect((await counters(me)).TYPE.NOTIFY).toBe(100);
    ok(await sb.call(me.hook, 'im.notify.read.list', { IDS: res.notifications.slice(0, 10).map((n: any) => n.id) }));
    expect((await notifyGet(sb, me.hook)).total_unread_count).toBe(93);
    expect((await counters(me)).TYPE.NOTIFY).toBe(93);
  });

  it('caps newCounter of read.all at 100', async () => {
    const me = await givenPerson(sb);
    for (let i = 0; i < 101; i++) await seedConfirm(sb, me.id);
    await regular(me, 2);
    expect(ok(await sb.call(me.hook, 'im.notify.read.all', {}))).toEqual({ result: true, newCounter: 100 });
  });
});
