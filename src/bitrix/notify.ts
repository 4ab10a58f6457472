// The typed `im.notify.*` API (spec D): camelCase in, the portal's upper-case keys out, and local
// input checks that refuse what the portal would refuse (same code and text) before any call.
import type {
  DeleteTarget,
  EmptyGetWire,
  GetWire,
  ListCursor,
  ListParams,
  NotificationInput,
  NotificationPage,
  NotificationSchema,
  CurrentUser,
  CurrentUserWire,
  SearchPage,
  SearchParams,
  SearchWire,
  SendParams,
} from './notify-types.js';
import type { CallOptions, Caller } from './types.js';

export type * from './notify-types.js';

/** Most items a page may hold (`LIMIT`). */
export const MAX_LIMIT = 50;
/** `ATTACH` JSON must stay below this many characters. */
export const ATTACH_MAX_CHARS = 60000;
/** Longest `TAG`/`SUB_TAG`: the stored column holds 255 characters, 9 of them the `MP|xxxxx|` prefix. */
export const TAG_MAX_CHARS = 246;

/**
 * An input refused by the client itself. `code` and `description` equal the portal's own error where the
 * portal has one (spec F), so callers see the same error whichever side refused. Client-only codes:
 * `LIMIT_OUT_OF_RANGE`, `TAG_TOO_LONG`, `ID_INVALID`, `LAST_TYPE_INVALID`, `DATE_RANGE_INCOMPLETE`.
 */
export class LocalCheckError extends Error {
  override readonly name = 'LocalCheckError';
  constructor(
    readonly code: string,
    readonly description: string,
  ) {
    super(description);
  }
}

const fail = (code: string, description: string): never => {
  throw new LocalCheckError(code, description);
};

const isPositiveInt = (n: unknown): boolean => Number.isSafeInteger(n) && (n as number) > 0;
// PHP's empty() for a string parameter: "" and "0".
const phpEmpty = (s: unknown): boolean => typeof s !== 'string' || s === '' || s === '0';
const chars = (s: string): number => [...s].length;

function checkLimit(limit: number | undefined): void {
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 1 && limit <= MAX_LIMIT)) {
    fail('LIMIT_OUT_OF_RANGE', `limit must be 1..${MAX_LIMIT}, got ${limit}`);
  }
}

function checkLastId(lastId: number | undefined): void {
  if (lastId !== undefined && !(Number.isSafeInteger(lastId) && lastId >= 0)) {
    fail('LAST_ID_STRING', "Last notification ID can't be string");
  }
}

function checkTag(name: 'tag' | 'subTag', value: string | undefined): void {
  if (value !== undefined && chars(value) > TAG_MAX_CHARS) {
    fail('TAG_TOO_LONG', `${name} must be at most ${TAG_MAX_CHARS} characters, got ${chars(value)}`);
  }
}

function checkIdList(ids: number[], emptyMessage: string): void {
  if (!Array.isArray(ids) || ids.length === 0) fail('PARAMS_ERROR', emptyMessage);
  const bad = ids.find((id) => !isPositiveInt(id));
  if (bad !== undefined) fail('ID_INVALID', `ids must be positive integers, got ${bad}`);
}

/** Checks of `im.notify*` in the portal's order: recipient, message, attach; then the tag length. */
export function checkSend(p: NotificationInput): void {
  if (!isPositiveInt(p.userId)) fail('USER_ID_EMPTY', "User ID can't be empty");
  if (typeof p.message !== 'string' || p.message.trim() === '') fail('MESSAGE_EMPTY', "Message can't be empty");
  if (p.attach !== undefined && JSON.stringify(p.attach).length >= ATTACH_MAX_CHARS) {
    fail('ATTACH_OVERSIZE', 'You have exceeded the maximum allowable size of attach');
  }
  checkTag('tag', p.tag);
  checkTag('subTag', p.subTag);
}

/** Checks of `im.notify.get`: cursor halves together, non-negative integer id, stage 1 or 3, limit 1..50. */
export function checkList(p: ListParams): void {
  if ((p.lastId === undefined) !== (p.lastType === undefined)) {
    fail('LAST_ID_AND_LAST_TYPE', 'Parameters LAST_ID and LAST_TYPE should be used together.');
  }
  checkLastId(p.lastId);
  if (p.lastType !== undefined && p.lastType !== 1 && p.lastType !== 3) {
    fail('LAST_TYPE_INVALID', `lastType must be 1 or 3, got ${p.lastType}`);
  }
  checkLimit(p.limit);
}

/** Checks of `im.notify.read.list`: a non-empty list of positive ids (the portal stops at the first id ≤ 0). */
export function checkReadList(ids: number[]): void {
  checkIdList(ids, 'No IDS param or it is not an array');
}

/** Checks of `im.notify.read`: a positive id (the portal reads *everything* for id 0). */
export function checkRead(id: number): void {
  if (!isPositiveInt(id)) fail('ID_INVALID', `id must be a positive integer, got ${id}`);
}

/** Checks of `im.notify.answer`: id, then text (`""`, `"0"` and blank texts are refused). */
export function checkAnswer(id: number, text: string): void {
  if (!isPositiveInt(id)) fail('ID_ERROR', "Notification ID can't be empty");
  if (phpEmpty(text) || text.trim() === '') fail('ANSWER_TEXT_ERROR', "ANSWER_TEXT can't be empty");
}

/** Checks of `im.notify.confirm`: id, then value (`""` and `"0"` are refused, as by the portal). */
export function checkConfirm(id: number, value: string): void {
  if (!isPositiveInt(id)) fail('ID_ERROR', "Notification ID can't be empty");
  if (phpEmpty(value)) fail('NOTIFY_VALUE_ERROR', "Notification Value  can't be empty");
}

/** Checks of `im.notify.delete`: a non-empty id list of positive ids, or a non-empty tag of at most 246 characters. */
export function checkDelete(target: DeleteTarget): void {
  if ('ids' in target) return checkIdList(target.ids, 'Incorrect params');
  const [name, value] = 'tag' in target ? (['tag', target.tag] as const) : (['subTag', target.subTag] as const);
  if (phpEmpty(value)) fail('PARAMS_ERROR', 'Incorrect params');
  checkTag(name, value);
}

/** Checks of `im.notify.history.search` in the portal's order, then limit and the date range. */
export function checkSearch(p: SearchParams): void {
  const noCriterion =
    !p.type && !p.date && (p.text ?? '').trim().length < 3 && !p.authors?.length && !p.types?.length &&
    !p.dateFrom && !p.dateTo;
  if (noCriterion) fail('SEARCH_TEXT_ERROR', "SEARCH_TEXT can't be less then 3 symbols");
  checkLastId(p.lastId);
  checkLimit(p.limit);
  if (!p.dateFrom !== !p.dateTo) fail('DATE_RANGE_INCOMPLETE', 'dateFrom and dateTo must be given together');
}

/**
 * The cursor of the page after `page`, as the vendor's UI derives it: the last item's id and stage
 * (1 if it is a confirm, else 3); `null` when the page held fewer than `limit` items (the last page).
 */
export function nextCursor(page: NotificationPage, limit: number = MAX_LIMIT): ListCursor | null {
  const last = page.notifications.at(-1);
  if (!last || page.notifications.length < limit) return null;
  return { lastId: last.id, lastType: last.notify_type === 1 ? 1 : 3 };
}

// Drops keys whose value is undefined, so only given parameters go on the wire.
function wire(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
}

const sendWire = (p: NotificationInput): Record<string, unknown> =>
  wire({ USER_ID: p.userId, MESSAGE: p.message, MESSAGE_OUT: p.messageOut, TAG: p.tag, SUB_TAG: p.subTag, ATTACH: p.attach });

export interface NotifyApi {
  /** `im.notify`: a personal (`type: 'USER'`, default) or system notification. Id, or `false` when not stored (unknown/inactive/external recipient). */
  send(params: SendParams, options?: CallOptions): Promise<number | false>;
  /** `im.notify.personal.add`: authored by the caller. */
  sendPersonal(params: NotificationInput, options?: CallOptions): Promise<number | false>;
  /** `im.notify.system.add`: author 0. */
  sendSystem(params: NotificationInput, options?: CallOptions): Promise<number | false>;
  /** `im.notify.get`: one page (confirms first). Polling passes `{ priority: 'background' }`. */
  list(params?: ListParams, options?: CallOptions): Promise<NotificationPage>;
  /** `im.notify.schema.get`: modules and their notification types (`{}` when none). */
  schema(options?: CallOptions): Promise<NotificationSchema>;
  /** `im.notify.read.list`: mark these ids read (`read`, default true) or unread. Unread also revives same-tag notifications. */
  readList(ids: number[], read?: boolean, options?: CallOptions): Promise<true>;
  /**
   * `im.notify.read`: mark one notification read (default) or unread.
   * `onlyThis` defaults to **true** here: the portal's own default marks this id *and every newer one*,
   * a trap this API does not copy; pass `onlyThis: false` to get that range behaviour.
   */
  read(id: number, opts?: { read?: boolean; onlyThis?: boolean }, options?: CallOptions): Promise<true>;
  /** `im.notify.read.all`: everything read except confirms; the new unread count (confirms still unread). */
  readAll(options?: CallOptions): Promise<{ newCounter: number }>;
  /** `im.notify.answer`: the handler's messages, or `false` when the notification is not the caller's. */
  answer(id: number, text: string, options?: CallOptions): Promise<string[] | false>;
  /** `im.notify.confirm`: press a button of a confirm notification (it is then deleted); `false` when not found / not a confirm. */
  confirm(id: number, value: string, options?: CallOptions): Promise<string[] | false>;
  /**
   * `im.notify.delete`. By `ids`: the caller's own notifications; `true` if any was deleted.
   * By `tag`: removes that app's tagged notifications of **every recipient on the portal**; always `true`.
   * By `subTag`: same portal-wide scope; `false` when nothing matched. Webhook callers must pass `clientId`.
   */
  delete(target: DeleteTarget, options?: CallOptions): Promise<boolean>;
  /** `im.notify.history.search`: criteria AND-ed, newest first; an empty page when the portal answers `[]`. */
  search(params: SearchParams, options?: CallOptions): Promise<SearchPage>;
  /** `im.counters.get`: the unread notification counter (`TYPE.NOTIFY`, capped at 100). */
  counters(options?: CallOptions): Promise<{ notify: number }>;
  /** `user.current`: who the caller is. */
  currentUser(options?: CallOptions): Promise<CurrentUser>;
}

export function notifyApi(caller: Caller): NotifyApi {
  const sendVia = async (method: string, params: Record<string, unknown>, options?: CallOptions) =>
    caller.call<number | false>(method, params, options);

  return {
    async send(p, options) {
      checkSend(p);
      return sendVia('im.notify', { ...sendWire(p), TYPE: p.type ?? 'USER' }, options);
    },
    async sendPersonal(p, options) {
      checkSend(p);
      return sendVia('im.notify.personal.add', sendWire(p), options);
    },
    async sendSystem(p, options) {
      checkSend(p);
      return sendVia('im.notify.system.add', sendWire(p), options);
    },
    async list(p = {}, options) {
      checkList(p);
      const raw = await caller.call<GetWire | EmptyGetWire>(
        'im.notify.get',
        wire({ LAST_ID: p.lastId, LAST_TYPE: p.lastType, LIMIT: p.limit }),
        options,
      );
      if (!('chat_id' in raw)) return { totalCount: 0, totalUnreadCount: 0, chatId: null, notifications: [], users: [] };
      return {
        totalCount: raw.total_count,
        totalUnreadCount: raw.total_unread_count,
        chatId: raw.chat_id,
        notifications: raw.notifications,
        users: raw.users,
      };
    },
    async schema(options) {
      const raw = await caller.call<NotificationSchema | []>('im.notify.schema.get', {}, options);
      return Array.isArray(raw) ? {} : raw;
    },
    async readList(ids, read = true, options) {
      checkReadList(ids);
      return caller.call<true>('im.notify.read.list', { IDS: ids, ACTION: read ? 'Y' : 'N' }, options);
    },
    async read(id, opts = {}, options) {
      checkRead(id);
      const { read = true, onlyThis = true } = opts;
      const params = wire({ ID: id, ACTION: read ? 'Y' : 'N', ONLY_CURRENT: onlyThis ? 'Y' : undefined });
      return caller.call<true>('im.notify.read', params, options);
    },
    async readAll(options) {
      const raw = await caller.call<{ result: boolean; newCounter: number }>('im.notify.read.all', {}, options);
      return { newCounter: raw.newCounter };
    },
    async answer(id, text, options) {
      checkAnswer(id, text);
      const raw = await caller.call<{ result_message: string[] | false }>(
        'im.notify.answer',
        { ID: id, ANSWER_TEXT: text },
        options,
      );
      return raw.result_message;
    },
    async confirm(id, value, options) {
      checkConfirm(id, value);
      const raw = await caller.call<{ result_message: string[] | false }>(
        'im.notify.confirm',
        { ID: id, NOTIFY_VALUE: value },
        options,
      );
      return raw.result_message;
    },
    async delete(target, options) {
      checkDelete(target);
      const params =
        'ids' in target
          ? { ID: target.ids }
          : 'tag' in target
            ? wire({ TAG: target.tag, CLIENT_ID: target.clientId })
            : wire({ SUB_TAG: target.subTag, CLIENT_ID: target.clientId });
      return caller.call<boolean>('im.notify.delete', params, options);
    },
    async search(p, options) {
      checkSearch(p);
      const params = wire({
        SEARCH_TEXT: p.text,
        SEARCH_TYPE: p.type,
        SEARCH_TYPES: p.types,
        SEARCH_DATE: p.date,
        SEARCH_DATE_FROM: p.dateFrom,
        SEARCH_DATE_TO: p.dateTo,
        SEARCH_AUTHORS: p.authors,
        GROUP_TAG: p.groupTag,
        LAST_ID: p.lastId,
        LIMIT: p.limit,
      });
      const raw = await caller.call<SearchWire | []>('im.notify.history.search', params, options);
      if (Array.isArray(raw)) return { chatId: null, notifications: [], users: [], totalResults: 0 };
      return {
        chatId: raw.chat_id,
        notifications: raw.notifications,
        users: raw.users,
        totalResults: raw.total_results ?? null,
      };
    },
    async counters(options) {
      const raw = await caller.call<{ TYPE: { NOTIFY: number } }>('im.counters.get', {}, options);
      return { notify: raw.TYPE.NOTIFY };
    },
    async currentUser(options) {
      const raw = await caller.call<CurrentUserWire>('user.current', {}, options);
      const firstName = raw.NAME ?? '';
      const lastName = raw.LAST_NAME ?? '';
      const email = raw.EMAIL ?? '';
      return {
        id: Number(raw.ID),
        name: [firstName, lastName].filter(Boolean).join(' ') || email,
        firstName,
        lastName,
        active: raw.ACTIVE ?? true,
        email,
        workPosition: raw.WORK_POSITION ?? '',
        avatar: raw.PERSONAL_PHOTO ?? '',
      };
    },
  };
}
