// im.notify.history.search (spec D.12): AND-ed filters over the caller's notifications.
import { incorrectDate, restError } from '../errors.js';
import { intval, isEmpty, isPhpArray, phpString, phpTrim, phpValues, upperKeys } from '../php.js';
import type { Method, MethodContext } from '../portal.js';
import { presentAuthors, presentNotification } from '../present.js';
import { NOTIFY_CONFIRM, type StoredNotification, notificationsOf } from '../state.js';
import { cursorId, isSet, pageLimit, take } from './paging.js';

const DAY = 86400;

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

export const searchMethods: Record<string, Method> = {
  'im.notify.history.search': { scope: ['im'], run: search },
};
