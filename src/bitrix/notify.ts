// The typed `im.notify.*` API (spec D): camelCase in, the portal's upper-case keys out, and local
// input checks (notify-checks.ts) that refuse what the portal would refuse before any call.
import {
  checkAnswer, checkConfirm, checkDelete, checkList, checkRead, checkReadList, checkSearch, checkSend,
} from './notify-checks.js';
import type {
  CurrentUser, CurrentUserWire, DeleteTarget, EmptyGetWire, GetWire, ListParams, NotificationInput, NotificationPage,
  NotificationSchema, SearchPage, SearchParams, SearchWire, SendParams,
} from './notify-types.js';
import type { CallOptions, Caller } from './types.js';

export * from './notify-checks.js';
export type * from './notify-types.js';

// Drops keys whose value is undefined, so only given parameters go on the wire.
function wire(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
}

const sendWire = (p: NotificationInput): Record<string, unknown> =>
  wire({ USER_ID: p.userId, MESSAGE: p.message, MESSAGE_OUT: p.messageOut, TAG: p.tag, SUB_TAG: p.subTag, ATTACH: p.attach });

// The branch the target names; CLIENT_ID goes on the wire only when given.
const deleteWire = (t: DeleteTarget): Record<string, unknown> =>
  'ids' in t ? { ID: t.ids } : 'tag' in t ? wire({ TAG: t.tag, CLIENT_ID: t.clientId }) : wire({ SUB_TAG: t.subTag, CLIENT_ID: t.clientId });

const searchWire = (p: SearchParams): Record<string, unknown> =>
  wire({
    SEARCH_TEXT: p.text, SEARCH_TYPE: p.type, SEARCH_TYPES: p.types, SEARCH_DATE: p.date, SEARCH_DATE_FROM: p.dateFrom,
    SEARCH_DATE_TO: p.dateTo, SEARCH_AUTHORS: p.authors, GROUP_TAG: p.groupTag, LAST_ID: p.lastId, LIMIT: p.limit,
  });

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
  const api = Object.create(methods) as Bound;
  api.caller = caller;
  return api;
}

type Bound = NotifyApi & { caller: Caller };

const sendVia = (caller: Caller, method: string, params: Record<string, unknown>, options?: CallOptions) =>
  caller.call<number | false>(method, params, options);
const resultMessage = async (caller: Caller, method: string, params: Record<string, unknown>, options?: CallOptions) =>
  (await caller.call<{ result_message: string[] | false }>(method, params, options)).result_message;

// Shared by every bound API: each GraphQL operation (thousands of idle subscriptions among
// them) gets one small object instead of a closure per method.
const methods: NotifyApi & ThisType<Bound> = {
  async send(p, options) {
    checkSend(p);
    return sendVia(this.caller, 'im.notify', { ...sendWire(p), TYPE: p.type ?? 'USER' }, options);
  },
  async sendPersonal(p, options) {
    checkSend(p);
    return sendVia(this.caller, 'im.notify.personal.add', sendWire(p), options);
  },
  async sendSystem(p, options) {
    checkSend(p);
    return sendVia(this.caller, 'im.notify.system.add', sendWire(p), options);
  },
  async list(p = {}, options) {
    checkList(p);
    const params = wire({ LAST_ID: p.lastId, LAST_TYPE: p.lastType, LIMIT: p.limit });
    const raw = await this.caller.call<GetWire | EmptyGetWire>('im.notify.get', params, options);
    if (!('chat_id' in raw)) return { totalCount: 0, totalUnreadCount: 0, chatId: null, notifications: [], users: [] };
    const { total_count: totalCount, total_unread_count: totalUnreadCount, chat_id: chatId, notifications, users } = raw;
    return { totalCount, totalUnreadCount, chatId, notifications, users };
  },
  async schema(options) {
    const raw = await this.caller.call<NotificationSchema | []>('im.notify.schema.get', {}, options);
    return Array.isArray(raw) ? {} : raw;
  },
  async readList(ids, read = true, options) {
    checkReadList(ids);
    return this.caller.call<true>('im.notify.read.list', { IDS: ids, ACTION: read ? 'Y' : 'N' }, options);
  },
  async read(id, opts = {}, options) {
    checkRead(id);
    const { read = true, onlyThis = true } = opts;
    const params = wire({ ID: id, ACTION: read ? 'Y' : 'N', ONLY_CURRENT: onlyThis ? 'Y' : undefined });
    return this.caller.call<true>('im.notify.read', params, options);
  },
  async readAll(options) {
    const raw = await this.caller.call<{ result: boolean; newCounter: number }>('im.notify.read.all', {}, options);
    return { newCounter: raw.newCounter };
  },
  async answer(id, text, options) {
    checkAnswer(id, text);
    return resultMessage(this.caller, 'im.notify.answer', { ID: id, ANSWER_TEXT: text }, options);
  },
  async confirm(id, value, options) {
    checkConfirm(id, value);
    return resultMessage(this.caller, 'im.notify.confirm', { ID: id, NOTIFY_VALUE: value }, options);
  },
  async delete(target, options) {
    checkDelete(target);
    return this.caller.call<boolean>('im.notify.delete', deleteWire(target), options);
  },
  async search(p, options) {
    checkSearch(p);
    const raw = await this.caller.call<SearchWire | []>('im.notify.history.search', searchWire(p), options);
    if (Array.isArray(raw)) return { chatId: null, notifications: [], users: [], totalResults: 0 };
    return { chatId: raw.chat_id, notifications: raw.notifications, users: raw.users, totalResults: raw.total_results ?? null };
  },
  async counters(options) {
    const raw = await this.caller.call<{ TYPE: { NOTIFY: number } }>('im.counters.get', {}, options);
    return { notify: raw.TYPE.NOTIFY };
  },
  async currentUser(options) {
    const raw = await this.caller.call<CurrentUserWire>('user.current', {}, options);
    const [firstName, lastName, email] = [raw.NAME ?? '', raw.LAST_NAME ?? '', raw.EMAIL ?? ''];
    const name = [firstName, lastName].filter(Boolean).join(' ') || email;
    const [workPosition, avatar] = [raw.WORK_POSITION ?? '', raw.PERSONAL_PHOTO ?? ''];
    return { id: Number(raw.ID), name, firstName, lastName, active: raw.ACTIVE ?? true, email, workPosition, avatar };
  },
};
