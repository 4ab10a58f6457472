// One watcher per identity: polls the first inbox page at background priority, pages back
// when more arrived than a page holds, diffs against the last view and tells its listeners.
import { Bitrix24AuthError } from '../bitrix/index.js';
import type { NotifyApi } from '../bitrix/notify.js';
import { nextCursor } from '../bitrix/notify-checks.js';
import type { Notification, NotificationUser } from '../bitrix/notify-types.js';
import { type InboxView, type LiveEvent, diffViews, maxId } from './diff.js';
import { tellInTurns } from './turns.js';

const PAGE = 50;
/** Catch-up stops after this many extra pages (2,500 notifications between two polls). */
const MAX_CATCH_UP_PAGES = 50;

/** What listeners hear: events of one poll (with the authors they mention), or the end. */
export type WatcherSignal =
  | { type: 'events'; events: LiveEvent[]; users: NotificationUser[] }
  | { type: 'failed'; error: Error };

export interface WatcherTiming {
  /** Milliseconds until the next free slot of the portal's poll schedule: a new watcher's first poll, a woken one's next. */
  nextSlotDelay(): number;
  /** Milliseconds until the next poll, given how many polls failed in a row and how long nothing changed. */
  nextDelay(failures: number, idleMs: number): number;
}

export class Watcher {
  private view: InboxView | null = null;
  private readonly listeners = new Set<(signal: WatcherSignal) => void>();
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private polling = false;
  private wokenDuringPoll = false;
  private lastChange = Date.now();
  private stopped = false;
  // Withdraws polls still queued in the client when the watcher stops.
  private readonly abort = new AbortController();
  private readonly firstView: Promise<void>;
  private markFirstView!: () => void;

  constructor(private readonly notify: NotifyApi, private readonly timing: WatcherTiming) {
    this.firstView = new Promise((resolve) => (this.markFirstView = resolve));
    this.timer = setTimeout(() => void this.poll(), timing.nextSlotDelay());
  }

  /** Adds a listener; returns the function that removes it. */
  listen(listener: (signal: WatcherSignal) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** A stopped watcher (closed, or given up on an auth error) never polls again. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /** The unread count of the latest view, waiting for the first one. */
  async unreadCount(): Promise<number> {
    await this.firstView;
    return this.view?.unreadCount ?? 0;
  }

  /**
   * Polls at the next slot instead of waiting out an outage's backoff: the portal is known to
   * answer again. Does nothing while the watcher is healthy or stopped; during a poll, the next
   * one comes at the next slot.
   */
  wake(): void {
    if (this.stopped || this.failures === 0) return;
    // A poll under way may be failing on the outage's last answer: the next one is soon anyway.
    if (this.polling) {
      this.wokenDuringPoll = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), this.timing.nextSlotDelay());
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort(new Error('watcher stopped'));
    this.markFirstView();
  }

  private async poll(): Promise<void> {
    if (this.stopped) return;
    this.polling = true;
    try {
      const next = await this.look();
      const events = this.view ? diffViews(this.view, next.view) : [];
      this.view = next.view;
      this.failures = 0;
      this.markFirstView();
      if (events.length > 0) {
        this.lastChange = Date.now();
        this.tell({ type: 'events', events, users: next.users });
      }
    } catch (error) {
      if (this.stopped) return;
      // Without a way to refresh, an expired token ends the subscriptions: the client must
      // come back with a new one. Anything else is an outage: keep the view and try again.
      if (error instanceof Bitrix24AuthError) {
        this.tell({ type: 'failed', error });
        this.stop();
        return;
      }
      this.failures++;
    } finally {
      this.polling = false;
    }
    if (this.stopped) return;
    const soon = this.failures > 0 && this.wokenDuringPoll;
    this.wokenDuringPoll = false;
    const delay = soon ? this.timing.nextSlotDelay() : this.timing.nextDelay(this.failures, Date.now() - this.lastChange);
    this.timer = setTimeout(() => void this.poll(), delay);
  }

  // The first page, and the pages after it while they may hold arrivals: a full page of
  // confirm notifications (the regular ones come after them), or a full page that is all new.
  private async look(): Promise<{ view: InboxView; users: NotificationUser[] }> {
    const background = { priority: 'background' as const, signal: this.abort.signal };
    const first = await this.notify.list({ limit: PAGE }, background);
    // The first look is the baseline: nothing in it is an arrival.
    const seen = this.view?.newestId ?? Number.POSITIVE_INFINITY;
    const arrivals: Notification[] = first.notifications.filter((n) => n.id > seen);
    const users = [...first.users];
    let newest = maxId(first.notifications);
    let page = first;
    const mayHoldMore = (p: typeof first): boolean => {
      const last = p.notifications.at(-1);
      return !!last && (last.notify_type === 1 || last.id > seen);
    };
    for (let i = 0; i < MAX_CATCH_UP_PAGES && mayHoldMore(page); i++) {
      const cursor = nextCursor(page, PAGE);
      if (!cursor) break;
      page = await this.notify.list({ ...cursor, limit: PAGE }, background);
      arrivals.push(...page.notifications.filter((n) => n.id > seen));
      users.push(...page.users);
      newest = Math.max(newest, maxId(page.notifications));
    }
    const newestId = Math.max(this.view?.newestId ?? 0, newest);
    return { view: { page: first.notifications, pageSize: PAGE, arrivals, unreadCount: first.totalUnreadCount, newestId }, users };
  }

  private tell(signal: WatcherSignal): void {
    tellInTurns(this.listeners, signal, (listener) => this.listeners.has(listener));
  }
}
