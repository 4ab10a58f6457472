// One user's live feed: the subscribers of a portal user, whatever credential each came with,
// one watcher polling for all of them with a credential that works, and the user's event log.
// A subscriber hears anything only after its own credential has read this user's inbox, and
// that credential is proved again now and then; a credential that fails ends its own
// subscribers and no one else's.
import { Bitrix24AuthError, type Identity } from '../bitrix/index.js';
import type { NotifyApi } from '../bitrix/notify.js';
import type { CallOptions } from '../bitrix/types.js';
import type { NotificationUser } from '../bitrix/notify-types.js';
import { type InboxView, type LiveEvent, diffViews } from './diff.js';
import type { EventLog, LoggedBatch, LoggedEvent } from './log.js';
import { PAGE, lookNewerThan } from './look.js';
import { type Position, comparePositions } from './position.js';
import { tellInTurns } from './turns.js';
import type { LookOutcome, Watcher } from './watcher.js';

/** What a subscriber hears. */
export type FeedSignal =
  /** Once, when asked for: the unread count of a look made after the subscriber's credential was proved. */
  | { type: 'attached'; unreadCount: number }
  | { type: 'events'; events: LoggedEvent[]; users: NotificationUser[] }
  /** The subscriber's credential was refused; nothing follows. */
  | { type: 'failed'; error: Error };

export interface ListenOptions {
  /** Replays every event after this position first. */
  after?: Position;
  /** Starts with an `attached` signal carrying the current unread count. */
  count?: boolean;
}

export interface FeedOptions {
  user: string;
  log: EventLog;
  /** The credential's own API: a credential's calls batch only with its own. */
  notifyFor(identity: Identity): NotifyApi;
  /** Starts the polling loop that calls `look`. */
  watch(look: (signal: AbortSignal) => Promise<LookOutcome>): Watcher;
  pollIntervalMs: number;
  lingerMs: number;
  /** How often a credential that does not poll is proved again. */
  reproofMs: number;
  /** Called once the feed has no subscriber and no watcher: the hub forgets it. */
  onIdle(): void;
}

/** An access token lives an hour: by then one first seen has certainly been replaced. */
const TOKEN_HOUR_MS = 3600_000;

interface Credential {
  identity: Identity;
  notify: NotifyApi;
  subscribers: Set<Subscriber>;
  /** When this credential last read the user's inbox (0: never). */
  provedAt: number;
  seenAt: number;
  proof?: { promise: Promise<void>; resolve(): void; reject(error: unknown): void };
  proving: boolean;
  timer?: NodeJS.Timeout;
  failed: boolean;
}

interface Subscriber {
  credential: Credential;
  listener(signal: FeedSignal): void;
  options: ListenOptions;
  ready: boolean;
  gone: boolean;
  /** Batches logged while the subscriber waited for its proof or replay. */
  held: Told[];
  /** The position of the last event it heard; later events only. */
  last?: Position;
  hear(told: Told): void;
}

interface Told {
  batch: LoggedBatch;
  /** From a feed's first look, which continues from a logged view. */
  catchUp: boolean;
}

export class Feed {
  private view: InboxView | null = null;
  private head: Position | undefined;
  private readonly loaded: Promise<void>;
  private queue: Promise<unknown>;
  private readonly credentials = new Map<string, Credential>();
  private readonly subscribers = new Set<Subscriber>();
  /** The credential the watcher polls with. */
  private polling: Credential | undefined;
  private watcher: Watcher | undefined;
  private lingering: NodeJS.Timeout | undefined;
  /** When this feed last looked (0: not yet); its first look continues from the logged view. */
  private lookedAt = 0;
  private firstLook = deferred();
  private closed = false;
  /** Looks queued or running. */
  private looks = 0;

  constructor(private readonly options: FeedOptions) {
    this.loaded = options.log.head(options.user).then((head) => {
      this.view = head?.view ?? null;
      this.head = head?.position;
    });
    this.queue = this.loaded;
  }

  /** Listens as `identity`; returns the function that stops listening. */
  listen(identity: Identity, listener: (signal: FeedSignal) => void, options: ListenOptions = {}): () => void {
    clearTimeout(this.lingering);
    const credential = this.credentialOf(identity);
    const subscriber: Subscriber = {
      credential, listener, options, ready: false, gone: false, held: [],
      hear: ({ batch, catchUp }) => {
        if (subscriber.gone) return;
        if (subscriber.ready) this.send(subscriber, batch);
        else subscriber.held.push({ batch, catchUp });
      },
    };
    credential.subscribers.add(subscriber);
    this.subscribers.add(subscriber);
    if (!this.watcher || this.watcher.isStopped) this.watcher = this.options.watch((signal) => this.poll(signal));
    void this.start(subscriber);
    return () => this.leave(subscriber);
  }

  /**
   * The live position, for a page just read as `notify`: the head when this feed is watching,
   * otherwise after a look of its own (so events after it are the changes after the page).
   */
  async position(notify: NotifyApi, options: CallOptions): Promise<Position> {
    if (this.watcher && !this.watcher.isStopped && this.lookedAt > 0 && this.head) return this.head;
    await this.exclusive(() => this.lookAndTell(notify, options));
    return this.head!;
  }

  get idle(): boolean {
    return this.subscribers.size === 0 && this.looks === 0 && (!this.watcher || this.watcher.isStopped);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.lingering);
    this.watcher?.stop();
    for (const credential of this.credentials.values()) clearTimeout(credential.timer);
    this.credentials.clear();
    this.subscribers.clear();
    this.firstLook.reject(new Error('live feed closed'));
  }

  // One poll of the watcher: a look with the polling credential; a refused credential ends
  // its subscribers and the next poll comes at once with another one.
  private poll(signal: AbortSignal): Promise<LookOutcome> {
    return this.exclusive(async () => {
      const credential = this.pollingCredential();
      if (!credential) return 'stop';
      try {
        const outcome = await this.lookAndTell(credential.notify, { priority: 'background', signal });
        this.proved(credential);
        return outcome;
      } catch (error) {
        if (!(error instanceof Bitrix24AuthError)) throw error;
        this.fail(credential, error);
        return this.pollingCredential() ? 'switched' : 'stop';
      }
    });
  }

  private async lookAndTell(notify: NotifyApi, options: CallOptions): Promise<LookOutcome> {
    const before = this.view;
    const look = await lookNewerThan(notify, before?.newestId ?? Number.POSITIVE_INFINITY, options);
    const view: InboxView = {
      page: look.first.notifications,
      pageSize: PAGE,
      arrivals: look.newer,
      unreadCount: look.first.totalUnreadCount,
      newestId: Math.max(before?.newestId ?? 0, look.newestId),
    };
    const events: LiveEvent[] = before ? diffViews(before, view) : [];
    if (before && !look.complete) events.push({ type: 'resync', reason: 'TOO_MANY_CHANGES', unreadCount: view.unreadCount });
    const batch = await this.options.log.append(this.options.user, events, view, look.users);
    // The first look of a feed continues from a view logged by an earlier one, maybe long ago.
    const catchUp = this.lookedAt === 0;
    this.view = view;
    this.head = batch.head;
    this.lookedAt = Date.now();
    this.firstLook.resolve();
    if (batch.events.length > 0) tellInTurns([...this.subscribers].map((s) => s.hear), { batch, catchUp }, () => true);
    return events.length > 0 ? 'changed' : 'same';
  }

  // Proof first; then the replay, if one was asked for; then what was held meanwhile; then live.
  private async start(subscriber: Subscriber): Promise<void> {
    try {
      await this.prove(subscriber.credential);
      if (subscriber.gone) return;
      const { after, count } = subscriber.options;
      if (after) await this.replay(subscriber, after);
      else if (count) {
        await this.firstLook.promise;
        if (subscriber.gone) return;
        // The count is as of the latest look, which every held batch came before.
        subscriber.held.length = 0;
        subscriber.listener({ type: 'attached', unreadCount: this.view!.unreadCount });
      }
      if (subscriber.gone) return;
      subscriber.ready = true;
      for (const { batch, catchUp } of subscriber.held.splice(0)) {
        // A subscriber that did not ask to resume hears changes from now on, as it always did.
        if (!(catchUp && !after)) this.send(subscriber, batch);
      }
    } catch (error) {
      if (!subscriber.gone && !this.closed) this.end(subscriber, error instanceof Error ? error : new Error(String(error)));
    }
  }

  private async replay(subscriber: Subscriber, after: Position): Promise<void> {
    const logged = await this.options.log.since(this.options.user, after);
    if ('events' in logged) {
      subscriber.last = after;
      this.send(subscriber, { ...logged, head: after }, after.newestId);
      return;
    }
    // The log cannot say what changed: recover the additions from the portal (ids only grow),
    // up to the head this feed has reached, then say that the rest is unknown.
    await this.firstLook.promise;
    const head = this.head!;
    const unreadCount = this.view!.unreadCount;
    const look = await lookNewerThan(subscriber.credential.notify, after.newestId, { priority: 'interactive' });
    if (subscriber.gone) return;
    const added = look.newer.filter((n) => n.id <= head.newestId).sort((a, b) => a.id - b.id);
    const events: LoggedEvent[] = added.map((notification) => ({
      type: 'added', notification, unreadCount, position: { epoch: after.epoch, seq: after.seq, newestId: notification.id },
    }));
    events.push({ type: 'resync', reason: look.complete ? logged.missing : 'TOO_MANY_CHANGES', unreadCount, position: head });
    subscriber.last = head;
    subscriber.listener({ type: 'events', events, users: look.users });
  }

  // Only events after the last one heard; additions the subscriber already knows are skipped.
  private send(subscriber: Subscriber, batch: LoggedBatch, knownNewestId = 0): void {
    const last = subscriber.last;
    const events = batch.events.filter(
      (event) => (!last || comparePositions(event.position, last) > 0) && !(event.type === 'added' && event.notification.id <= knownNewestId),
    );
    if (events.length === 0) return;
    subscriber.last = events[events.length - 1].position;
    subscriber.listener({ type: 'events', events, users: batch.users });
  }

  private leave(subscriber: Subscriber): void {
    if (subscriber.gone) return;
    subscriber.gone = true;
    this.subscribers.delete(subscriber);
    const credential = subscriber.credential;
    credential.subscribers.delete(subscriber);
    if (credential.subscribers.size === 0) this.forget(credential);
    if (this.subscribers.size > 0) return;
    // The watcher outlives its last subscriber a while, so a reconnect finds it polling.
    this.lingering = setTimeout(() => {
      if (this.subscribers.size > 0) return;
      this.watcher?.stop();
      this.options.onIdle();
    }, this.options.lingerMs);
    this.lingering.unref();
  }

  private end(subscriber: Subscriber, error: Error): void {
    if (subscriber.gone) return;
    this.leave(subscriber);
    subscriber.listener({ type: 'failed', error });
  }

  private credentialOf(identity: Identity): Credential {
    const key = identity.key;
    let credential = this.credentials.get(key);
    if (!credential) {
      // A lingering watcher's credential, back with a subscriber.
      credential = this.polling?.identity.key === key && !this.polling.failed ? this.polling : undefined;
      credential ??= {
        identity, notify: this.options.notifyFor(identity), subscribers: new Set(), provedAt: 0, seenAt: Date.now(), proving: false, failed: false,
      };
      this.credentials.set(key, credential);
      if (credential.provedAt > 0) this.armReproof(credential);
    }
    return credential;
  }

  // A credential nobody subscribes with is dropped; the polling one stays while the watcher lingers.
  private forget(credential: Credential): void {
    this.credentials.delete(credential.identity.key);
    clearTimeout(credential.timer);
    credential.proof?.reject(new Error('no subscriber left'));
    credential.proof = undefined;
  }

  // The current one while it has subscribers (or nobody has); otherwise the last proved.
  private pollingCredential(): Credential | undefined {
    const current = this.polling;
    if (current && !current.failed && (current.subscribers.size > 0 || this.subscribers.size === 0)) return current;
    let best: Credential | undefined;
    for (const candidate of this.credentials.values()) if (!best || candidate.provedAt > best.provedAt) best = candidate;
    this.polling = best ?? (current?.failed ? undefined : current);
    return this.polling;
  }

  /** Resolves once `credential` has read this user's inbox within the last interval. */
  private prove(credential: Credential): Promise<void> {
    if (Date.now() - credential.provedAt <= this.options.pollIntervalMs) return Promise.resolve();
    if (!credential.proof) {
      credential.proof = deferred();
      // The watcher's next look uses it anyway: a new watcher's first, or the one it polls with before its first look.
      this.polling ??= credential;
      const watcherProves = this.polling === credential && this.lookedAt === 0;
      if (!watcherProves) this.proveNow(credential, 'interactive');
    }
    return credential.proof.promise;
  }

  private proveNow(credential: Credential, priority: 'interactive' | 'background'): void {
    if (credential.proving || credential.failed) return;
    credential.proving = true;
    // The smallest read of the user's inbox: it needs a valid token with the im scope.
    credential.notify.list({ limit: 1 }, { priority }).then(
      () => {
        credential.proving = false;
        this.proved(credential);
      },
      (error: unknown) => {
        credential.proving = false;
        if (error instanceof Bitrix24AuthError) return this.fail(credential, error);
        // An outage says nothing about the credential: ask again later.
        if (this.credentials.get(credential.identity.key) === credential) this.armReproof(credential, this.options.pollIntervalMs);
      },
    );
  }

  private proved(credential: Credential): void {
    credential.provedAt = Date.now();
    credential.proof?.resolve();
    credential.proof = undefined;
    if (this.credentials.get(credential.identity.key) === credential) this.armReproof(credential);
  }

  // Every reproofMs, and once when a bearer token's hour may have ended; polls prove the polling credential.
  private armReproof(credential: Credential, inMs?: number): void {
    clearTimeout(credential.timer);
    const hourEnd = credential.identity.credentials.kind === 'bearer' ? credential.seenAt + TOKEN_HOUR_MS : Number.POSITIVE_INFINITY;
    const due = Math.min(credential.provedAt + this.options.reproofMs, hourEnd > credential.provedAt ? hourEnd : Number.POSITIVE_INFINITY);
    credential.timer = setTimeout(() => {
      if (inMs === undefined && Date.now() < due) return this.armReproof(credential);
      this.proveNow(credential, 'background');
    }, Math.max(0, inMs ?? due - Date.now()));
    credential.timer.unref();
  }

  private fail(credential: Credential, error: Bitrix24AuthError): void {
    if (credential.failed) return;
    credential.failed = true;
    const proof = credential.proof;
    credential.proof = undefined;
    this.forget(credential);
    proof?.reject(error);
    if (this.polling === credential) this.polling = undefined;
    for (const subscriber of [...credential.subscribers]) this.end(subscriber, error);
  }

  // Looks and appends run one at a time: each diffs against the view the one before left.
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    this.looks++;
    const run = this.queue.then(task).finally(() => this.looks--);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((yes, no) => ((resolve = yes), (reject = no)));
  // Nobody may be waiting when it fails.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
