// The soak's bookkeeping, pure so a test can hold it to its definitions:
// - sends: what the facade answered for each send, against the copies the portal stored;
// - deliveries: what each subscription received, against the notifications its filter matches.
// Texts are unique per send, so a stored copy names the send it came from.

/** A notification kind as the schema names it (stored notify_type 1, 2, 4). */
export type StoredKind = 'CONFIRM' | 'PERSONAL' | 'SYSTEM';

/** notificationEvents arguments; an empty or missing list does not filter. */
export interface Filter {
  kinds?: StoredKind[];
  modules?: string[];
}

/**
 * What the facade said about one send (one sendNotification, or one input of sendNotifications):
 * - `sent`: sent: true with a notification id;
 * - `not-sent`: sent: false, or an error that says it was not sent (any code but the unknown one);
 * - `unknown`: UPSTREAM_OUTCOME_UNKNOWN, or `outcome: UNKNOWN`: it may or may not be stored;
 * - `no-answer`: the facade's HTTP answer never came (or was not GraphQL).
 */
export type SendAnswer = 'sent' | 'not-sent' | 'unknown' | 'no-answer';

export interface SendRecord {
  text: string;
  userId: number;
  via: 'single' | 'bulk';
  answer: SendAnswer;
  notificationId?: string;
  /** The error code behind a `not-sent` or `unknown` answer. */
  code?: string;
  startedAt: number;
  answeredAt: number;
}

/** A stored notification as GET /_sandbox/snapshot has it (the fields the tally reads). */
export interface StoredNotification {
  id: number;
  userId: number;
  message: string;
  type: number;
}

export interface SendTally {
  sends: number;
  answered: Record<SendAnswer, number>;
  /** Answered sent, but no stored copy has its id and text (for its recipient). */
  sentNotStored: number;
  /** Copies beyond the first of one send's text. */
  storedTwice: number;
  /** Answered not sent (sent: false or a definite error), yet stored: a client would resend it. */
  notSentButStored: number;
  /** Of the unknown and unanswered sends, how many the portal did store (not a fault either way). */
  unknownStored: number;
  noAnswerStored: number;
  /** Stored copies carrying the run's prefix whose text no send had. */
  storedUnsent: number;
  /** Error codes of the `not-sent` answers that were stored anyway, with counts. */
  notSentButStoredCodes: Record<string, number>;
}

/** Compares the facade's answers with the notifications whose text starts with `prefix`. */
export function tallySends(sends: SendRecord[], stored: StoredNotification[], prefix: string): SendTally {
  const copies = new Map<string, StoredNotification[]>();
  for (const n of stored) {
    if (!n.message.startsWith(prefix)) continue;
    const list = copies.get(n.message) ?? [];
    list.push(n);
    copies.set(n.message, list);
  }
  const tally: SendTally = {
    sends: sends.length,
    answered: { sent: 0, 'not-sent': 0, unknown: 0, 'no-answer': 0 },
    sentNotStored: 0,
    storedTwice: 0,
    notSentButStored: 0,
    unknownStored: 0,
    noAnswerStored: 0,
    storedUnsent: 0,
    notSentButStoredCodes: {},
  };
  const texts = new Set<string>();
  for (const send of sends) {
    texts.add(send.text);
    tally.answered[send.answer]++;
    const found = (copies.get(send.text) ?? []).filter((n) => n.userId === send.userId);
    if (send.answer === 'sent' && !found.some((n) => String(n.id) === send.notificationId)) tally.sentNotStored++;
    if (found.length === 0) continue;
    if (send.answer === 'not-sent') {
      tally.notSentButStored++;
      const code = send.code ?? 'sent: false';
      tally.notSentButStoredCodes[code] = (tally.notSentButStoredCodes[code] ?? 0) + 1;
    } else if (send.answer === 'unknown') tally.unknownStored++;
    else if (send.answer === 'no-answer') tally.noAnswerStored++;
  }
  for (const [text, list] of copies) {
    if (!texts.has(text)) tally.storedUnsent += list.length;
    else tally.storedTwice += list.length - 1;
  }
  return tally;
}

export const kindOf = (notifyType: number): StoredKind => (notifyType === 1 ? 'CONFIRM' : notifyType === 2 ? 'PERSONAL' : 'SYSTEM');

/** Whether notificationEvents with `filter` reports a notification of this kind and module. */
export function matches(filter: Filter, event: { kind: StoredKind; module: string }): boolean {
  return (!filter.kinds?.length || filter.kinds.includes(event.kind)) && (!filter.modules?.length || filter.modules.includes(event.module));
}

/** One subscription as the subscriber process saw it. */
export interface SubscriptionLog {
  filter: Filter;
  /** NotificationAdded ids received, with how many times each. */
  received: Map<number, number>;
  /** Why it ended before the run did (socket closed, error, completed), or undefined. */
  ended?: string;
}

export interface DeliveryTally {
  subscriptions: number;
  /** Notifications above the baseline that the portal stored for the watched user. */
  notifications: number;
  /** Σ over subscriptions of the notifications its filter matches. */
  expected: number;
  /** Expected deliveries that arrived (at least once). */
  delivered: number;
  /** Expected deliveries that never arrived. */
  lost: number;
  /** Arrivals beyond the first of one notification on one subscription. */
  duplicated: number;
  /** Arrivals above the baseline of a notification that is not stored, or that the filter excludes. */
  unexpected: number;
  /** Subscriptions that ended before the run did, and the lost deliveries that were theirs. */
  ended: number;
  lostOnEnded: number;
}

/**
 * Holds each subscription to the promise of notificationEvents: every stored addition its filter
 * matches, above `baseline` (the id of the warm-up that proved it live), exactly once.
 */
export function tallyDeliveries(subscriptions: SubscriptionLog[], expected: { id: number; kind: StoredKind; module: string }[], baseline: number): DeliveryTally {
  const events = expected.filter((e) => e.id > baseline);
  const byId = new Map(events.map((e) => [e.id, e]));
  const tally: DeliveryTally = { subscriptions: subscriptions.length, notifications: events.length, expected: 0, delivered: 0, lost: 0, duplicated: 0, unexpected: 0, ended: 0, lostOnEnded: 0 };
  for (const sub of subscriptions) {
    if (sub.ended !== undefined) tally.ended++;
    for (const event of events) {
      if (!matches(sub.filter, event)) continue;
      tally.expected++;
      if (sub.received.has(event.id)) tally.delivered++;
      else {
        tally.lost++;
        if (sub.ended !== undefined) tally.lostOnEnded++;
      }
    }
    for (const [id, count] of sub.received) {
      if (id <= baseline) continue;
      const event = byId.get(id);
      if (!event || !matches(sub.filter, event)) tally.unexpected += count;
      else tally.duplicated += count - 1;
    }
  }
  return tally;
}
