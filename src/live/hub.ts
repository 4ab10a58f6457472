// Who watches whom: one watcher per identity, shared by every subscriber of that identity,
// paced so all watchers of a portal together stay within their share of the rate budget.
// Behind the LiveHub interface so ownership can move to Redis when several instances run.
import type { BitrixClient, Identity } from '../bitrix/index.js';
import { notifyApi } from '../bitrix/notify.js';
import { PollSchedule } from './schedule.js';
import { Watcher, type WatcherSignal } from './watcher.js';

export interface LiveHub {
  /** Listens to `identity`'s inbox; returns the function that stops listening. */
  listen(identity: Identity, listener: (signal: WatcherSignal) => void): () => void;
  /** The identity's current unread count (waits for its watcher's first look). */
  unreadCount(identity: Identity): Promise<number>;
  close(): void;
}

export interface LiveOptions {
  /** Poll interval per identity while the budget allows it. @default 2000 */
  pollIntervalMs?: number;
  /** Share of the portal's drain rate that polling may use. @default 0.5 */
  pollShare?: number;
  /** The portal's drain rate Y (requests per second). @default 2 */
  drainPerSecond?: number;
  /** How long a watcher outlives its last subscriber, so a reconnect keeps its view. @default 5000 */
  lingerMs?: number;
}

/** Every this long without a change, a watcher halves its polling (at most to a quarter). */
const IDLE_STEP_MS = 60_000;

/** In-memory hub: watchers live in this process. */
export function createLiveHub(client: BitrixClient, options: LiveOptions = {}): LiveHub {
  const base = options.pollIntervalMs ?? 2000;
  const share = options.pollShare ?? 0.5;
  const drain = options.drainPerSecond ?? 2;
  const linger = options.lingerMs ?? 5000;
  const watchers = new Map<string, { watcher: Watcher; portal: string; lingering?: NodeJS.Timeout }>();
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

  const entry = (identity: Identity) => {
    let found = watchers.get(identity.key);
    // A watcher that gave up (e.g. expired_token) is replaced: the new one's first poll tells
    // the newcomer why, instead of leaving it attached to a watcher that never polls again.
    if (found?.watcher.isStopped) {
      clearTimeout(found.lingering);
      found = undefined;
    }
    if (!found) {
      const timing = {
        nextSlotDelay: () => reserve(identity.portal, 0),
        // A quiet inbox is polled half as often after a minute without changes, a quarter as
        // often after two. Failures back off exponentially up to a minute, with jitter so that
        // watchers recovering from one outage do not return together. The slot schedule
        // already spreads healthy watchers, so they poll exactly on their interval.
        nextDelay: (failures: number, idleMs: number) => {
          backOff(identity.portal, watcher, failures);
          const quiet = Math.min(4, 2 ** Math.floor(idleMs / IDLE_STEP_MS));
          const interval = base * quiet;
          const wanted = failures === 0 ? interval : Math.min(60_000, interval * 2 ** failures) * (0.5 + Math.random() * 0.5);
          return reserve(identity.portal, wanted);
        },
      };
      const watcher: Watcher = new Watcher(notifyApi(client.caller(identity)), timing);
      found = { watcher, portal: identity.portal };
      watchers.set(identity.key, found);
    }
    clearTimeout(found.lingering);
    return found;
  };

  return {
    listen(identity, listener) {
      const found = entry(identity);
      const stop = found.watcher.listen(listener);
      return () => {
        stop();
        if (found.watcher.listenerCount > 0) return;
        found.lingering = setTimeout(() => {
          if (found.watcher.listenerCount > 0) return;
          found.watcher.stop();
          watchers.delete(identity.key);
        }, linger);
        found.lingering.unref();
      };
    },
    unreadCount: (identity) => entry(identity).watcher.unreadCount(),
    close() {
      for (const stop of stopListening.splice(0)) stop();
      backingOff.clear();
      for (const { watcher, lingering } of watchers.values()) {
        clearTimeout(lingering);
        watcher.stop();
      }
      watchers.clear();
    },
  };
}
