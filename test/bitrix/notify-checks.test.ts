// Local input checks of the typed notify API: exact codes and texts, no call when refused, and the
// exact upper-case parameters when accepted. Pure: the Caller is a plain recording object.
import { describe, expect, it } from 'vitest';
import type { CallOptions, Caller } from '../../src/bitrix/types.js';
import {
  LocalCheckError,
  checkAnswer,
  checkConfirm,
  checkDelete,
  checkList,
  checkRead,
  checkReadList,
  checkSearch,
  checkSend,
  nextCursor,
  notifyApi,
  type Notification,
  type NotificationPage,
} from '../../src/bitrix/notify.js';

interface Recorded {
  method: string;
  params: Record<string, unknown> | undefined;
  options: CallOptions | undefined;
}

/** A Caller that records every call and answers `answer`. */
function recorder(answer: unknown = true): { caller: Caller; calls: Recorded[] } {
  const calls: Recorded[] = [];
  const caller: Caller = {
    async call<T>(method: string, params?: Record<string, unknown>, options?: CallOptions): Promise<T> {
      calls.push({ method, params, options });
      return answer as T;
    },
  };
  return { caller, calls };
}

/** The LocalCheckError `fn` throws (fails the test if it throws nothing or something else). */
function refusal(fn: () => unknown): LocalCheckError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LocalCheckError);
    return error as LocalCheckError;
  }
  throw new Error('expected a LocalCheckError, nothing was thrown');
}

function expectRefused(fn: () => unknown, code: string, description: string): void {
  const error = refusal(fn);
  expect({ code: error.code, description: error.description, message: error.message }).toEqual({
    code,
    description,
    message: description,
  });
}

const valid = { userId: 5, message: 'Hello' };

describe('LocalCheckError', () => {
  it('is an Error named LocalCheckError carrying the code and the description as its message', () => {
    const error = new LocalCheckError('MESSAGE_EMPTY', "Message can't be empty");
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('LocalCheckError');
    expect(error.code).toBe('MESSAGE_EMPTY');
    expect(error.message).toBe("Message can't be empty");
  });
});

describe('send checks', () => {
  it.each([0, -1, 1.5, Number.NaN])('refuses user id %s with USER_ID_EMPTY', (userId) => {
    expectRefused(() => checkSend({ ...valid, userId }), 'USER_ID_EMPTY', "User ID can't be empty");
  });

  it.each(['', '   ', '\n\t'])('refuses the message %j with MESSAGE_EMPTY', (message) => {
    expectRefused(() => checkSend({ ...valid, message }), 'MESSAGE_EMPTY', "Message can't be empty");
  });

  it('refuses a message that is not a string with MESSAGE_EMPTY, as the portal does', () => {
    expectRefused(() => checkSend({ ...valid, message: 123 as unknown as string }), 'MESSAGE_EMPTY', "Message can't be empty");
  });

  it('checks the recipient before the message, in the portal order', () => {
    expect(refusal(() => checkSend({ userId: 0, message: '' })).code).toBe('USER_ID_EMPTY');
  });

  const attachOf = (chars: number) => {
    const base = JSON.stringify([{ MESSAGE: '' }]).length;
    return [{ MESSAGE: 'x'.repeat(chars - base) }];
  };

  it('refuses an attach whose JSON is exactly 60000 characters with ATTACH_OVERSIZE', () => {
    const attach = attachOf(60000);
    expect(JSON.stringify(attach).length).toBe(60000);
    expectRefused(
      () => checkSend({ ...valid, attach }),
      'ATTACH_OVERSIZE',
      'You have exceeded the maximum allowable size of attach',
    );
  });

  it('accepts an attach whose JSON is 59999 characters', () => {
    const attach = attachOf(59999);
    expect(JSON.stringify(attach).length).toBe(59999);
    expect(() => checkSend({ ...valid, attach })).not.toThrow();
  });

  it('refuses a tag longer than 246 characters with TAG_TOO_LONG and accepts one of 246', () => {
    expectRefused(
      () => checkSend({ ...valid, tag: 't'.repeat(247) }),
      'TAG_TOO_LONG',
      'tag must be at most 246 characters, got 247',
    );
    expect(() => checkSend({ ...valid, tag: 't'.repeat(246) })).not.toThrow();
  });

  it('refuses a sub-tag longer than 246 characters with TAG_TOO_LONG', () => {
    expectRefused(
      () => checkSend({ ...valid, subTag: 's'.repeat(300) }),
      'TAG_TOO_LONG',
      'subTag must be at most 246 characters, got 300',
    );
  });

  it('makes no call when a send is refused', async () => {
    const { caller, calls } = recorder(1);
    const api = notifyApi(caller);
    await expect(api.send({ userId: 0, message: 'x' })).rejects.toBeInstanceOf(LocalCheckError);
    await expect(api.sendPersonal({ userId: 5, message: ' ' })).rejects.toMatchObject({ code: 'MESSAGE_EMPTY' });
    await expect(api.sendSystem({ userId: 5, message: 'x', tag: 'x'.repeat(247) })).rejects.toMatchObject({
      code: 'TAG_TOO_LONG',
    });
    expect(calls).toEqual([]);
  });

  it('sends im.notify with upper-case keys and TYPE defaulting to USER', async () => {
    const { caller, calls } = recorder(1001);
    const attach = { BLOCKS: [{ MESSAGE: 'hi' }] };
    const id = await notifyApi(caller).send({
      userId: 5,
      message: 'Hello',
      messageOut: 'Hello by mail',
      tag: 'T',
      subTag: 'S',
      attach,
    });
    expect(id).toBe(1001);
    expect(calls).toEqual([
      {
        method: 'im.notify',
        params: { USER_ID: 5, MESSAGE: 'Hello', MESSAGE_OUT: 'Hello by mail', TAG: 'T', SUB_TAG: 'S', ATTACH: attach, TYPE: 'USER' },
        options: undefined,
      },
    ]);
  });

  it('sends TYPE SYSTEM through im.notify when asked and passes a false answer through', async () => {
    const { caller, calls } = recorder(false);
    expect(await notifyApi(caller).send({ ...valid, type: 'SYSTEM' })).toBe(false);
    expect(calls[0]).toMatchObject({ method: 'im.notify', params: { USER_ID: 5, MESSAGE: 'Hello', TYPE: 'SYSTEM' } });
  });

  it('sends personal and system notifications to their own methods without TYPE or unset keys', async () => {
    const { caller, calls } = recorder(7);
    const api = notifyApi(caller);
    await api.sendPersonal(valid);
    await api.sendSystem(valid, { priority: 'background' });
    expect(calls).toEqual([
      { method: 'im.notify.personal.add', params: { USER_ID: 5, MESSAGE: 'Hello' }, options: undefined },
      { method: 'im.notify.system.add', params: { USER_ID: 5, MESSAGE: 'Hello' }, options: { priority: 'background' } },
    ]);
  });
});

describe('list checks', () => {
  it('refuses lastId without lastType, and lastType without lastId, with LAST_ID_AND_LAST_TYPE', () => {
    const text = 'Parameters LAST_ID and LAST_TYPE should be used together.';
    expectRefused(() => checkList({ lastId: 10 }), 'LAST_ID_AND_LAST_TYPE', text);
    expectRefused(() => checkList({ lastType: 3 }), 'LAST_ID_AND_LAST_TYPE', text);
  });

  it.each([-1, 1.5])('refuses lastId %s with LAST_ID_STRING', (lastId) => {
    expectRefused(() => checkList({ lastId, lastType: 3 }), 'LAST_ID_STRING', "Last notification ID can't be string");
  });

  it('refuses a cursor stage other than 1 or 3 with LAST_TYPE_INVALID', () => {
    expectRefused(
      () => checkList({ lastId: 10, lastType: 2 as 3 }),
      'LAST_TYPE_INVALID',
      'lastType must be 1 or 3, got 2',
    );
  });

  it.each([
    [0, 'limit must be 1..50, got 0'],
    [-5, 'limit must be 1..50, got -5'],
    [51, 'limit must be 1..50, got 51'],
    [500, 'limit must be 1..50, got 500'],
    [2.5, 'limit must be 1..50, got 2.5'],
  ])('refuses limit %s with LIMIT_OUT_OF_RANGE', (limit, text) => {
    expectRefused(() => checkList({ limit }), 'LIMIT_OUT_OF_RANGE', text);
  });

  it('accepts limits 1 and 50 and no parameters at all', () => {
    expect(() => checkList({ limit: 1 })).not.toThrow();
    expect(() => checkList({ limit: 50, lastId: 0, lastType: 1 })).not.toThrow();
    expect(() => checkList({})).not.toThrow();
  });

  it('makes no call when a list is refused', async () => {
    const { caller, calls } = recorder();
    await expect(notifyApi(caller).list({ limit: 500 })).rejects.toMatchObject({ code: 'LIMIT_OUT_OF_RANGE' });
    expect(calls).toEqual([]);
  });

  it('sends LAST_ID, LAST_TYPE and LIMIT and passes the call options through', async () => {
    const { caller, calls } = recorder({ notifications: [], users: [] });
    await notifyApi(caller).list({ lastId: 1001, lastType: 3, limit: 20 }, { priority: 'background' });
    expect(calls).toEqual([
      {
        method: 'im.notify.get',
        params: { LAST_ID: 1001, LAST_TYPE: 3, LIMIT: 20 },
        options: { priority: 'background' },
      },
    ]);
  });

  it('sends no parameters for a first page without options', async () => {
    const { caller, calls } = recorder({ notifications: [], users: [] });
    await notifyApi(caller).list();
    expect(calls).toEqual([{ method: 'im.notify.get', params: {}, options: undefined }]);
  });

  it('normalises the empty-chat answer to zero totals and a null chat id', async () => {
    const { caller } = recorder({ notifications: [], users: [] });
    expect(await notifyApi(caller).list()).toEqual({
      totalCount: 0,
      totalUnreadCount: 0,
      chatId: null,
      notifications: [],
      users: [],
    });
  });

  it('renames the totals of a regular page and keeps the wire notifications', async () => {
    const n = notification(1003, 2);
    const { caller } = recorder({ total_count: 2, total_unread_count: 1, chat_id: 77, notifications: [n], users: [] });
    expect(await notifyApi(caller).list()).toEqual({
      totalCount: 2,
      totalUnreadCount: 1,
      chatId: 77,
      notifications: [n],
      users: [],
    });
  });
});

function notification(id: number, type: 1 | 2 | 4): Notification {
  return {
    id,
    chat_id: 77,
    author_id: type === 4 ? 0 : 1,
    date: '2025-10-09T11:54:00+03:00',
    notify_type: type,
    notify_module: 'rest',
    notify_event: 'rest_notify',
    notify_tag: '',
    notify_sub_tag: '',
    notify_title: '',
    setting_name: 'rest|rest_notify',
    text: 'v',
    params: null,
    notify_read: 'N',
  };
}

describe('nextCursor', () => {
  const page = (items: Notification[]): NotificationPage => ({
    totalCount: items.length,
    totalUnreadCount: 0,
    chatId: 77,
    notifications: items,
    users: [],
  });

  it('points after a full page at its last item, stage 1 for a confirm and 3 otherwise', () => {
    expect(nextCursor(page([notification(9, 2), notification(8, 1)]), 2)).toEqual({ lastId: 8, lastType: 1 });
    expect(nextCursor(page([notification(9, 1), notification(8, 4)]), 2)).toEqual({ lastId: 8, lastType: 3 });
  });

  it('returns null after a page shorter than the limit', () => {
    expect(nextCursor(page([notification(9, 2)]), 2)).toBeNull();
    expect(nextCursor(page([]))).toBeNull();
  });
});

describe('read checks', () => {
  it('refuses an empty id list in readList with PARAMS_ERROR and the portal text', () => {
    expectRefused(() => checkReadList([]), 'PARAMS_ERROR', 'No IDS param or it is not an array');
  });

  it('refuses a non-positive id in readList with ID_INVALID, since the portal would drop it and every id after it', () => {
    expectRefused(() => checkReadList([3, 0, 4]), 'ID_INVALID', 'ids must be positive integers, got 0');
  });

  it.each([0, -1, 2.5])('refuses read(%s) with ID_INVALID, since id 0 would read everything', (id) => {
    expectRefused(() => checkRead(id), 'ID_INVALID', `id must be a positive integer, got ${id}`);
  });

  it('makes no call when readList or read is refused', async () => {
    const { caller, calls } = recorder();
    const api = notifyApi(caller);
    await expect(api.readList([])).rejects.toMatchObject({ code: 'PARAMS_ERROR' });
    await expect(api.read(0)).rejects.toMatchObject({ code: 'ID_INVALID' });
    expect(calls).toEqual([]);
  });

  it('sends IDS with ACTION Y by default and ACTION N for unread', async () => {
    const { caller, calls } = recorder(true);
    const api = notifyApi(caller);
    expect(await api.readList([1, 2])).toBe(true);
    await api.readList([3], false);
    expect(calls.map((c) => [c.method, c.params])).toEqual([
      ['im.notify.read.list', { IDS: [1, 2], ACTION: 'Y' }],
      ['im.notify.read.list', { IDS: [3], ACTION: 'N' }],
    ]);
  });

  it('marks only this notification by default, sending ONLY_CURRENT Y', async () => {
    const { caller, calls } = recorder(true);
    expect(await notifyApi(caller).read(1003)).toBe(true);
    expect(calls[0]).toEqual({
      method: 'im.notify.read',
      params: { ID: 1003, ACTION: 'Y', ONLY_CURRENT: 'Y' },
      options: undefined,
    });
  });

  it('omits ONLY_CURRENT when onlyThis is false and sends ACTION N for unread', async () => {
    const { caller, calls } = recorder(true);
    await notifyApi(caller).read(1003, { read: false, onlyThis: false });
    expect(calls[0]!.params).toEqual({ ID: 1003, ACTION: 'N' });
  });

  it('returns the new counter of read.all', async () => {
    const { caller, calls } = recorder({ result: true, newCounter: 2 });
    expect(await notifyApi(caller).readAll()).toEqual({ newCounter: 2 });
    expect(calls[0]).toMatchObject({ method: 'im.notify.read.all', params: {} });
  });
});

describe('answer and confirm checks', () => {
  it.each([0, -3])('refuses answer id %s with ID_ERROR before looking at the text', (id) => {
    expectRefused(() => checkAnswer(id, ''), 'ID_ERROR', "Notification ID can't be empty");
  });

  it.each(['', '0', '   '])('refuses the answer text %j with ANSWER_TEXT_ERROR', (text) => {
    expectRefused(() => checkAnswer(5, text), 'ANSWER_TEXT_ERROR', "ANSWER_TEXT can't be empty");
  });

  it('refuses confirm id 0 with ID_ERROR', () => {
    expectRefused(() => checkConfirm(0, 'Y'), 'ID_ERROR', "Notification ID can't be empty");
  });

  it.each(['', '0'])('refuses the confirm value %j with the double-spaced NOTIFY_VALUE_ERROR text', (value) => {
    expectRefused(() => checkConfirm(5, value), 'NOTIFY_VALUE_ERROR', "Notification Value  can't be empty");
  });

  it('makes no call when answer or confirm is refused', async () => {
    const { caller, calls } = recorder({ result_message: false });
    const api = notifyApi(caller);
    await expect(api.answer(5, '')).rejects.toMatchObject({ code: 'ANSWER_TEXT_ERROR' });
    await expect(api.confirm(-1, 'Y')).rejects.toMatchObject({ code: 'ID_ERROR' });
    expect(calls).toEqual([]);
  });

  it('sends ID and ANSWER_TEXT and returns the result messages', async () => {
    const { caller, calls } = recorder({ result_message: ['Your reply has been sent.'] });
    expect(await notifyApi(caller).answer(5, 'ok')).toEqual(['Your reply has been sent.']);
    expect(calls[0]).toMatchObject({ method: 'im.notify.answer', params: { ID: 5, ANSWER_TEXT: 'ok' } });
  });

  it('sends ID and NOTIFY_VALUE and returns false when the portal found nothing', async () => {
    const { caller, calls } = recorder({ result_message: false });
    expect(await notifyApi(caller).confirm(5, 'Y')).toBe(false);
    expect(calls[0]).toMatchObject({ method: 'im.notify.confirm', params: { ID: 5, NOTIFY_VALUE: 'Y' } });
  });
});

describe('delete checks', () => {
  it('refuses an empty id list with PARAMS_ERROR and the delete text', () => {
    expectRefused(() => checkDelete({ ids: [] }), 'PARAMS_ERROR', 'Incorrect params');
  });

  it('refuses a non-positive id with ID_INVALID', () => {
    expectRefused(() => checkDelete({ ids: [1, -2] }), 'ID_INVALID', 'ids must be positive integers, got -2');
  });

  it.each(['', '0'])('refuses the empty tag %j with PARAMS_ERROR, as the portal does', (tag) => {
    expectRefused(() => checkDelete({ tag }), 'PARAMS_ERROR', 'Incorrect params');
  });

  it('refuses a tag or sub-tag longer than 246 characters with TAG_TOO_LONG', () => {
    expectRefused(() => checkDelete({ tag: 'a'.repeat(247) }), 'TAG_TOO_LONG', 'tag must be at most 246 characters, got 247');
    expectRefused(
      () => checkDelete({ subTag: 'b'.repeat(250), clientId: 'X' }),
      'TAG_TOO_LONG',
      'subTag must be at most 246 characters, got 250',
    );
  });

  it('makes no call when a delete is refused', async () => {
    const { caller, calls } = recorder();
    await expect(notifyApi(caller).delete({ ids: [] })).rejects.toMatchObject({ code: 'PARAMS_ERROR' });
    expect(calls).toEqual([]);
  });

  it('sends ID for ids, TAG with CLIENT_ID for a tag, and SUB_TAG for a sub-tag', async () => {
    const { caller, calls } = recorder(false);
    const api = notifyApi(caller);
    expect(await api.delete({ ids: [1003, 1001] })).toBe(false);
    await api.delete({ tag: 'x', clientId: 'MYBOT' });
    await api.delete({ subTag: 'y' });
    expect(calls.map((c) => [c.method, c.params])).toEqual([
      ['im.notify.delete', { ID: [1003, 1001] }],
      ['im.notify.delete', { TAG: 'x', CLIENT_ID: 'MYBOT' }],
      ['im.notify.delete', { SUB_TAG: 'y' }],
    ]);
  });
});

describe('search checks', () => {
  const tooShort = "SEARCH_TEXT can't be less then 3 symbols";

  it('refuses a search with no criterion and a text shorter than 3 with SEARCH_TEXT_ERROR', () => {
    expectRefused(() => checkSearch({ text: 'hi' }), 'SEARCH_TEXT_ERROR', tooShort);
    expectRefused(() => checkSearch({ text: '  ab  ' }), 'SEARCH_TEXT_ERROR', tooShort);
    expectRefused(() => checkSearch({}), 'SEARCH_TEXT_ERROR', tooShort);
    expectRefused(() => checkSearch({ authors: [], types: [], groupTag: 'confirm' }), 'SEARCH_TEXT_ERROR', tooShort);
  });

  it('accepts a short text when another criterion is given', () => {
    for (const extra of [{ type: 'rest' }, { types: ['im'] }, { authors: [0] }, { date: '2025-10-09' }]) {
      expect(() => checkSearch({ text: 'hi', ...extra })).not.toThrow();
    }
    expect(() => checkSearch({ text: 'hey' })).not.toThrow();
  });

  it('refuses a negative lastId with LAST_ID_STRING after the text check', () => {
    expectRefused(() => checkSearch({ text: 'hello', lastId: -1 }), 'LAST_ID_STRING', "Last notification ID can't be string");
    expect(refusal(() => checkSearch({ text: 'hi', lastId: -1 })).code).toBe('SEARCH_TEXT_ERROR');
  });

  it('refuses limit 51 with LIMIT_OUT_OF_RANGE', () => {
    expectRefused(() => checkSearch({ text: 'hello', limit: 51 }), 'LIMIT_OUT_OF_RANGE', 'limit must be 1..50, got 51');
  });

  it('refuses dateFrom without dateTo with DATE_RANGE_INCOMPLETE, since the portal would ignore the range', () => {
    expectRefused(
      () => checkSearch({ dateFrom: '2025-10-09T00:00:00+03:00' }),
      'DATE_RANGE_INCOMPLETE',
      'dateFrom and dateTo must be given together',
    );
    expectRefused(
      () => checkSearch({ text: 'hello', dateTo: '2025-10-09' }),
      'DATE_RANGE_INCOMPLETE',
      'dateFrom and dateTo must be given together',
    );
  });

  it('makes no call when a search is refused', async () => {
    const { caller, calls } = recorder([]);
    await expect(notifyApi(caller).search({ text: 'hi' })).rejects.toMatchObject({ code: 'SEARCH_TEXT_ERROR' });
    expect(calls).toEqual([]);
  });

  it('sends every criterion under its SEARCH_ key', async () => {
    const { caller, calls } = recorder([]);
    await notifyApi(caller).search({
      text: 'hello',
      type: 'rest|rest_notify',
      types: ['im', 'rest'],
      date: '2025-10-09',
      dateFrom: '2025-10-01',
      dateTo: '2025-10-09',
      authors: [0, 1],
      groupTag: 'confirm',
      lastId: 1003,
      limit: 10,
    });
    expect(calls[0]).toMatchObject({
      method: 'im.notify.history.search',
      params: {
        SEARCH_TEXT: 'hello',
        SEARCH_TYPE: 'rest|rest_notify',
        SEARCH_TYPES: ['im', 'rest'],
        SEARCH_DATE: '2025-10-09',
        SEARCH_DATE_FROM: '2025-10-01',
        SEARCH_DATE_TO: '2025-10-09',
        SEARCH_AUTHORS: [0, 1],
        GROUP_TAG: 'confirm',
        LAST_ID: 1003,
        LIMIT: 10,
      },
    });
  });

  it('normalises the [] answer to an empty page', async () => {
    const { caller } = recorder([]);
    expect(await notifyApi(caller).search({ text: 'hello' })).toEqual({
      chatId: null,
      notifications: [],
      users: [],
      totalResults: 0,
    });
  });

  it('reports totalResults as null when the portal leaves it out on a later page', async () => {
    const { caller } = recorder({ chat_id: 77, notifications: [], users: [] });
    expect(await notifyApi(caller).search({ text: 'hello', lastId: 9 })).toEqual({
      chatId: 77,
      notifications: [],
      users: [],
      totalResults: null,
    });
  });
});

describe('schema, counters and current user', () => {
  it('normalises an empty schema answer [] to {}', async () => {
    const { caller, calls } = recorder([]);
    expect(await notifyApi(caller).schema()).toEqual({});
    expect(calls[0]).toMatchObject({ method: 'im.notify.schema.get' });
  });

  it('reads the notify counter from TYPE.NOTIFY of im.counters.get', async () => {
    const { caller, calls } = recorder({ TYPE: { ALL: 4, NOTIFY: 3, CHAT: 1 } });
    expect(await notifyApi(caller).counters({ priority: 'background' })).toEqual({ notify: 3 });
    expect(calls[0]).toMatchObject({ method: 'im.counters.get', options: { priority: 'background' } });
  });

  it('turns user.current into a numeric id and a full name', async () => {
    const { caller, calls } = recorder({ ID: '3', ACTIVE: true, NAME: 'John', LAST_NAME: 'Smith', EMAIL: 'j@x.y' });
    expect(await notifyApi(caller).currentUser()).toEqual({
      id: 3,
      name: 'John Smith',
      firstName: 'John',
      lastName: 'Smith',
      active: true,
      email: 'j@x.y',
      workPosition: '',
      avatar: '',
    });
    expect(calls[0]).toMatchObject({ method: 'user.current' });
  });
});
