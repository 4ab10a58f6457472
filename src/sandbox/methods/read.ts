// im.notify.read, im.notify.read.list, im.notify.read.all (spec D.6–D.8, D.0.5).
import { restError } from '../errors.js';
import { intval, isPhpArray, phpValues, upperKeys } from '../php.js';
import type { Method, MethodContext } from '../portal.js';
import { NOTIFY_CONFIRM, type StoredNotification, notificationsOf, unreadCounter } from '../state.js';

function read({ portal, identity, params: raw }: MethodContext): true {
  const params = upperKeys(raw);
  if (!('ID' in params)) return true;
  const id = intval(params.ID);
  if (id < 0) return true;
  const own = notificationsOf(portal.state, identity.userId);
  const onlyThis = params.ONLY_CURRENT === 'Y';
  const inRange = (n: StoredNotification): boolean => (onlyThis ? n.id === id : n.id >= id);

  if (readsAction(params.ACTION)) {
    // ID=0 (or anything that casts to 0) reads everything but confirms, like read.all.
    if (id === 0) readAllButConfirms(own);
    else for (const n of own) if (inRange(n)) n.read = true;
    return true;
  }
  const start = own.find((n) => n.id === id);
  if (!start) return true;
  for (const n of own) if (inRange(n)) n.read = false;
  markTagUnread(own, start);
  return true;
}

function readList({ portal, identity, params: raw }: MethodContext): true {
  const params = upperKeys(raw);
  if (!isPhpArray(params.IDS)) throw restError('idsParamsError');
  const toRead = readsAction(params.ACTION);
  const own = notificationsOf(portal.state, identity.userId);
  for (const value of phpValues(params.IDS)) {
    // The portal walks the list and stops at the first id that is not positive.
    const id = intval(value);
    if (id <= 0) break;
    const target = own.find((n) => n.id === id);
    if (!target) continue;
    target.read = toRead;
    if (!toRead) markTagUnread(own, target);
  }
  return true;
}

function readAll({ portal, identity }: MethodContext): { result: true; newCounter: number } {
  readAllButConfirms(notificationsOf(portal.state, identity.userId));
  return { result: true, newCounter: unreadCounter(portal.state, identity.userId) };
}

// ACTION defaults to "Y" when not set (null counts as not set); only exactly "Y" reads.
const readsAction = (action: unknown): boolean => action === undefined || action === null || action === 'Y';

// Confirm notifications wait for an answer, so "read all" leaves them unread.
function readAllButConfirms(own: StoredNotification[]): void {
  for (const n of own) if (n.type !== NOTIFY_CONFIRM) n.read = true;
}

// Marking one unread brings back every read notification that shares its (non-empty) tag.
function markTagUnread(own: StoredNotification[], start: StoredNotification): void {
  if (start.tag === '') return;
  for (const n of own) if (n.tag === start.tag) n.read = false;
}

const IM = ['im'];

export const readMethods: Record<string, Method> = {
  'im.notify.read': { scope: IM, run: read },
  'im.notify.read.list': { scope: IM, run: readList },
  'im.notify.read.all': { scope: IM, run: readAll },
};

