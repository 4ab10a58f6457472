// Who watches whom: one feed per portal user, shared by every subscriber of that user whatever
// credential each came with, paced so all watchers of a portal together stay within their share
// of the rate budget. Behind the LiveHub interface so ownership can move to Redis when several
// instances run.
import type { BitrixClient, CallOptions, Identity } from '../bitrix/index.js';
import { type NotifyApi, notifyApi } from '../bitrix/notify.js';
import { Feed, type FeedSignal, type ListenOptions } from './feed.js';
import { type EventLog, memoryEventLog } from './log.js';
import type { Position } from './position.js';
import { PollSchedule } from './schedule.js';
import { Watcher } from './watcher.js';

export interface LiveHub {
  /** Listens to the inbox of `identity`'s user as that credential; returns the function that stops listening. */
  listen(identity: Identity, listener: (signal: FeedSignal) => void, options?: ListenOptions): () => void;
  /** The live position of `identity`'s user, for a page just read with `notify` (eventCursor). */
  position(identity: Identity, notify: NotifyApi, options?: CallOptions): Promise<Position>;
  close(): void;
}

export interface LiveOptions {
  /** Poll interval per user while the budget allows it. @default 2000 */
  pollIntervalMs?: number;
  /** Share of the portal's drain rate that polling may use. @default 0.5 */
  pollShare?: number;
  /** The portal's drain rate Y (requests per second). @default 2 */
  drainPerSecond?: number;
  /** How long a watcher outlives its last subscriber, so a reconnect finds it polling. @default 5000 */
  lingerMs?: number;
  /** How often a subscriber's credential that does not poll is proved again. @default 600_000 */
  reproofMs?: number;
  /** Where each user's events and last view are kept. @default an in-memory log with its default retention */
  log?: EventLog;
}

/** Every this long without a change, a watcher halves its polling (at most to a quarter). */
const IDLE_STEP_MS = 60_000;

/** In-memory hub: watchers live in this process. */
export function createLiveHub(client: BitrixClient, options: LiveOptions = {}): LiveHub {
  const base = options.pollIntervalMs ?? 2000;
  const share = options.pollShare ?? 0.5;
  const drain = options.drainPerSecond ?? 2;
  const linger = options.lingerMs ?? 5000;
  const log = options.log ?? memoryEventLog();
  const feeds = new Map<string, Feed>();
  // Every poll of a portal's watchers books a time in one schedule, spaced so that together
  // they never exceed share × Y requests a second; with n watchers each polls about every n / (share × Y) s.
  const schedules = new Map<string, PollSchedule>();
  const spacingMs = 1000 / (share * drain);
  const reserve = (portal: string, wantedDelayMs: number): number => {
    let schedule = schedules.get(portal);
    if (!schedule) schedules.set(portal, (schedule = new PollSchedule(spacingMs)));
    const now = Date.now();
    return schedule.book(now + wantedDelayMs, now) - now;
  };

  // A portal that answers again ends its watchers' outage backoff: subscriptions recover as
  // fast as queries. One listener per portal, which walks only the watchers that back off, so a
  // healthy portal's every answer costs a lookup. A watcher is woken once per outage: if it
  // still fails, the portal answers others but not it, and its own backoff applies.
  const backingOff = new Map<string, Set<Watcher>>();
  const woken = new WeakSet<Watcher>();
  const stopListening: Array<() => void> = [];
  const backOff = (portal: string, watcher: Watcher, failures: number) => {
    if (failures === 0) {
      woken.delete(watcher);
      backingOff.get(portal)?.delete(watcher);
      return;
    }
    if (woken.has(watcher)) return;
    let waiting = backingOff.get(portal);
    if (!waiting) {
      backingOff.set(portal, (waiting = new Set()));
      stopListening.push(client.onPortalSuccess(portal, () => {
        for (const sleeper of waiting!) {
          woken.add(sleeper);
          sleeper.wake();
        }
        waiting!.clear();
      }));
    }
    waiting.add(watcher);
  };

  const watch = (portal: string, look: ConstructorParameters<typeof Watcher>[0]): Watcher => {
    const timing = {
      nextSlotDelay: () => reserve(portal, 0),
      // A quiet inbox is polled half as often after a minute without changes, a quarter as
      // often after two. Failures back off exponentially up to a minute, with jitter so that
      // watchers recovering from one outage do not return together. The slot schedule
      // already spreads healthy watchers, so they poll exactly on their interval.
      nextDelay: (failures: number, idleMs: number) => {
        backOff(portal, watcher, failures);
        const quiet = Math.min(4, 2 ** Math.floor(idleMs / IDLE_STEP_MS));
        const interval = base * quiet;
        const wanted = failures === 0 ? interval : Math.min(60_000, interval * 2 ** failures) * (0.5 + Math.random() * 0.5);
        return reserve(portal, wanted);
      },
    };
    const watcher: Watcher = new Watcher(look, timing);
    return watcher;
  };

  const feedOf = (identity: Identity): Feed => {
    const user = identity.user;
    let feed = feeds.get(user);
    if (!feed) {
      const created: Feed = new Feed({
        user,
        log,
        notifyFor: (who) => notifyApi(client.caller(who)),
        watch: (look) => watch(identity.portal, look),
        pollIntervalMs: base,
        lingerMs: linger,
        reproofMs: options.reproofMs ?? 600_000,
        onIdle: () => {
          if (feeds.get(user) === created && created.idle) feeds.delete(user);
        },
      });
      feeds.set(user, (feed = created));
    }
    return feed;
  };

  return {
    listen: (identity, listener, listenOptions) => feedOf(identity).listen(identity, listener, listenOptions),
    async position(identity, notify, callOptions = {}) {
      const feed = feedOf(identity);
      try {
        return await feed.position(notify, callOptions);
      } finally {
        // A query's look leaves its view in the log; the feed itself is not kept for it.
        if (feed.idle && feeds.get(identity.user) === feed) feeds.delete(identity.user);
      }
    },
    close() {
      for (const stop of stopListening.splice(0)) stop();
      backingOff.clear();
      for (const feed of feeds.values()) feed.close();
      feeds.clear();
      log.close();
    },
  };
}
