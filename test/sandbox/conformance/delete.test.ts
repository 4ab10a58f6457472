// Conformance: im.notify.delete (spec D.11, D.0.1, E.6, E.7, I.7).
import { describe, it, expect } from 'vitest';
import { useSandbox } from '../../support/sandbox.js';
import {
  appTag,
  expectError,
  givenAppNamed,
  givenPerson,
  ids,
  md5,
  notifications,
  notifyGet,
  oauthFor,
  ok,
  seed,
  seedConfirm,
  sendPersonal,
  sessionFor,
  sorted,
  unique,
  type Person,
} from './helpers-methods.js';

const sb = useSandbox({ timeZone: '+03:00' });

/** D.0.1: tags created by webhook-side "custom" clients: md5("custom" + CLIENT_ID). */
const customTag = (clientId: string, tag: string): string => `MP|${md5('custom' + clientId).slice(0, 5)}|${tag}`;

const note = (user: Person, fields: Record<string, unknown> = {}) => seed(sb, { userId: user.id, message: 'n', ...fields });

const remaining = async (user: Person): Promise<number[]> => sorted(ids(await notifications(sb, user.hook)));

describe('D.11 im.notify.delete by ID', () => {
  it('deletes an own notification by scalar ID and returns true', async () => {
    const me = await givenPerson(sb);
    const a = await note(me);
    const b = await note(me);
    const reply = await sb.call(me.hook, 'im.notify.delete', { ID: a });
    expect(ok(reply)).toBe(true);
    expect(await remaining(me)).toEqual([b]);
  });

  it('updates total_count and total_unread_count after deleting', async () => {
    const me = await givenPerson(sb);
    const a = await note(me);
    await note(me);
    await note(me, { read: true });
    ok(await sb.call(me.hook, 'im.notify.delete', { ID: a }));
    const res = await notifyGet(sb, me.hook);
    expect([res.total_count, res.total_unread_count]).toEqual([2, 1]);
  });

  it('deletes by an array with one element', async () => {
    const me = await givenPerson(sb);
    const a = await note(me);
    const b = await note(me);
    expect(ok(await sb.call(me.hook, 'im.notify.delete', { ID: [b] }))).toBe(true);
    expect(await remaining(me)).toEqual([a]);
  });

  it('deletes only own notifications from a list and returns true when at least one was deleted', async () => {
    const me = await givenPerson(sb);
    const other = await givenPerson(sb);
    const a = await note(me);
    const b = await note(me);
    const c = await note(me);
    const theirs = await note(other);
    expect(ok(await sb.call(me.hook, 'im.notify.delete', { ID: [a, theirs, c] }))).toBe(true);
    expect(await remaining(me)).toEqual([b]);
    expect(await remaining(other)).toEqual([theirs]);
  });

  it("returns false and deletes nothing for another user's notification", async () => {
    const me = await givenPerson(sb);
    const other = await givenPerson(sb);
    const theirs = await note(other);
    const reply = await sb.call(me.hook, 'im.notify.delete', { ID: theirs });
    expect(reply.status).toBe(200);
    expect(ok(reply)).toBe(false);
    expect(await remaining(other)).toEqual([theirs]);
  });

  it.each([
    ['a non-existent id', 987654321],
    ['0', 0],
    ['a list of foreign and missing ids', [987654321, 987654322]],
  ])('returns false for %s', async (_label, id) => {
    const me = await givenPerson(sb);
    const mine = await note(me);
    expect(ok(await sb.call(me.hook, 'im.notify.delete', { ID: id }))).toBe(false);
    expect(await remaining(me)).toEqual([mine]);
  });

  it('deletes a confirm notification by id', async () => {
    const me = await givenPerson(sb);
    const c = await seedConfirm(sb, me.id);
    expect(ok(await sb.call(me.hook, 'im.notify.delete', { ID: c }))).toBe(true);
    expect(await remaining(me)).toEqual([]);
  });

  it('takes the ID branch whenever ID is present, ignoring TAG (no ACCESS_DENIED for a webhook)', async () => {
    const me = await givenPerson(sb);
    const mine = await note(me, { tag: customTag('X', 'x') });
    expect(ok(await sb.call(me.hook, 'im.notify.delete', { ID: 0, TAG: 'x' }))).toBe(false);
    expect(ok(await sb.call(me.hook, 'im.notify.delete', { ID: 0, TAG: 'x', CLIENT_ID: 'X' }))).toBe(false);
    expect(await remaining(me)).toEqual([mine]);
  });

  it('allows the ID branch with session auth (lower-case "id" list, as the vendor UI sends it)', async () => {
    const me = await givenPerson(sb);
    const a = await note(me);
    const b = await note(me);
    const session = await sessionFor(sb, me.id);
    expect(ok(await sb.call(session, 'im.notify.delete', { id: [a] }))).toBe(true);
    expect(await remaining(me)).toEqual([b]);
  });

  it('allows the ID branch with OAuth', async () => {
    const app = await givenAppNamed(sb);
    const me = await givenPerson(sb);
    const a = await note(me);
    expect(ok(await sb.call(await oauthFor(sb, app, me.id), 'im.notify.delete', { ID: a }))).toBe(true);
    expect(await remaining(me)).toEqual([]);
  });
});

describe('D.11 im.notify.delete without ID: auth-type branches', () => {
  it.each([
    ['TAG', { TAG: 'x' }],
    ['TAG and CLIENT_ID', { TAG: 'x', CLIENT_ID: 'MYBOT' }],
    ['nothing', {}],
  ])('answers PARAMS_ERROR for session auth with %s', async (_label, params) => {
    const me = await givenPerson(sb);
    const session = await sessionFor(sb, me.id);
    expectError(await sb.call(session, 'im.notify.delete', params), 400, 'PARAMS_ERROR', 'Incorrect params');
  });

  it.each([
    ['TAG only', { TAG: 'x' }],
    ['SUB_TAG only', { SUB_TAG: 'y' }],
    ['nothing at all', {}],
    ['an empty CLIENT_ID', { TAG: 'x', CLIENT_ID: '' }],
  ])('answers ACCESS_DENIED for a webhook call with %s', async (_label, params) => {
    const me = await givenPerson(sb);
    expectError(await sb.call(me.hook, 'im.notify.delete', params), 403, 'ACCESS_DENIED', 'Access denied! Client ID not specified');
  });

  it.each([
    ['neither TAG nor SUB_TAG', { CLIENT_ID: 'MYBOT' }],
    ['TAG "0" (PHP-empty)', { CLIENT_ID: 'MYBOT', TAG: '0' }],
    ['empty TAG and SUB_TAG', { CLIENT_ID: 'MYBOT', TAG: '', SUB_TAG: '' }],
  ])('answers PARAMS_ERROR for a webhook call with CLIENT_ID and %s', async (_label, params) => {
    const me = await givenPerson(sb);
    expectError(await sb.call(me.hook, 'im.notify.delete', params), 400, 'PARAMS_ERROR', 'Incorrect params');
  });

  it('answers PARAMS_ERROR for an OAuth call with neither TAG nor SUB_TAG', async () => {
    const app = await givenAppNamed(sb);
    const me = await givenPerson(sb);
    expectError(await sb.call(await oauthFor(sb, app, me.id), 'im.notify.delete', {}), 400, 'PARAMS_ERROR', 'Incorrect params');
  });
});

describe('D.11 im.notify.delete by TAG / SUB_TAG via webhook CLIENT_ID', () => {
  it('uses md5("custom" + CLIENT_ID) as the key (MYBOT → 07373)', () => {
    expect(customTag('MYBOT', 'x')).toBe('MP|07373|x');
  });

  it('deletes every notification in the portal with tag MP|md5("custom"+CLIENT_ID)|TAG and returns true', async () => {
    const me = await givenPerson(sb);
    const r1 = await givenPerson(sb);
    const r2 = await givenPerson(sb);
    const client = unique('BOT');
    await note(r1, { tag: customTag(client, 'x') });
    await note(r2, { tag: customTag(client, 'x') });
    const keepOtherTag = await note(r1, { tag: customTag(client, 'y') });
    const keepOtherClient = await note(r2, { tag: customTag(client + 'Z', 'x') });
    const keepRawTag = await note(r2, { tag: 'x' });
    expect(ok(await sb.call(me.hook, 'im.notify.delete', { TAG: 'x', CLIENT_ID: client }))).toBe(true);
    expect(await remaining(r1)).toEqual([keepOtherTag]);
    expect(await remaining(r2)).toEqual(sorted([keepOtherClient, keepRawTag]));
  });

  it('returns true for TAG even when nothing matched', async () => {
    const me = await givenPerson(sb);
    expect(ok(await sb.call(me.hook, 'im.notify.delete', { TAG: unique('none'), CLIENT_ID: 'MYBOT' }))).toBe(true);
  });

  it('deletes by SUB_TAG portal-wide and returns true when something matched', async () => {
    const me = await givenPerson(sb);
    const r1 = await givenPerson(sb);
    const r2 = await givenPerson(sb);
    const client = unique('BOT');
    await note(r1, { subTag: customTag(client, 'y') });
    await note(r2, { subTag: customTag(client, 'y') });
    const keep = await note(r2, { tag: customTag(client, 'y') });
    expect(ok(await sb.call(me.hook, 'im.notify.delete', { SUB_TAG: 'y', CLIENT_ID: client }))).toBe(true);
    expect(await remaining(r1)).toEqual([]);
    expect(await remaining(r2)).toEqual([keep]);
  });

  it('returns false for SUB_TAG when nothing matched', async () => {
    const me = await givenPerson(sb);
    const reply = await sb.call(me.hook, 'im.notify.delete', { SUB_TAG: unique('none'), CLIENT_ID: 'MYBOT' });
    expect(reply.status).toBe(200);
    expect(ok(reply)).toBe(false);
  });

  it('prefers TAG over SUB_TAG when both are given', async () => {
    const me = await givenPerson(sb);
    const r = await givenPerson(sb);
    const client = unique('BOT');
    const bySub = await note(r, { subTag: customTag(client, 'sub') });
    expect(ok(await sb.call(me.hook, 'im.notify.delete', { TAG: 'nomatch', SUB_TAG: 'sub', CLIENT_ID: client }))).toBe(true);
    expect(await remaining(r)).toEqual([bySub]);
  });

  it('never matches notifications sent through a webhook, whose tags were dropped', async () => {
    const me = await givenPerson(sb);
    const r = await givenPerson(sb);
    const sent = await sendPersonal(sb, me.hook, r.id, 'tag dropped', { TAG: 'x', CLIENT_ID: 'MYBOT' });
    ok(await sb.call(me.hook, 'im.notify.delete', { TAG: 'x', CLIENT_ID: 'MYBOT' }));
    expect(await remaining(r)).toEqual([sent]);
  });
});

describe('D.11 im.notify.delete by TAG / SUB_TAG via OAuth', () => {
  it("deletes the app's tagged notifications for all recipients and senders, and only that app's", async () => {
    const app = await givenAppNamed(sb, 'Deleter');
    const other = await givenAppNamed(sb, 'Other');
    const alice = await givenPerson(sb);
    const bob = await givenPerson(sb);
    const r1 = await givenPerson(sb);
    const r2 = await givenPerson(sb);
    const aliceAuth = await oauthFor(sb, app, alice.id);
    await sendPersonal(sb, aliceAuth, r1.id, 'from alice', { TAG: 'x' });
    await sendPersonal(sb, await oauthFor(sb, app, bob.id), r2.id, 'from bob', { TAG: 'x' });
    const keepOtherApp = await sendPersonal(sb, await oauthFor(sb, other, alice.id), r1.id, 'other app', { TAG: 'x' });
    const keepOtherTag = await sendPersonal(sb, aliceAuth, r2.id, 'other tag', { TAG: 'xx' });
    expect(ok(await sb.call(aliceAuth, 'im.notify.delete', { TAG: 'x' }))).toBe(true);
    expect(await remaining(r1)).toEqual([keepOtherApp]);
    expect(await remaining(r2)).toEqual([keepOtherTag]);
    const res = await notifyGet(sb, r2.hook);
    expect([res.total_count, res.total_unread_count]).toEqual([1, 1]);
  });

  it('uses the application client id and ignores CLIENT_ID', async () => {
    const app = await givenAppNamed(sb);
    const me = await givenPerson(sb);
    const r = await givenPerson(sb);
    const byApp = await note(r, { tag: appTag(app.clientId, 'x') });
    const byCustom = await note(r, { tag: customTag('MYBOT', 'x') });
    expect(ok(await sb.call(await oauthFor(sb, app, me.id), 'im.notify.delete', { TAG: 'x', CLIENT_ID: 'MYBOT' }))).toBe(true);
    expect(await remaining(r)).toEqual([byCustom]);
    expect(byApp).toBeGreaterThan(0);
  });

  it('returns true for TAG when nothing matched', async () => {
    const app = await givenAppNamed(sb);
    const me = await givenPerson(sb);
    expect(ok(await sb.call(await oauthFor(sb, app, me.id), 'im.notify.delete', { TAG: unique('none') }))).toBe(true);
  });

  it('deletes by SUB_TAG (true) and returns false when nothing matched', async () => {
    const app = await givenAppNamed(sb);
    const me = await givenPerson(sb);
    const r = await givenPerson(sb);
    const auth = await oauthFor(sb, app, me.id);
    await sendPersonal(sb, auth, r.id, 'subbed', { SUB_TAG: 'line' });
    const keep = await sendPersonal(sb, auth, r.id, 'plain');
    expect(ok(await sb.call(auth, 'im.notify.delete', { SUB_TAG: 'line' }))).toBe(true);
    expect(await remaining(r)).toEqual([keep]);
    expect(ok(await sb.call(auth, 'im.notify.delete', { SUB_TAG: 'line' }))).toBe(false);
  });
});
