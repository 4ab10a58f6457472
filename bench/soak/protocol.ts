// The IPC messages between the soak's measuring process (bench/soak/run.ts) and its four
// children: the sandbox portal, the facade, the subscribers and the load. Types only.
import type { DeliveryTally, Filter, SendRecord, StoredKind } from './tally.js';

/** Every child first says it listens for messages; a message sent before that is dropped. */
export type Ready = { type: 'ready' };
export type Failed = { type: 'failed'; error: string };

// --- the sandbox portal (bench/soak/sandbox-child.ts) ----------------------------------------

export type ToSandbox =
  | { type: 'start'; rateLimit: string }
  /** Freeze, snapshot, stop; after `downMs` start on the same port, restore, check, open. */
  | { type: 'restart'; downMs: number }
  | { type: 'close' };

export interface RestartReport {
  /** When the old portal stopped executing requests (every REST call is reset from then on). */
  frozenAt: number;
  /** When the new portal accepted requests again, after the restore. */
  openedAt: number;
  /** Users, webhooks, apps and tokens of the restored portal equal the snapshot's. */
  directorySurvived: boolean;
  /** The restored notifications (and id sequences) equal the snapshot's. */
  notificationsSurvived: boolean;
  /** What differed, when something did. */
  differences: string[];
}

export type FromSandbox =
  | Ready
  | Failed
  | { type: 'started'; url: string; port: number; webhooks: { userId: number; url: string }[] }
  | ({ type: 'restarted' } & RestartReport)
  | { type: 'closed' };

// --- the facade (bench/soak/facade-child.ts) ------------------------------------------------

export interface FacadeStats {
  rss: number;
  heapUsed: number;
  external: number;
  /** Event-loop delay beyond the sampling interval since the last reset, in ms. */
  lag: { p50: number; p99: number; max: number; samples: number };
  /** Highest RSS sampled once a second since the last reset (no gc). */
  peakRss: number;
  /**
   * Stalls of 250 ms or more since the last reset: when each began (ms since the epoch), how
   * long it was, and how much CPU the facade used in that time.
   */
  stalls: { at: number; ms: number; cpuMs: number }[];
  /** Lines the facade wrote to stderr, and how many of them held its webhook secret in any form. */
  stderrLines: number;
  secretLines: number;
  /** The first distinct stderr lines (secrets masked), for the run's log. */
  firstLines: string[];
}

export type ToFacade = { type: 'start'; env: Record<string, string> } | { type: 'lag-reset' } | { type: 'stats'; gc: boolean } | { type: 'close' };
export type FromFacade = Ready | Failed | { type: 'listening'; url: string } | { type: 'lag-reset' } | ({ type: 'stats' } & FacadeStats) | { type: 'closed' };

// --- the subscribers (bench/soak/subscribers-child.ts) --------------------------------------

/** A stored notification as the subscribers' tally needs it. */
export interface ExpectedEvent {
  id: number;
  kind: StoredKind;
  module: string;
}

export type ToSubscribers =
  | { type: 'connect'; url: string; sockets: number; perSocket: number; filters: Filter[] }
  /** How many subscriptions heard any event at or after `since` (ms). */
  | { type: 'live'; since: number }
  /** How many subscriptions received `event`, and how many have a filter it matches. */
  | { type: 'delivered'; event: ExpectedEvent }
  | { type: 'report'; expected: ExpectedEvent[]; baseline: number }
  | { type: 'close' };

export type FromSubscribers =
  | Ready
  | Failed
  | { type: 'connected'; sockets: number; failedSockets: number; subscriptions: number; firstError?: string }
  | { type: 'live'; live: number; ended: number; firstEnd?: string }
  | { type: 'delivered'; received: number; matching: number }
  /** `firstArrivals`: [notification id, ms] of the first delivery of each id above the baseline. */
  | ({ type: 'report'; firstArrivals: [number, number][] } & DeliveryTally)
  | { type: 'closed' };

// --- the load (bench/soak/load-child.ts) ----------------------------------------------------

export interface LoadRates {
  /** Inbox queries per second. */
  inbox: number;
  /** sendNotification mutations per second. */
  send: number;
  /** sendNotifications mutations per second, each of `bulkSize` inputs. */
  bulk: number;
  bulkSize: number;
  /** markNotificationsRead mutations per second. */
  mark: number;
}

export type OperationType = 'inbox' | 'send' | 'bulk' | 'mark';

export interface OperationRecord {
  type: OperationType;
  startedAt: number;
  endedAt: number;
  ok: boolean;
  /** extensions.code of the first error, or `NO_ANSWER` when the facade did not answer. */
  code?: string;
  /** The first error's message (shortened), when it failed. */
  message?: string;
}

export interface LoadReport {
  operations: OperationRecord[];
  sends: SendRecord[];
  /** Operations not started because too many were in flight. */
  skipped: number;
  /** Operations still unanswered when the load was stopped (their sends are `no-answer`). */
  abandoned: number;
  /** Whether SendNotificationsResult had an `outcome` field in this build. */
  outcomeField: boolean;
}

export type ToLoad =
  | { type: 'start'; url: string; runId: string; watchedUser: number; otherUser: number; rates: LoadRates }
  | { type: 'stop'; drainMs: number }
  | { type: 'close' };
export type FromLoad = Ready | Failed | { type: 'started'; outcomeField: boolean } | ({ type: 'stopped' } & LoadReport) | { type: 'closed' };
