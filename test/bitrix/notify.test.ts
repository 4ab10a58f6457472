// The typed notify API against the sandbox portal over HTTP: one block per method. Effects are read
// back from the portal's stored records, failures that are not errors come back as data, and a
// local check refusal never reaches the portal (its request log does not move).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BitrixClient } from '../../src/bitrix/client.js';
import { bearerCredentials, webhookCredentials } from '../../src/bitrix/credentials.js';
import { Bitrix24Error } from '../../src/bitrix/errors.js';
import { LocalCheckError, type NotifyApi, nextCursor, notifyApi } from '../../src/bitrix/notify.js';
import { useSandbox } from '../support/sandbox.js';

const sb = useSandbox();
const client = new BitrixClient({ rateLimit: { burst: 1000, drainPerSecond: 1000 } });

/** A notification as the sandbox stores it (`GET /_sandbox/notifications?userId=`). */
interface Stored {
  id: number;
  userId: number;
  authorId: number;
  type: 1 | 2 | 4;
  tag: string;
  subTag: string;
  message: string;
  messageOut: string;
  params: Record<string, unknown> | null;
  read: boolean;
}

interface Actor {
  id: number;
  api: NotifyApi;
}

type App = { clientId: string; appKey: string };

/** A fresh portal user acting through a webhook. */
async function webhookUser(fields: Record<string, unknown> = {}): Promise<Actor> {
  const user = await sb.givenUser(fields);
  const hook = await sb.givenWebhook(user.id);
  const identity = await client.identify(webhookCredentials(hook.url));
  return { id: user.id, api: notifyApi(client.caller(identity)) };
}

/** A fresh portal user acting through an OAuth access token of `app` (a new app unless given). */
async function appUser(app?: App): Promise<Actor & { app: App }> {
  const theApp = app ?? (await sb.givenApp());
  const user = await sb.givenUser();
  const token = await sb.givenToken(theApp.clientId, user.id);
  const identity = await client.identify(bearerCredentials(sb.url, token.access_token));
  return { id: user.id, api: notifyApi(client.caller(identity)), app: theApp };
}

const recipient = async (): Promise<number> => (await sb.givenUser()).id;

const seed = async (userId: number, fields: Record<string, unknown> = {}): Promise<number> =>
  (await sb.givenNotification({ userId, message: 'Seeded notification', ...fields })).id;

const stored = async (userId: number): Promise<Stored[]> =>
  (await sb.admin<{ notifications: Stored[] }>('GET', `notifications?userId=${userId}`)).notifications;

const storedIds = async (userId: number): Promise<number[]> => (await stored(userId)).map((n) => n.id).sort((a, b) => a - b);

const readFlags = async (userId: number): Promise<Record<number, boolean>> =>
  Object.fromEntries((await stored(userId)).map((n) => [n.id, n.read]));

/**
 * Runs `action`, expects a LocalCheckError with `code` and `description`, and proves that the
 * portal saw no request meanwhile (without the check the portal would have logged the call).
 */
async function expectRefusedLocally(action: () => Promise<unknown>, code: string, description: string): Promise<void> {
  const before = (await sb.requests()).total;
  const error = await action().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LocalCheckError);
  expect({ code: (error as LocalCheckError).code, description: (error as LocalCheckError).description }).toEqual({ code, description });
  expect((await sb.requests()).total).toBe(before);
}

const storedTag = (app: App, tag: string): string => `MP|${app.appKey}|${tag}`;

describe('send', () => {
  it('stores a personal notification from the caller to the recipient and answers its id', async () => {
    const me = await webhookUser();
    const to = await recipient();
    const id = await me.api.send({ userId: to, message: 'Build 42 is green', messageOut: 'Build 42 is green (mail)' });
    expect(id).toEqual(expect.any(Number));
    expect(await stored(to)).toEqual([
      expect.objectContaining({ id, authorId: me.id, type: 2, message: 'Build 42 is green', messageOut: 'Build 42 is green (mail)', read: false }),
    ]);
  });

  it('stores a system notification with author 0 when type is SYSTEM', async () => {
    const me = await webhookUser();
    const to = await recipient();
    const id = await me.api.send({ userId: to, message: 'Backup finished', type: 'SYSTEM' });
    expect(await stored(to)).toEqual([expect.objectContaining({ id, authorId: 0, type: 4, message: 'Backup finished' })]);
  });

  it('stores the tag and sub-tag under the app key when the caller is an OAuth application', async () => {
    const me = await appUser();
    const to = await recipient();
    const id = await me.api.send({ userId: to, message: 'Deal won', tag: 'deal-7', subTag: 'deal-7|won' });
    expect(await stored(to)).toEqual([
      expect.objectContaining({ id, authorId: me.id, tag: storedTag(me.app, 'deal-7'), subTag: storedTag(me.app, 'deal-7|won') }),
    ]);
  });

  it('replaces the recipient\'s older notification of the same app tag with the new one', async () => {
    const me = await appUser();
    const to = await recipient();
    const first = await me.api.send({ userId: to, message: 'Deal moved to stage 1', tag: 'deal-8' });
    const second = await me.api.send({ userId: to, message: 'Deal moved to stage 2', tag: 'deal-8' });
    expect(first).not.toBe(second);
    expect((await stored(to)).map((n) => [n.id, n.message])).toEqual([[second, 'Deal moved to stage 2']]);
  });

  it('stores no tag when the caller is a webhook, as the portal drops it', async () => {
    const me = await webhookUser();
    const to = await recipient();
    await me.api.send({ userId: to, message: 'Tagged from a webhook', tag: 'deal-9' });
    expect(await stored(to)).toEqual([expect.objectContaining({ tag: '', subTag: '' })]);
  });

  it('answers false, not an error, when the recipient does not exist, and stores nothing', async () => {
    const me = await webhookUser();
    const before = (await sb.requests()).byMethod['im.notify'] ?? 0;
    expect(await me.api.send({ userId: 987654, message: 'Anyone there?' })).toBe(false);
    expect((await sb.requests()).byMethod['im.notify']).toBe(before + 1);
    expect(await stored(987654)).toEqual([]);
  });

  it('refuses a blank message and a too-long tag locally, without any request to the portal', async () => {
    const me = await appUser();
    const to = await recipient();
    await expectRefusedLocally(() => me.api.send({ userId: to, message: '   ' }), 'MESSAGE_EMPTY', "Message can't be empty");
    await expectRefusedLocally(
      () => me.api.send({ userId: to, message: 'Hi', tag: 't'.repeat(247) }),
      'TAG_TOO_LONG',
      'tag must be at most 246 characters, got 247',
    );
    expect(await stored(to)).toEqual([]);
  });
});

describe('sendPersonal', () => {
  it('stores a personal notification authored by the caller, with its attach', async () => {
    const me = await webhookUser();
    const to = await recipient();
    const id = await me.api.sendPersonal({ userId: to, message: 'See the report', attach: [{ MESSAGE: 'Q3 numbers' }] });
    const [record] = await stored(to);
    expect(record).toMatchObject({ id, authorId: me.id, type: 2, message: 'See the report' });
    expect(record.params?.ATTACH).toEqual([expect.objectContaining({ BLOCKS: [{ MESSAGE: 'Q3 numbers' }] })]);
  });

  it('answers false when the recipient is inactive, and stores nothing for them', async () => {
    const me = await webhookUser();
    const gone = (await sb.givenUser({ active: false })).id;
    expect(await me.api.sendPersonal({ userId: gone, message: 'Hello?' })).toBe(false);
    expect(await stored(gone)).toEqual([]);
  });

  it('refuses an oversized attach locally, without any request to the portal', async () => {
    const me = await webhookUser();
    const to = await recipient();
    await expectRefusedLocally(
      () => me.api.sendPersonal({ userId: to, message: 'Big', attach: [{ MESSAGE: 'x'.repeat(60000) }] }),
      'ATTACH_OVERSIZE',
      'You have exceeded the maximum allowable size of attach',
    );
  });
});

describe('sendSystem', () => {
  it('stores a system notification with author 0, keeping messageOut at the portal', async () => {
    const me = await webhookUser();
    const to = await recipient();
    const id = await me.api.sendSystem({ userId: to, message: 'Disk almost full', messageOut: 'Disk at 95%' });
    expect(await stored(to)).toEqual([expect.objectContaining({ id, authorId: 0, type: 4, message: 'Disk almost full', messageOut: 'Disk at 95%' })]);
  });

  it('refuses a recipient id of 0 locally, without any request to the portal', async () => {
    const me = await webhookUser();
    await expectRefusedLocally(() => me.api.sendSystem({ userId: 0, message: 'Nobody' }), 'USER_ID_EMPTY', "User ID can't be empty");
  });
});

describe('list', () => {
  it('normalises the page of a user without notifications to zero totals and a null chat id', async () => {
    const me = await webhookUser();
    expect(await me.api.list()).toEqual({ totalCount: 0, totalUnreadCount: 0, chatId: null, notifications: [], users: [] });
  });

  it('lists confirms first, then the others newest first, with totals, the chat id and the page\'s authors', async () => {
    const me = await webhookUser();
    const author = await sb.givenUser({ firstName: 'Grace', lastName: 'Hopper' });
    const personal = await sb.givenNotification({ userId: me.id, authorId: author.id, message: 'From Grace' });
    const confirm = await seed(me.id, { type: 'confirm', message: 'Join the team?' });
    const system = await seed(me.id, { message: 'System notice', read: true });

    const page = await me.api.list();
    expect(page).toMatchObject({ totalCount: 3, totalUnreadCount: 2, chatId: personal.chatId });
    expect(page.notifications.map((n) => n.id)).toEqual([confirm, system, personal.id]);
    expect(page.notifications[0]).toMatchObject({ notify_type: 1, notify_buttons: expect.any(String), notify_read: 'N' });
    expect(page.notifications[1]).toMatchObject({ notify_type: 4, author_id: 0, notify_read: 'Y' });
    expect(page.users.map((u) => [u.id, u.name])).toEqual([[author.id, 'Grace Hopper']]);
  });

  // Limit 4 ends the first page on a regular notification; 3 and 2 end pages on confirms, so the
  // cursor must switch from the confirm stage to the regular stage.
  it.each([4, 3, 2])('pages confirm-first with nextCursor at limit %i until the last page, visiting every notification exactly once', async (limit) => {
    const me = await webhookUser();
    // Interleaved, so the confirm stage and the regular stage each skip over the other kind.
    const kinds = ['regular', 'confirm', 'regular', 'regular', 'confirm', 'regular', 'regular', 'confirm', 'regular', 'regular'];
    const seeded: Array<{ id: number; kind: string }> = [];
    for (const [i, kind] of kinds.entries()) {
      const id = await seed(me.id, kind === 'confirm' ? { type: 'confirm', message: `confirm ${i}` } : { message: `regular ${i}` });
      seeded.push({ id, kind });
    }
    const newestFirst = (kind: string) => seeded.filter((s) => s.kind === kind).map((s) => s.id).reverse();

    const pages: number[][] = [];
    let cursor: ReturnType<typeof nextCursor> = null;
    do {
      const page = await me.api.list({ ...cursor, limit });
      pages.push(page.notifications.map((n) => n.id));
      cursor = nextCursor(page, limit);
    } while (cursor && pages.length < 20);

    // Full pages, then the remainder; a full last page is followed by one empty page.
    const sizes = [...Array<number>(Math.floor(10 / limit)).fill(limit), 10 % limit];
    expect(pages.map((p) => p.length)).toEqual(sizes);
    expect(pages.flat()).toEqual([...newestFirst('confirm'), ...newestFirst('regular')]);
    expect(new Set(pages.flat()).size).toBe(10);
  });

  it('refuses a limit over 50 and a half cursor locally, without any request to the portal', async () => {
    const me = await webhookUser();
    await expectRefusedLocally(() => me.api.list({ limit: 51 }), 'LIMIT_OUT_OF_RANGE', 'limit must be 1..50, got 51');
    await expectRefusedLocally(
      () => me.api.list({ lastId: 5 }),
      'LAST_ID_AND_LAST_TYPE',
      'Parameters LAST_ID and LAST_TYPE should be used together.',
    );
  });
});

describe('schema', () => {
  it('answers the portal\'s notification modules keyed by module id, each with its types', async () => {
    const me = await webhookUser();
    const schema = await me.api.schema();
    expect(Object.keys(schema)).toEqual(['im', 'main', 'rest']);
    expect(schema.im).toMatchObject({ MODULE_ID: 'im', NAME: expect.any(String) });
    expect(schema.im.LIST).toContainEqual({ ID: 'im|mention', NAME: expect.any(String) });
    expect(schema.rest.LIST.map((e) => e.ID)).toEqual(['rest|app_install', 'rest|app_install_request', 'rest|vi_user_data_request']);
  });
});

describe('readList', () => {
  it('marks exactly the listed notifications read', async () => {
    const me = await webhookUser();
    const [a, b, c] = [await seed(me.id), await seed(me.id), await seed(me.id)];
    expect(await me.api.readList([a, c])).toBe(true);
    expect(await readFlags(me.id)).toEqual({ [a]: true, [b]: false, [c]: true });
  });

  it('marks the listed notifications unread again when read is false', async () => {
    const me = await webhookUser();
    const [a, b] = [await seed(me.id, { read: true }), await seed(me.id, { read: true })];
    expect(await me.api.readList([a], false)).toBe(true);
    expect(await readFlags(me.id)).toEqual({ [a]: false, [b]: true });
  });

  it('refuses an empty list and a non-positive id locally, reading nothing', async () => {
    const me = await webhookUser();
    const a = await seed(me.id);
    await expectRefusedLocally(() => me.api.readList([]), 'PARAMS_ERROR', 'No IDS param or it is not an array');
    await expectRefusedLocally(() => me.api.readList([a, 0]), 'ID_INVALID', 'ids must be positive integers, got 0');
    expect(await readFlags(me.id)).toEqual({ [a]: false });
  });
});

describe('read', () => {
  it('marks only this notification read by default, leaving a newer one unread (the REST default would read it too)', async () => {
    const me = await webhookUser();
    const [older, newer] = [await seed(me.id), await seed(me.id)];
    expect(await me.api.read(older)).toBe(true);
    expect(await readFlags(me.id)).toEqual({ [older]: true, [newer]: false });
  });

  it('marks this notification and every newer one read with onlyThis: false, which is the REST default', async () => {
    const me = await webhookUser();
    const [oldest, middle, newest] = [await seed(me.id), await seed(me.id), await seed(me.id)];
    await me.api.read(middle, { onlyThis: false });
    expect(await readFlags(me.id)).toEqual({ [oldest]: false, [middle]: true, [newest]: true });
  });

  it('marks only this notification unread when read is false', async () => {
    const me = await webhookUser();
    const [older, newer] = [await seed(me.id, { read: true }), await seed(me.id, { read: true })];
    await me.api.read(older, { read: false });
    expect(await readFlags(me.id)).toEqual({ [older]: false, [newer]: true });
  });

  it('refuses id 0 locally, so the portal never reads everything', async () => {
    const me = await webhookUser();
    const a = await seed(me.id);
    await expectRefusedLocally(() => me.api.read(0), 'ID_INVALID', 'id must be a positive integer, got 0');
    expect(await readFlags(me.id)).toEqual({ [a]: false });
  });
});

describe('readAll', () => {
  it('reads every notification but the confirms and answers the confirms still unread', async () => {
    const me = await webhookUser();
    const confirm = await seed(me.id, { type: 'confirm' });
    const [a, b] = [await seed(me.id), await seed(me.id, { authorId: (await sb.givenUser()).id })];
    expect(await me.api.readAll()).toEqual({ newCounter: 1 });
    expect(await readFlags(me.id)).toEqual({ [confirm]: false, [a]: true, [b]: true });
  });

  it('answers a counter of 0 for a user without notifications', async () => {
    const me = await webhookUser();
    expect(await me.api.readAll()).toEqual({ newCounter: 0 });
  });
});

describe('answer', () => {
  it('answers the portal\'s reply texts for the caller\'s notification and leaves it stored and unread', async () => {
    const me = await webhookUser();
    const id = await seed(me.id, { module: 'tasks', event: 'comment', params: { CAN_ANSWER: 'Y' } });
    expect(await me.api.answer(id, 'On it')).toEqual(['Your reply has been sent.']);
    expect(await stored(me.id)).toEqual([expect.objectContaining({ id, read: false })]);
  });

  it('answers false for another user\'s notification, which stays untouched', async () => {
    const me = await webhookUser();
    const other = await recipient();
    const theirs = await seed(other, { params: { CAN_ANSWER: 'Y' } });
    expect(await me.api.answer(theirs, 'Not mine')).toBe(false);
    expect(await stored(other)).toEqual([expect.objectContaining({ id: theirs, read: false })]);
  });

  it('refuses an empty-by-PHP answer text locally, without any request to the portal', async () => {
    const me = await webhookUser();
    const id = await seed(me.id, { params: { CAN_ANSWER: 'Y' } });
    await expectRefusedLocally(() => me.api.answer(id, '0'), 'ANSWER_TEXT_ERROR', "ANSWER_TEXT can't be empty");
  });
});

describe('confirm', () => {
  const buttons = [
    { title: 'Join', value: 'join', type: 'accept' },
    { title: 'Decline', value: 'decline', type: 'cancel' },
  ];

  it('presses a button of the caller\'s confirm notification: answers the selection and deletes it', async () => {
    const me = await webhookUser();
    const invite = await seed(me.id, { type: 'confirm', message: 'Join the project?', buttons });
    const other = await seed(me.id);
    expect(await me.api.confirm(invite, 'decline')).toEqual(['Your selection: "Decline"']);
    expect(await storedIds(me.id)).toEqual([other]);
  });

  it('answers false for another user\'s confirm notification, which stays stored', async () => {
    const me = await webhookUser();
    const other = await recipient();
    const theirs = await seed(other, { type: 'confirm', buttons });
    expect(await me.api.confirm(theirs, 'join')).toBe(false);
    expect(await storedIds(other)).toEqual([theirs]);
  });

  it('answers false for the caller\'s own notification that is not a confirm, which stays stored', async () => {
    const me = await webhookUser();
    const plain = await seed(me.id);
    expect(await me.api.confirm(plain, 'Y')).toBe(false);
    expect(await storedIds(me.id)).toEqual([plain]);
  });

  it('refuses an empty value locally, leaving the confirm notification in place', async () => {
    const me = await webhookUser();
    const invite = await seed(me.id, { type: 'confirm', buttons });
    await expectRefusedLocally(() => me.api.confirm(invite, ''), 'NOTIFY_VALUE_ERROR', "Notification Value  can't be empty");
    expect(await storedIds(me.id)).toEqual([invite]);
  });
});

describe('delete', () => {
  it('deletes the caller\'s own notifications by ids and answers true', async () => {
    const me = await webhookUser();
    const [a, b, c] = [await seed(me.id), await seed(me.id), await seed(me.id)];
    expect(await me.api.delete({ ids: [a, c] })).toBe(true);
    expect(await storedIds(me.id)).toEqual([b]);
  });

  it('answers false for ids of another user\'s notification, which stays stored', async () => {
    const me = await webhookUser();
    const other = await recipient();
    const theirs = await seed(other);
    expect(await me.api.delete({ ids: [theirs] })).toBe(false);
    expect(await storedIds(other)).toEqual([theirs]);
  });

  it('deletes an app\'s tag for every recipient on the portal, sparing other tags and other apps', async () => {
    const sender = await appUser();
    const otherApp = await appUser();
    const [b, c] = [await recipient(), await recipient()];
    await sender.api.send({ userId: b, message: 'Release 1 to b', tag: 'release' });
    await sender.api.send({ userId: c, message: 'Release 1 to c', tag: 'release' });
    const keptTag = await sender.api.send({ userId: b, message: 'Unrelated', tag: 'billing' });
    const keptApp = await otherApp.api.send({ userId: b, message: 'Other app release', tag: 'release' });

    expect(await sender.api.delete({ tag: 'release' })).toBe(true);
    expect(await storedIds(b)).toEqual([keptTag, keptApp]);
    expect(await storedIds(c)).toEqual([]);
  });

  it('answers true for a tag that matched nothing', async () => {
    const me = await appUser();
    expect(await me.api.delete({ tag: 'never-sent' })).toBe(true);
  });

  it('deletes an app\'s sub-tag for every recipient, and answers false once nothing matches', async () => {
    const me = await appUser();
    const [b, c] = [await recipient(), await recipient()];
    await me.api.send({ userId: b, message: 'Step done for b', subTag: 'job-1' });
    await me.api.send({ userId: c, message: 'Step done for c', subTag: 'job-1' });
    expect(await me.api.delete({ subTag: 'job-1' })).toBe(true);
    expect([...(await storedIds(b)), ...(await storedIds(c))]).toEqual([]);
    expect(await me.api.delete({ subTag: 'job-1' })).toBe(false);
  });

  it('deletes by tag through a webhook in the key space its clientId names', async () => {
    const me = await webhookUser();
    const to = await recipient();
    const key = createHash('md5').update('customMYBOT').digest('hex').slice(0, 5);
    await seed(to, { tag: `MP|${key}|digest` });
    const untouched = await seed(to, { tag: 'MP|00000|digest' });
    expect(await me.api.delete({ tag: 'digest', clientId: 'MYBOT' })).toBe(true);
    expect(await storedIds(to)).toEqual([untouched]);
  });

  it('surfaces the portal\'s ACCESS_DENIED for a webhook tag delete without clientId', async () => {
    const me = await webhookUser();
    await expect(me.api.delete({ tag: 'digest' })).rejects.toSatisfy(
      (e: unknown) => e instanceof Bitrix24Error && e.code === 'ACCESS_DENIED' && e.description === 'Access denied! Client ID not specified',
    );
  });

  it('refuses an empty id list and an empty tag locally, without any request to the portal', async () => {
    const me = await appUser();
    await expectRefusedLocally(() => me.api.delete({ ids: [] }), 'PARAMS_ERROR', 'Incorrect params');
    await expectRefusedLocally(() => me.api.delete({ tag: '0' }), 'PARAMS_ERROR', 'Incorrect params');
  });
});

describe('search', () => {
  it('finds the caller\'s notifications holding every word, newest first, with the authors and total results', async () => {
    const me = await webhookUser();
    const author = await sb.givenUser();
    const older = await seed(me.id, { authorId: author.id, message: 'Deploy of web failed' });
    await seed(me.id, { message: 'Lunch is ready' });
    const newer = await seed(me.id, { message: 'Deploy of api finished' });
    await seed((await recipient()), { message: 'Deploy of someone else' });

    const page = await me.api.search({ text: 'deploy of' });
    expect(page.notifications.map((n) => n.id)).toEqual([newer, older]);
    expect(page.users.map((u) => u.id)).toEqual([author.id]);
    expect(page).toMatchObject({ chatId: expect.any(Number), totalResults: 2 });
    expect((await me.api.search({ text: 'deploy failed' })).notifications.map((n) => n.id)).toEqual([older]);
  });

  it('reports total results on the first page only, as the portal sends them without lastId', async () => {
    const me = await webhookUser();
    const [older, newer] = [await seed(me.id, { message: 'Invoice 1 paid' }), await seed(me.id, { message: 'Invoice 2 paid' })];
    const first = await me.api.search({ text: 'invoice', limit: 1 });
    expect(first.notifications.map((n) => n.id)).toEqual([newer]);
    expect(first.totalResults).toBe(2);
    const second = await me.api.search({ text: 'invoice', limit: 1, lastId: newer });
    expect(second.notifications.map((n) => n.id)).toEqual([older]);
    expect(second.totalResults).toBeNull();
  });

  it('answers an empty page when nothing matches', async () => {
    const me = await webhookUser();
    const { chatId } = await sb.givenNotification({ userId: me.id, message: 'Something else' });
    expect(await me.api.search({ text: 'kangaroo' })).toEqual({ chatId, notifications: [], users: [], totalResults: 0 });
  });

  it('answers an empty page with a null chat id for a user without notifications', async () => {
    const me = await webhookUser();
    expect(await me.api.search({ text: 'kangaroo' })).toEqual({ chatId: null, notifications: [], users: [], totalResults: 0 });
  });

  it('refuses a search without any criterion and a half date range locally, without any request to the portal', async () => {
    const me = await webhookUser();
    await expectRefusedLocally(() => me.api.search({ text: 'ab' }), 'SEARCH_TEXT_ERROR', "SEARCH_TEXT can't be less then 3 symbols");
    await expectRefusedLocally(
      () => me.api.search({ text: 'deploy', dateFrom: '2026-01-01T00:00:00+00:00' }),
      'DATE_RANGE_INCOMPLETE',
      'dateFrom and dateTo must be given together',
    );
  });
});

describe('counters', () => {
  it('reports the caller\'s unread notifications, confirms included', async () => {
    const me = await webhookUser();
    await seed(me.id, { type: 'confirm' });
    await seed(me.id);
    await seed(me.id, { read: true });
    expect(await me.api.counters()).toEqual({ notify: 2 });
    await me.api.readAll();
    expect(await me.api.counters()).toEqual({ notify: 1 });
  });
});

describe('currentUser', () => {
  it('describes the webhook\'s user with a full name', async () => {
    const fields = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.test', workPosition: 'Analyst', avatar: 'https://cdn.example.test/ada.png' };
    const me = await webhookUser(fields);
    expect(await me.api.currentUser()).toEqual({ id: me.id, name: 'Ada Lovelace', active: true, ...fields });
  });

  it('falls back to the e-mail as the name when first and last name are empty', async () => {
    const me = await webhookUser({ firstName: '', lastName: '', email: 'nameless@example.test' });
    expect(await me.api.currentUser()).toMatchObject({ id: me.id, name: 'nameless@example.test', firstName: '', lastName: '' });
  });

  it('describes the token\'s user for an OAuth identity', async () => {
    const me = await appUser();
    expect((await me.api.currentUser()).id).toBe(me.id);
  });
});
