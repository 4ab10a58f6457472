// One look at an inbox: its first page of im.notify.get, and the pages after it while they
// may hold notifications newer than a known id. Watchers use it to poll; a resume whose events
// are no longer logged uses it to recover the additions it missed (ids only grow).
import type { CallOptions } from '../bitrix/index.js';
import type { NotifyApi } from '../bitrix/notify.js';
import { nextCursor } from '../bitrix/notify-checks.js';
import type { Notification, NotificationPage, NotificationUser } from '../bitrix/notify-types.js';
import { maxId } from './diff.js';

/** A poll reads a full page: updates and removals are seen within it. */
export const PAGE = 50;
/** A look stops after this many extra pages (2,500 notifications between two looks). */
export const MAX_CATCH_UP_PAGES = 50;

export interface Look {
  /** The first page, in the portal's order. */
  first: NotificationPage;
  /** Notifications with an id above the one given, in the order the pages held them. */
  newer: Notification[];
  /** Authors of everything read. */
  users: NotificationUser[];
  /** The highest id read. */
  newestId: number;
  /** False when the page limit stopped the look while later pages could still hold newer ones. */
  complete: boolean;
}

/**
 * Reads the first page, then further pages while the last row read is a confirm notification
 * (the regular ones come after every confirm) or newer than `sinceId`.
 */
export async function lookNewerThan(notify: NotifyApi, sinceId: number, options: CallOptions): Promise<Look> {
  const first = await notify.list({ limit: PAGE }, options);
  const newer = first.notifications.filter((n) => n.id > sinceId);
  const users = [...first.users];
  let newestId = maxId(first.notifications);
  let page = first;
  const mayHoldMore = (p: NotificationPage): boolean => {
    const last = p.notifications.at(-1);
    return !!last && (last.notify_type === 1 || last.id > sinceId);
  };
  let pages = 0;
  while (mayHoldMore(page)) {
    const cursor = nextCursor(page, PAGE);
    if (!cursor) break;
    if (pages === MAX_CATCH_UP_PAGES) return { first, newer, users, newestId, complete: false };
    page = await notify.list({ ...cursor, limit: PAGE }, options);
    pages++;
    newer.push(...page.notifications.filter((n) => n.id > sinceId));
    users.push(...page.users);
    newestId = Math.max(newestId, maxId(page.notifications));
  }
  return { first, newer, users, newestId, complete: true };
}
