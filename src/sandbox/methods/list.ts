// im.notify.get (spec D.4) and im.notify.history.search (D.12).
import { incorrectDate, restError } from '../errors.js';
import { intval, isEmpty, isPhpArray, phpString, phpTrim, phpValues, upperKeys } from '../php.js';
import type { Method, MethodContext } from '../portal.js';
import { presentAuthors, presentNotification } from '../present.js';
import { NOTIFY_CONFIRM, type StoredNotification, notificationsOf, unreadCounter } from '../state.js';

const CONFIRM_STAGE = 1;
const SIMPLE_STAGE = 3;
const MAX_LIMIT = 50;
const DAY = 86400;

function get({ portal, identity, params: raw }: MethodContext): unknown {
  const params = upperKeys(raw);
  const hasId = isSet(params.LAST_ID);
  if (hasId !== isSet(params.LAST_TYPE)) throw restError('lastIdAndLastType');
  const lastId = hasId ? cursorId(params.LAST_ID) : 0;
  const lastType = intval(params.LAST_TYPE);
  const limit = pageLimit(params.LIMIT);

  const user = portal.state.users[identity.userId];
  const all = notificationsOf(portal.state, identity.userId);
  if (!user?.notifyChatId || all.length === 0) return { notifications: [], users: [] };

  const first = lastId === 0 && lastType === 0;
  const page: StoredNotification[] = [];
  if (first || lastType === CONFIRM_STAGE) {
    page.push(...take(all.filter((n) => n.type === NOTIFY_CONFIRM && (first || n.id < lastId)), limit));
  }
  const regular = all.filter((n) => n.type !== NOTIFY_CONFIRM);
  // The regular stage restarts from the top once the confirm stage is exhausted; with a
  // non-positive LIMIT the first page therefore has confirms only (the portal's quirk).
  const room = limit - page.length;
  if ((first || lastType === CONFIRM_STAGE) && room > 0) page.push(...take(regular, room));
  if (!first && lastType === SIMPLE_STAGE) page.push(...take(regular.filter((n) => n.id < lastId), limit));

  return {
    total_count: all.length,
    total_unread_count: unreadCounter(portal.state, identity.userId),
    chat_id: user.notifyChatId,
    notifications: page.map((n) => presentNotification(n, portal.clock)),
    users: presentAuthors(portal.state, page, portal.clock, portal.url),
  };
}

function search({ portal, identity, params: raw }: MethodContext): unknown {
  const params = upperKeys(raw);
  const text = typeof params.SEARCH_TEXT === 'string' ? phpTrim(params.SEARCH_TEXT) : '';
  const types = isPhpArray(params.SEARCH_TYPES)
    ? phpValues(params.SEARCH_TYPES).filter((t): t is string => typeof t === 'string' && t !== '')
    : [];
  if (
    isEmpty(params.SEARCH_TYPE) && isEmpty(params.SEARCH_DATE) && text.length < 3 && isEmpty(params.SEARCH_AUTHORS) &&
    types.length === 0 && isEmpty(params.SEARCH_DATE_FROM) && isEmpty(params.SEARCH_DATE_TO)
  ) {
    throw restError('searchTextError');
  }
  const lastId = isSet(params.LAST_ID) ? cursorId(params.LAST_ID) : 0;
  const limit = pageLimit(params.LIMIT);

  const user = portal.state.users[identity.userId];
  if (!user?.notifyChatId) return [];

  const filters: Array<(n: StoredNotification) => boolean> = [];
  const words = text.match(/[\p{L}\p{N}_]+/gu) ?? [];
  if (words.length) filters.push((n) => words.every((w) => n.message.toLowerCase().includes(w.toLowerCase())));

  const typeFilter = moduleFilter(types, params.SEARCH_TYPE);
  if (typeFilter) filters.push(typeFilter);

  const authors = isPhpArray(params.SEARCH_AUTHORS)
    ? phpValues(params.SEARCH_AUTHORS).filter(isNumericNonNegative).map(intval)
    : [];
  if (authors.length) filters.push((n) => authors.includes(n.authorId));

  const window = dateWindow(params);
  if (filters.length === 0 && !window) return [];
  if (window) {
    const [from, to] = [parseSearchDate(window[0]), parseSearchDate(window[1]) + DAY];
    filters.push((n) => n.date >= from && n.date <= to);
  }
  const group = groupFilter(params.GROUP_TAG);
  if (group) filters.push(group);

  const matches = notificationsOf(portal.state, identity.userId).filter((n) => filters.every((f) => f(n)));
  const page = take(matches.filter((n) => lastId <= 0 || n.id < lastId), limit);
  const result: Record<string, unknown> = {
    chat_id: user.notifyChatId,
    notifications: page.map((n) => presentNotification(n, portal.clock)),
    users: presentAuthors(portal.state, page, portal.clock, portal.url),
  };
  if (lastId === 0) result.total_results = matches.length;
  return result;
}

/** PHP `isset`: present and not null. */
const isSet = (value: unknown): boolean => value !== undefined && value !== null;

// LAST_ID must be all digits in its string form; JSON integers pass.
function cursorId(value: unknown): number {
  const text = phpString(value);
  if (!/^\d+$/.test(text)) throw restError('lastIdString');
  return Number(text);
}

/** LIMIT: default 50, capped at 50; zero or less means no limit at all. */
function pageLimit(value: unknown): number {
  if (value === undefined || value === null) return MAX_LIMIT;
  const limit = intval(value);
  return limit <= 0 ? 0 : Math.min(limit, MAX_LIMIT);
}

const take = <T>(items: T[], limit: number): T[] => (limit > 0 ? items.slice(0, limit) : items);

const isNumericNonNegative = (v: unknown): boolean =>
  (typeof v === 'number' && v >= 0) || (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v));

// One SEARCH_TYPES item (or SEARCH_TYPE) is `MODULE` or `MODULE|EVENT`; several are modules only.
function moduleFilter(types: string[], single: unknown): ((n: StoredNotification) => boolean) | null {
  if (types.length > 1) return (n) => types.includes(n.module);
  const spec = types.length === 1 ? types[0] : isEmpty(single) ? '' : phpString(single);
  if (spec === '') return null;
  const [module, event] = spec.split('|');
  return (n) => n.module === module && (event === undefined || n.event === event);
}

// FROM+TO together win over SEARCH_DATE; FROM or TO alone is ignored.
function dateWindow(params: Record<string, unknown>): [string, string] | null {
  if (!isEmpty(params.SEARCH_DATE_FROM) && !isEmpty(params.SEARCH_DATE_TO)) {
    return [phpString(params.SEARCH_DATE_FROM), phpString(params.SEARCH_DATE_TO)];
  }
  if (!isEmpty(params.SEARCH_DATE)) return [phpString(params.SEARCH_DATE), phpString(params.SEARCH_DATE)];
  return null;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:\.\d+)?)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Unix seconds of an RFC 3339 date; date-only and offset-less forms are read as UTC. */
function parseSearchDate(value: string): number {
  const m = RFC3339.exec(value.trim());
  if (!m) throw incorrectDate(value);
  const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = m;
  let offset = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const z = zone.replace(':', '');
    offset = (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5)));
  }
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms) || Number(mo) > 12 || Number(d) > 31) throw incorrectDate(value);
  return ms / 1000 - offset * 60;
}

const ADMIN_EVENTS: Array<[string | null, string[]]> = [
  ['blog', ['log_notify_all_request']],
  ['imbot', ['refresh_error']],
  ['intranet', ['refresh_error']],
  ['voximplant', ['notifications', 'status_notifications']],
  [null, ['admin_notification']],
];

// GROUP_TAG narrows the search but is no criterion on its own; custom groups are not modelled.
function groupFilter(value: unknown): ((n: StoredNotification) => boolean) | null {
  if (value === 'confirm') return (n) => n.type === NOTIFY_CONFIRM;
  if (value === 'mention') return (n) => n.event === 'mention' || n.event === 'mention_comment';
  if (value === 'admin') {
    return (n) => ADMIN_EVENTS.some(([module, events]) => (module === null || n.module === module) && events.includes(n.event));
  }
  return null;
}

const IM = ['im'];

export const listMethods: Record<string, Method> = {
  'im.notify.get': { scope: IM, run: get },
  'im.notify.history.search': { scope: IM, run: search },
};
