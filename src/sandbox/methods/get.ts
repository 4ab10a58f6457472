// im.notify.get (spec D.4): confirm notifications first, then the newest regular ones.
import { restError } from '../errors.js';
import { intval, upperKeys } from '../php.js';
import type { Method, MethodContext } from '../portal.js';
import { presentAuthors, presentNotification } from '../present.js';
import { NOTIFY_CONFIRM, type StoredNotification, notificationsOf, unreadCounter } from '../state.js';
import { cursorId, isSet, pageLimit, take } from './paging.js';

/** `LAST_TYPE` of a cursor in the confirm stage and in the regular stage. */
const CONFIRM_STAGE = 1;
const SIMPLE_STAGE = 3;

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

export const getMethods: Record<string, Method> = {
  'im.notify.get': { scope: ['im'], run: get },
};
