// im.notify.schema.get (spec D.5), and the user and counter methods clients need around it:
// user.current, user.get, im.user.list.get, im.counters.get.
import { RestError } from '../errors.js';
import { intval, isPhpArray, phpValues, upperKeys } from '../php.js';
import { type Method, type MethodContext, Paged } from '../portal.js';
import { presentImUser, presentRestUser } from '../present.js';
import { type User, unreadCounter } from '../state.js';

const USER_PAGE = 50;

function schema({ portal }: MethodContext): unknown {
  return Object.fromEntries(portal.state.schema.map((m) => [m.MODULE_ID, m]));
}

function currentUser({ portal, identity }: MethodContext): unknown {
  return presentRestUser(portal.state.users[identity.userId], portal.clock);
}

// user.get filters by ID (top level or in FILTER) and ACTIVE, 50 per page with `start`.
function getUsers({ portal, params: raw, start }: MethodContext): Paged {
  const params = upperKeys(raw);
  const filter = isPhpArray(params.FILTER) ? upperKeys(params.FILTER as Record<string, unknown>) : {};
  const idValue = params.ID ?? filter.ID;
  const ids = idValue === undefined ? null : (isPhpArray(idValue) ? phpValues(idValue) : [idValue]).map(intval);
  const active = filter.ACTIVE;
  const users = Object.values(portal.state.users)
    .filter((u) => ids === null || ids.includes(u.id))
    .filter((u) => active === undefined || u.active === (active === true || active === 'Y' || active === '1'))
    .sort((a, b) => a.id - b.id);
  const page = users.slice(start, start + USER_PAGE);
  const next = start + USER_PAGE < users.length ? start + USER_PAGE : undefined;
  return new Paged(page.map((u) => presentRestUser(u, portal.clock)), users.length, next);
}

// im.user.list.get: ID is a list or a JSON string of one; keyed by id unless RESULT_TYPE=array.
function listImUsers({ portal, params: raw }: MethodContext): unknown {
  const params = upperKeys(raw);
  let ids: unknown = params.ID;
  if (typeof ids === 'string') {
    try {
      ids = JSON.parse(ids);
    } catch {
      ids = null;
    }
  }
  if (!isPhpArray(ids)) throw new RestError('INVALID_FORMAT', 'A wrong format for the ID field is passed', 400);
  const users = phpValues(ids).map((id) => portal.state.users[intval(id)]).filter((u): u is User => !!u);
  const presented = users.map((u) => presentImUser(u, portal.clock, portal.url));
  if (params.RESULT_TYPE === 'array') return presented;
  return Object.fromEntries(presented.map((u) => [String(u.id), u]));
}

// Only notifications exist in the sandbox, so every other messenger counter is zero.
function counters({ portal, identity }: MethodContext): unknown {
  const notify = unreadCounter(portal.state, identity.userId);
  return {
    TYPE: { ALL: notify, NOTIFY: notify, CHAT: 0, LINES: 0, DIALOG: 0, MESSENGER: 0 },
    CHAT: [],
    CHAT_MUTED: [],
    CHAT_UNREAD: [],
    LINES: [],
    DIALOG: [],
    DIALOG_UNREAD: [],
  };
}

const IM = ['im'];
const USER = ['user', 'user_brief', 'user_basic'];

export const directoryMethods: Record<string, Method> = {
  'im.notify.schema.get': { scope: IM, run: schema },
  'user.current': { scope: USER, run: currentUser },
  'user.get': { scope: USER, run: getUsers },
  'im.user.list.get': { scope: IM, run: listImUsers },
  'im.counters.get': { scope: IM, run: counters },
};
