// The polling loop of one user's feed: when to look next. A look that fails is an outage and
// backs off; the feed itself decides what a look does and whether there is anyone left to look for.

/** What one look came to: a change, none, a switch to another credential, or nobody left to look for. */
export type LookOutcome = 'changed' | 'same' | 'switched' | 'stop';

export interface WatcherTiming {
  /** Milliseconds until the next free slot of the portal's poll schedule: a new watcher's first poll, a woken one's next. */
  nextSlotDelay(): number;
  /** Milliseconds until the next poll, given how many polls failed in a row and how long nothing changed. */
  nextDelay(failures: number, idleMs: number): number;
}

export class Watcher {
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private polling = false;
  private wokenDuringPoll = false;
  private lastChange = Date.now();
  private stopped = false;
  // Withdraws looks still queued in the client when the watcher stops.
  private readonly abort = new AbortController();

  constructor(private readonly look: (signal: AbortSignal) => Promise<LookOutcome>, private readonly timing: WatcherTiming) {
    this.timer = setTimeout(() => void this.poll(), timing.nextSlotDelay());
  }

  /** A stopped watcher (closed, or with no credential left) never polls again. */
  get isStopped(): boolean {
    return this.stopped;
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
  }

  private async poll(): Promise<void> {
    if (this.stopped) return;
    this.polling = true;
    let outcome: LookOutcome | undefined;
    try {
      outcome = await this.look(this.abort.signal);
      this.failures = 0;
      if (outcome === 'changed') this.lastChange = Date.now();
    } catch {
      if (this.stopped) return;
      this.failures++;
    } finally {
      this.polling = false;
    }
    if (outcome === 'stop') this.stop();
    if (this.stopped) return;
    // A switch to another credential, or a wake during a failing poll, looks again at the next slot.
    const soon = outcome === 'switched' || (this.failures > 0 && this.wokenDuringPoll);
    this.wokenDuringPoll = false;
    const delay = soon ? this.timing.nextSlotDelay() : this.timing.nextDelay(this.failures, Date.now() - this.lastChange);
    this.timer = setTimeout(() => void this.poll(), delay);
  }
}
