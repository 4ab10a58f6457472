// REST shapes of stored records: notification objects (D.0.6), keyboard buttons (D.0.7) and
// author objects (D.0.8).
import type { Clock } from './clock.js';
import { type PortalState, type StoredNotification, type User } from './state.js';
import { outputText } from './text.js';

const BUTTONS_MAX_CHARS = 60000;

/** A notification as `im.notify.get` and `im.notify.history.search` list it. */
export function presentNotification(n: StoredNotification, clock: Clock): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: n.id,
    chat_id: n.chatId,
    author_id: reportedAuthor(n),
    date: clock.format(n.date),
    notify_type: n.type,
    notify_module: n.module,
    notify_event: n.event,
    notify_tag: n.tag,
    notify_sub_tag: n.subTag,
    notify_title: n.title,
    setting_name: `${n.module}|${n.event}`,
    text: outputText(n.message),
  };
  if (n.buttons && n.buttons.length > 0) out.notify_buttons = keyboardJson(n);
  out.params = n.params && Object.keys(n.params).length > 0 ? n.params : null;
  out.notify_read = n.read ? 'Y' : 'N';
  return out;
}

/** The author as listed: `private_system` notifications hide their author. */
export const reportedAuthor = (n: StoredNotification): number => (n.event === 'private_system' ? 0 : n.authorId);

/** `users[]` of a page: one object per distinct non-zero author, in page order. */
export function presentAuthors(state: PortalState, page: StoredNotification[], clock: Clock, portalUrl: string): unknown[] {
  const ids = [...new Set(page.map(reportedAuthor).filter((id) => id > 0))];
  return ids.map((id) => state.users[id]).filter((u): u is User => !!u).map((u) => presentImUser(u, clock, portalUrl));
}

/** The messenger's user object (D.0.8), also used by `im.user.list.get`. */
export function presentImUser(u: User, clock: Clock, portalUrl: string): Record<string, unknown> {
  const phones = Object.fromEntries(Object.entries(u.phones).filter(([, v]) => v));
  const avatar = u.avatar && u.avatar.startsWith('/') ? portalUrl + u.avatar : u.avatar;
  const bot = u.externalAuthId === 'bot';
  return {
    id: u.id,
    active: u.active,
    name: `${u.firstName} ${u.lastName}`.trim(),
    first_name: u.firstName,
    last_name: u.lastName,
    work_position: u.workPosition,
    color: u.color,
    avatar,
    avatar_hr: avatar,
    gender: u.gender,
    birthday: u.birthday,
    extranet: false,
    network: false,
    bot,
    connector: u.externalAuthId === 'imconnector',
    external_auth_id: u.externalAuthId,
    status: 'online',
    idle: false,
    last_activity_date: u.lastActivity == null ? false : clock.format(u.lastActivity),
    mobile_last_date: false,
    desktop_last_date: false,
    absent: false,
    departments: u.departments,
    phones: Object.keys(phones).length > 0 ? phones : false,
    bot_data: null,
    type: bot ? 'bot' : 'user',
    website: u.website,
    email: u.email,
  };
}

/** The `user.current` / `user.get` record: upper-case keys, string ids. */
export function presentRestUser(u: User, clock: Clock): Record<string, unknown> {
  return {
    ID: String(u.id),
    XML_ID: '',
    ACTIVE: u.active,
    NAME: u.firstName,
    LAST_NAME: u.lastName,
    SECOND_NAME: '',
    EMAIL: u.email,
    LAST_LOGIN: u.lastActivity == null ? '' : clock.format(u.lastActivity),
    DATE_REGISTER: clock.format(u.registered),
    IS_ONLINE: 'Y',
    TIME_ZONE_OFFSET: '0',
    PERSONAL_GENDER: u.gender,
    PERSONAL_BIRTHDAY: '',
    PERSONAL_PHOTO: u.avatar,
    PERSONAL_MOBILE: u.phones.personal_mobile ?? '',
    PERSONAL_WWW: u.website,
    WORK_PHONE: u.phones.work_phone ?? '',
    WORK_POSITION: u.workPosition,
    UF_PHONE_INNER: u.phones.inner_phone ?? '',
    UF_DEPARTMENT: u.departments,
    USER_TYPE: u.externalAuthId === 'default' ? 'employee' : u.externalAuthId,
  };
}

// The confirm buttons as the messenger's keyboard JSON, a string inside the JSON answer.
function keyboardJson(n: StoredNotification): string {
  const buttons = (n.buttons ?? []).map((b) => ({
    BOT_ID: 111,
    TYPE: 'BUTTON',
    COMMAND: 'notifyConfirm',
    COMMAND_PARAMS: `${n.id}|${b.VALUE}`,
    TEXT: b.TITLE,
    VOTE: 'N',
    BLOCK: 'N',
    WAIT: 'N',
    CONTEXT: 'ALL',
    DISABLED: 'N',
    DISPLAY: 'LINE',
    BG_COLOR: b.TYPE === 'accept' ? '#8BC84B' : '#ef4b57',
    BG_COLOR_TOKEN: 'base',
    TEXT_COLOR: '#fff',
    ...(b.URL ? { LINK: b.URL } : {}),
  }));
  const json = JSON.stringify(buttons).replace(/\//g, '\\/');
  return json.length >= BUTTONS_MAX_CHARS ? '' : json;
}
