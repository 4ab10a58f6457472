// Conformance: im.notify.answer (spec D.9) and im.notify.confirm (spec D.10), E.3, E.6, E.13.
import { describe, it, expect } from 'vitest';
import { useSandbox } from '../../support/sandbox.js';
import {
  expectError,
  givenAppNamed,
  givenPerson,
  ids,
  notifications,
  notifyGet,
  oauthFor,
  ok,
  seed,
  seedConfirm,
  sendPersonal,
  sessionFor,
} from './helpers-methods.js';

const sb = useSandbox({ timeZone: '+03:00' });

const DEFAULT_ANSWER = 'Your reply has been sent.';
const ID_ERROR = ['ID_ERROR', "Notification ID can't be empty"] as const;

describe('D.9 im.notify.answer: validation', () => {
  it.each([
    ['missing', {}],
    ['0', { NOTIFY_ID: 0 }],
    ['negative', { NOTIFY_ID: -2 }],
    ['a non-numeric string', { NOTIFY_ID: 'abc' }],
  ])('answers ID_ERROR when NOTIFY_ID is %s, before checking ANSWER_TEXT', async (_label, params) => {
    const me = await givenPerson(sb);
    expectError(await sb.call(me.hook, 'im.notify.answer', params), 400, ...ID_ERROR);
  });

  it('lets ID override NOTIFY_ID (ID 0 → ID_ERROR)', async () => {
    const me = await givenPerson(sb);
    const n = await seed(sb, { userId: me.id, message: 'q', params: { CAN_ANSWER: 'Y' } });
    expectError(await sb.call(me.hook, 'im.notify.answer', { NOTIFY_ID: n, ID: 0, ANSWER_TEXT: 'hi' }), 400, ...ID_ERROR);
  });

  it.each([
    ['missing', {}],
    ['empty', { ANSWER_TEXT: '' }],
    ['"0"', { ANSWER_TEXT: '0' }],
  ])('answers ANSWER_TEXT_ERROR when ANSWER_TEXT is %s', async (_label, params) => {
    const me = await givenPerson(sb);
    const n = await seed(sb, { userId: me.id, message: 'q', params: { CAN_ANSWER: 'Y' } });
    expectError(await sb.call(me.hook, 'im.notify.answer', { NOTIFY_ID: n, ...params }), 400, 'ANSWER_TEXT_ERROR', "ANSWER_TEXT can't be empty");
  });
});

describe('D.9 im.notify.answer: behaviour', () => {
  it('answers with the default text for an answerable notification and changes no state', async () => {
    const author = await givenPerson(sb);
    const me = await givenPerson(sb);
    const n = await seed(sb, { userId: me.id, authorId: author.id, type: 'personal', message: 'Question?', params: { CAN_ANSWER: 'Y' } });
    const reply = await sb.call(me.hook, 'im.notify.answer', { NOTIFY_ID: n, ANSWER_TEXT: 'Sure' });
    expect(ok(reply)).toEqual({ result_message: [DEFAULT_ANSWER] });
    const res = await notifyGet(sb, me.hook);
    expect(res.notifications.map((x: any) => [x.id, x.notify_read])).toEqual([[n, 'N']]);
    expect([res.total_count, res.total_unread_count]).toEqual([1, 1]);
  });

  it('does not check CAN_ANSWER: a REST-created notification can be answered', async () => {
    const author = await givenPerson(sb);
    const me = await givenPerson(sb);
    const n = await sendPersonal(sb, author.hook, me.id, 'not answerable');
    expect(ok(await sb.call(me.hook, 'im.notify.answer', { NOTIFY_ID: n, ANSWER_TEXT: 'reply' }))).toEqual({ result_message: [DEFAULT_ANSWER] });
    expect(ids(await notifications(sb, me.hook))).toEqual([n]);
  });

  it('accepts ID as an alias and lower-case parameter names', async () => {
    const me = await givenPerson(sb);
    const n = await seed(sb, { userId: me.id, message: 'q', params: { CAN_ANSWER: 'Y' } });
    expect(ok(await sb.call(me.hook, 'im.notify.answer', { notify_id: 0, id: n, answer_text: 'ok' }))).toEqual({ result_message: [DEFAULT_ANSWER] });
  });

  it('answers a confirm notification too (any type)', async () => {
    const me = await givenPerson(sb);
    const c = await seedConfirm(sb, me.id);
    expect(ok(await sb.call(me.hook, 'im.notify.answer', { NOTIFY_ID: c, ANSWER_TEXT: 'text' }))).toEqual({ result_message: [DEFAULT_ANSWER] });
    expect(ids(await notifications(sb, me.hook))).toEqual([c]);
  });

  it("returns result_message false for another user's notification", async () => {
    const me = await givenPerson(sb);
    const other = await givenPerson(sb);
    const theirs = await seed(sb, { userId: other.id, message: 'q', params: { CAN_ANSWER: 'Y' } });
    const reply = await sb.call(me.hook, 'im.notify.answer', { NOTIFY_ID: theirs, ANSWER_TEXT: 'hi' });
    expect(reply.status).toBe(200);
    expect(ok(reply)).toEqual({ result_message: false });
  });

  it('returns result_message false for a non-existent notification', async () => {
    const me = await givenPerson(sb);
    await seed(sb, { userId: me.id, message: 'q' });
    expect(ok(await sb.call(me.hook, 'im.notify.answer', { NOTIFY_ID: 987654321, ANSWER_TEXT: 'hi' }))).toEqual({ result_message: false });
  });

  it('returns result_message false for a whitespace-only text', async () => {
    const me = await givenPerson(sb);
    const n = await seed(sb, { userId: me.id, message: 'q', params: { CAN_ANSWER: 'Y' } });
    expect(ok(await sb.call(me.hook, 'im.notify.answer', { NOTIFY_ID: n, ANSWER_TEXT: '   ' }))).toEqual({ result_message: false });
  });

  it('works with OAuth and session auth', async () => {
    const app = await givenAppNamed(sb);
    const me = await givenPerson(sb);
    const n = await seed(sb, { userId: me.id, message: 'q', params: { CAN_ANSWER: 'Y' } });
    expect(ok(await sb.call(await oauthFor(sb, app, me.id), 'im.notify.answer', { NOTIFY_ID: n, ANSWER_TEXT: 'a' }))).toEqual({ result_message: [DEFAULT_ANSWER] });
    expect(ok(await sb.call(await sessionFor(sb, me.id), 'im.notify.answer', { NOTIFY_ID: n, ANSWER_TEXT: 'b' }))).toEqual({ result_message: [DEFAULT_ANSWER] });
  });

  it('uses the configured answer text', async () => {
    const me = await givenPerson(sb);
    const n = await seed(sb, { userId: me.id, message: 'q', params: { CAN_ANSWER: 'Y' } });
    try {
      await sb.admin('POST', 'config', { answerText: 'Got it, thanks.' });
      expect(ok(await sb.call(me.hook, 'im.notify.answer', { NOTIFY_ID: n, ANSWER_TEXT: 'x' }))).toEqual({ result_message: ['Got it, thanks.'] });
    } finally {
      await sb.admin('POST', 'config', { answerText: DEFAULT_ANSWER });
    }
  });
});

describe('D.10 im.notify.confirm: validation', () => {
  it.each([
    ['missing', {}],
    ['0', { NOTIFY_ID: 0 }],
    ['negative', { NOTIFY_ID: -1 }],
  ])('answers ID_ERROR when NOTIFY_ID is %s, before checking NOTIFY_VALUE', async (_label, params) => {
    const me = await givenPerson(sb);
    expectError(await sb.call(me.hook, 'im.notify.confirm', params), 400, ...ID_ERROR);
  });

  it.each([
    ['missing', {}],
    ['empty', { NOTIFY_VALUE: '' }],
    ['"0"', { NOTIFY_VALUE: '0' }],
  ])('answers NOTIFY_VALUE_ERROR (two spaces in the message) when NOTIFY_VALUE is %s', async (_label, params) => {
    const me = await givenPerson(sb);
    const c = await seedConfirm(sb, me.id);
    expectError(await sb.call(me.hook, 'im.notify.confirm', { NOTIFY_ID: c, ...params }), 400, 'NOTIFY_VALUE_ERROR', "Notification Value  can't be empty");
    expect(ids(await notifications(sb, me.hook))).toEqual([c]);
  });
});

describe('D.10 im.notify.confirm: behaviour', () => {
  it('reports the chosen button title and deletes the notification', async () => {
    const me = await givenPerson(sb);
    const other = await seed(sb, { userId: me.id, message: 'regular' });
    const c = await seedConfirm(sb, me.id, {
      buttons: [
        { title: 'Approve', value: 'yes', type: 'accept' },
        { title: 'Reject', value: 'no', type: 'cancel' },
      ],
    });
    const reply = await sb.call(me.hook, 'im.notify.confirm', { NOTIFY_ID: c, NOTIFY_VALUE: 'no' });
    expect(ok(reply)).toEqual({ result_message: ['Your selection: "Reject"'] });
    const res = await notifyGet(sb, me.hook);
    expect(ids(res.notifications)).toEqual([other]);
    expect([res.total_count, res.total_unread_count]).toEqual([1, 1]);
  });

  it('matches the default Accept button with value Y', async () => {
    const me = await givenPerson(sb);
    const c = await seedConfirm(sb, me.id);
    expect(ok(await sb.call(me.hook, 'im.notify.confirm', { NOTIFY_ID: c, NOTIFY_VALUE: 'Y' }))).toEqual({ result_message: ['Your selection: "Accept"'] });
    expect(await notifications(sb, me.hook)).toEqual([]);
  });

  it('returns an empty list and still deletes the notification when no button matches', async () => {
    const me = await givenPerson(sb);
    const c = await seedConfirm(sb, me.id);
    const reply = await sb.call(me.hook, 'im.notify.confirm', { NOTIFY_ID: c, NOTIFY_VALUE: 'maybe' });
    expect(ok(reply)).toEqual({ result_message: [] });
    expect(reply.text).toMatch(/"result_message":\[\]/);
    expect(await notifications(sb, me.hook)).toEqual([]);
  });

  it('compares the value loosely (number 1 matches button value "1")', async () => {
    const me = await givenPerson(sb);
    const c = await seedConfirm(sb, me.id, { buttons: [{ title: 'One', value: '1', type: 'accept' }] });
    expect(ok(await sb.call(me.hook, 'im.notify.confirm', { NOTIFY_ID: c, NOTIFY_VALUE: 1 }))).toEqual({ result_message: ['Your selection: "One"'] });
  });

  it('compares numeric strings numerically, as PHP loose comparison does ("01" matches button value "1")', async () => {
    const me = await givenPerson(sb);
    const c = await seedConfirm(sb, me.id, { buttons: [{ title: 'One', value: '1', type: 'accept' }] });
    expect(ok(await sb.call(me.hook, 'im.notify.confirm', { NOTIFY_ID: c, NOTIFY_VALUE: '01' }))).toEqual({ result_message: ['Your selection: "One"'] });
  });

  it('accepts ID as an alias that overrides NOTIFY_ID', async () => {
    const me = await givenPerson(sb);
    const c = await seedConfirm(sb, me.id);
    expect(ok(await sb.call(me.hook, 'im.notify.confirm', { NOTIFY_ID: 987654321, ID: c, NOTIFY_VALUE: 'N' }))).toEqual({ result_message: ['Your selection: "Cancel"'] });
  });

  it('returns result_message false for a personal or system notification and keeps it', async () => {
    const sender = await givenPerson(sb);
    const me = await givenPerson(sb);
    const p = await sendPersonal(sb, sender.hook, me.id, 'personal');
    const s = await seed(sb, { userId: me.id, message: 'system' });
    expect(ok(await sb.call(me.hook, 'im.notify.confirm', { NOTIFY_ID: p, NOTIFY_VALUE: 'Y' }))).toEqual({ result_message: false });
    expect(ok(await sb.call(me.hook, 'im.notify.confirm', { NOTIFY_ID: s, NOTIFY_VALUE: 'Y' }))).toEqual({ result_message: false });
    expect(ids(await notifications(sb, me.hook)).sort()).toEqual([p, s].sort());
  });

  it("returns result_message false for another user's confirm notification and keeps it", async () => {
    const me = await givenPerson(sb);
    const other = await givenPerson(sb);
    const theirs = await seedConfirm(sb, other.id);
    expect(ok(await sb.call(me.hook, 'im.notify.confirm', { NOTIFY_ID: theirs, NOTIFY_VALUE: 'Y' }))).toEqual({ result_message: false });
    expect(ids(await notifications(sb, other.hook))).toEqual([theirs]);
  });

  it('works with session auth', async () => {
    const me = await givenPerson(sb);
    const c = await seedConfirm(sb, me.id);
    expect(ok(await sb.call(await sessionFor(sb, me.id), 'im.notify.confirm', { NOTIFY_ID: c, NOTIFY_VALUE: 'Y' }))).toEqual({
      result_message: ['Your selection: "Accept"'],
    });
  });
});
