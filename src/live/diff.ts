// The pure core of live notifications: two successive views of an inbox in, events out.
// A view is the first page of im.notify.get (confirms first, then newest) plus every
// notification that arrived since the last view (catch-up pages), and the unread count.
import type { Notification } from '../bitrix/notify-types.js';

/** What one poll saw. */
export interface InboxView {
  /** The first page, in the portal's order. */
  page: Notification[];
  /** How many rows a page holds; a shorter page is the whole inbox. */
  pageSize: number;
  /** Notifications newer than the previous view's newest id, including those past the page. */
  arrivals: Notification[];
  unreadCount: number;
  /** Highest id ever seen: the line between old and new. */
  newestId: number;
}

/** A change between two views. */
export type ViewEvent =
  | { type: 'added'; notification: Notification; unreadCount: number }
  | { type: 'updated'; notification: Notification; unreadCount: number }
  /** Carries the last record seen, so filters by kind or module still apply. */
  | { type: 'removed'; notification: Notification; unreadCount: number }
  | { type: 'unreadCount'; unreadCount: number };

/** What a user's stream tells: the changes, and when some cannot be told, that they were missed. */
export type LiveEvent =
  | ViewEvent
  /** Changes were missed and cannot be told: the client should read its first page again. */
  | { type: 'resync'; reason: ResyncReason; unreadCount: number };

/**
 * Why changes cannot be told: the log no longer holds events after the cursor (retention), the
 * log the cursor points into is gone (a restart), or more arrived between two looks than a look reads.
 */
export type ResyncReason = 'HISTORY_EXPIRED' | 'HISTORY_LOST' | 'TOO_MANY_CHANGES';

/**
 * Events that turn `before` into `after`: removals, then read-state updates, then additions
 * oldest first, then the unread count when it changed and no other event carried the change.
 * A tag replacement is the old id removed plus the new one added. A notification pushed off
 * the page by newer ones is not removed.
 */
export function diffViews(before: InboxView, after: InboxView): ViewEvent[] {
  const unreadCount = after.unreadCount;
  const events: ViewEvent[] = [];
  const now = new Map(after.page.map((n) => [n.id, n]));

  for (const old of before.page) {
    if (now.has(old.id)) continue;
    // A newer arrival with its tag proves it was replaced (spec D.0.2), even if a full page
    // would otherwise explain its absence.
    if (!replacedByTag(old, after) && pushedOff(old, after)) continue;
    events.push({ type: 'removed', notification: old, unreadCount });
  }
  for (const old of before.page) {
    const current = now.get(old.id);
    if (current && current.notify_read !== old.notify_read) events.push({ type: 'updated', notification: current, unreadCount });
  }
  const added = after.arrivals.filter((n) => n.id > before.newestId).sort((a, b) => a.id - b.id);
  for (const notification of added) events.push({ type: 'added', notification, unreadCount });

  if (events.length === 0 && unreadCount !== before.unreadCount) events.push({ type: 'unreadCount', unreadCount });
  return events;
}

/** The highest id in a set of notifications (0 when empty). */
export const maxId = (items: Iterable<Notification>): number => {
  let max = 0;
  for (const n of items) max = Math.max(max, n.id);
  return max;
};

const replacedByTag = (old: Notification, after: InboxView): boolean =>
  old.notify_tag !== '' && after.arrivals.some((n) => n.notify_tag === old.notify_tag && n.id > old.id);

// A missing notification was pushed off, not removed, when the new page is full and it ranks
// after the page's last row.
function pushedOff(missing: Notification, after: InboxView): boolean {
  if (after.page.length < after.pageSize) return false;
  return compareRank(missing, after.page[after.page.length - 1]) > 0;
}

/** The portal's order: confirm notifications first, then newer dates, then higher ids. */
export function compareRank(a: Notification, b: Notification): number {
  const stage = (n: Notification) => (n.notify_type === 1 ? 0 : 1);
  return stage(a) - stage(b) || Date.parse(b.date) - Date.parse(a.date) || b.id - a.id;
}
