// The event log: per user, the events of every look with their positions, and the view after
// the last look, so a new watcher continues where the last one stopped and a client resumes from
// its cursor. Bounded by count and age. Behind an interface so the log can live outside the
// process; the in-memory version is the default.
import type { NotificationUser } from '../bitrix/notify-types.js';
import type { InboxView, LiveEvent, ResyncReason } from './diff.js';
import type { Position } from './position.js';

export type LoggedEvent = LiveEvent & { readonly position: Position };

/** What one look added to a user's log. */
export interface LoggedBatch {
  events: LoggedEvent[];
  /** Authors the events mention. */
  users: NotificationUser[];
  /** The user's position after this look. */
  head: Position;
}

export interface LogHead {
  position: Position;
  view: InboxView;
}

export type Replay = { events: LoggedEvent[]; users: NotificationUser[] } | { missing: Extract<ResyncReason, 'HISTORY_EXPIRED' | 'HISTORY_LOST'> };

export interface EventLog {
  /** The user's last position and view, if the log holds the user. */
  head(user: string): Promise<LogHead | undefined>;
  /** Records one look: its events (possibly none), in order, and the view after them. */
  append(user: string, events: LiveEvent[], view: InboxView, users: NotificationUser[]): Promise<LoggedBatch>;
  /** Every event after `after`, or why they cannot all be given. */
  since(user: string, after: Position): Promise<Replay>;
  close(): void;
}

export interface EventLogOptions {
  /** Newest events kept per user. @default 1000 */
  maxEvents?: number;
  /** Oldest event kept, and how long a user nobody watches keeps a log. @default 86_400_000 */
  maxAgeMs?: number;
}

interface UserLog {
  epoch: number;
  /** Sequence number of the last event logged. */
  seq: number;
  /** Sequence number of the last event dropped by retention (0: none). */
  dropped: number;
  position: Position;
  view: InboxView;
  events: Array<{ event: LoggedEvent; users: NotificationUser[]; at: number }>;
  /** Index of the oldest event kept: dropping moves it, and the array is compacted now and then. */
  start: number;
  touched: number;
}

/** How often idle users' logs are looked at for expiry. */
const SWEEP_MS = 60_000;

export function memoryEventLog(options: EventLogOptions = {}): EventLog {
  const maxEvents = options.maxEvents ?? 1000;
  const maxAgeMs = options.maxAgeMs ?? 86_400_000;
  const users = new Map<string, UserLog>();
  let lastEpoch = 0;
  // Epochs strictly increase within the process, and after a restart the clock has moved on.
  const newEpoch = () => (lastEpoch = Math.max(Date.now(), lastEpoch + 1));

  const trim = (log: UserLog, now: number) => {
    const tooOld = now - maxAgeMs;
    while (log.start < log.events.length && (log.events.length - log.start > maxEvents || log.events[log.start].at < tooOld)) {
      log.dropped = log.events[log.start].event.position.seq;
      log.start++;
    }
    if (log.start > 64 && log.start * 2 > log.events.length) {
      log.events = log.events.slice(log.start);
      log.start = 0;
    }
  };

  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [user, log] of users) {
      trim(log, now);
      if (log.touched < now - maxAgeMs) users.delete(user);
    }
  }, SWEEP_MS);
  sweep.unref();

  return {
    async head(user) {
      const log = users.get(user);
      return log && { position: log.position, view: log.view };
    },
    async append(user, events, view, mentioned) {
      const now = Date.now();
      let log = users.get(user);
      if (!log) {
        const epoch = newEpoch();
        log = { epoch, seq: 0, dropped: 0, position: { epoch, seq: 0, newestId: view.newestId }, view, events: [], start: 0, touched: now };
        users.set(user, log);
      }
      const batch: LoggedBatch = { events: [], users: events.length > 0 ? authorsOf(events, mentioned) : [], head: log.position };
      let newestId = log.position.newestId;
      for (const event of events) {
        if (event.type === 'added') newestId = Math.max(newestId, event.notification.id);
        const logged = { ...event, position: { epoch: log.epoch, seq: ++log.seq, newestId } } as LoggedEvent;
        log.events.push({ event: logged, users: batch.users, at: now });
        batch.events.push(logged);
      }
      log.position = { epoch: log.epoch, seq: log.seq, newestId: Math.max(newestId, view.newestId) };
      log.view = view;
      log.touched = now;
      batch.head = log.position;
      trim(log, now);
      return batch;
    },
    async since(user, after) {
      const log = users.get(user);
      if (!log || log.epoch !== after.epoch) return { missing: 'HISTORY_LOST' };
      trim(log, Date.now());
      if (after.seq < log.dropped) return { missing: 'HISTORY_EXPIRED' };
      const events: LoggedEvent[] = [];
      const mentioned = new Set<NotificationUser[]>();
      for (let i = log.start; i < log.events.length; i++) {
        const kept = log.events[i];
        if (kept.event.position.seq <= after.seq) continue;
        events.push(kept.event);
        mentioned.add(kept.users);
      }
      return { events, users: [...mentioned].flat() };
    },
    close() {
      clearInterval(sweep);
      users.clear();
    },
  };
}

// Only the authors of logged notifications are kept with them, not every author on the page.
function authorsOf(events: LiveEvent[], users: NotificationUser[]): NotificationUser[] {
  const wanted = new Set<number>();
  for (const event of events) if ('notification' in event) wanted.add(event.notification.author_id);
  const byId = new Map(users.filter((u) => wanted.has(u.id)).map((u) => [u.id, u]));
  return [...byId.values()];
}
