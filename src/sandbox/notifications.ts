// Storing and removing notifications, shared by the REST methods, the fixtures API and the seed.
import {
  NOTIFY_CONFIRM,
  type PortalState,
  type StoredNotification,
  canReceive,
  ensureNotifyChat,
  indexNotification,
  notificationsOf,
  unindexNotification,
} from './state.js';

/** Longest stored tag, sub-tag or title (the portal's column length). */
export const TAG_MAX_LENGTH = 255;

/** A notification before it is stored: the portal assigns the id and the chat. */
export type NewNotification = Omit<StoredNotification, 'id' | 'chatId'>;

/**
 * Stores a notification as the portal's messenger does, including tag replacement (spec D.0.2).
 * Returns the new record, or `null` where the portal's add returns `false`: a recipient that
 * cannot receive, a tag that is too long, or a newer notification already holding the tag.
 */
export function storeNotification(state: PortalState, input: NewNotification, options = { replaceByTag: true }): StoredNotification | null {
  const recipient = state.users[input.userId];
  if (!canReceive(recipient)) return null;
  // The column holds 255 characters, not UTF-16 units.
  if ([...input.tag].length > TAG_MAX_LENGTH || [...input.subTag].length > TAG_MAX_LENGTH) return null;
  const chatId = ensureNotifyChat(state, recipient);
  const record: StoredNotification = { id: ++state.seq.message, chatId, ...input };
  state.notifications[record.id] = record;
  indexNotification(state, record);
  if (options.replaceByTag && record.tag !== '' && record.type !== NOTIFY_CONFIRM) return replaceOlderWithTag(state, record);
  return record;
}

/** Removes notifications matching `predicate`; returns how many went. */
export function deleteWhere(state: PortalState, predicate: (n: StoredNotification) => boolean): number {
  let count = 0;
  for (const n of Object.values(state.notifications)) {
    if (!predicate(n)) continue;
    delete state.notifications[n.id];
    unindexNotification(state, n);
    count++;
  }
  return count;
}

// Keeps only the newest notification with the tag in the recipient's chat; the survivor lists
// the other authors in params.USERS so a client can show "A, B and C did …".
function replaceOlderWithTag(state: PortalState, record: StoredNotification): StoredNotification | null {
  const sameTag = notificationsOf(state, record.userId).filter((n) => n.chatId === record.chatId && n.tag === record.tag && n.type !== NOTIFY_CONFIRM);
  const [newest, ...older] = sameTag;
  for (const n of older) {
    delete state.notifications[n.id];
    unindexNotification(state, n);
  }
  if (newest.id !== record.id) return null;

  const users: number[] = [];
  for (const n of older) {
    const inherited = Array.isArray(n.params?.USERS) ? (n.params.USERS as number[]) : [];
    for (const id of [n.authorId, ...inherited]) {
      if (id !== record.authorId && id !== 0 && !users.includes(id)) users.push(id);
    }
  }
  if (users.length > 0) record.params = { ...record.params, USERS: users };
  return record;
}
