// When a portal last answered, and who wants to hear it answer: readiness asks the first,
// watchers that back off after an outage the second, so they return as soon as queries do.

export class Pulse {
  private lastHeard = Number.NEGATIVE_INFINITY;
  private lastFailed = Number.NEGATIVE_INFINITY;
  private readonly listeners = new Set<(sentAt: number) => void>();

  /** The portal answered with a REST envelope that shows it up (a 503 rate limit counts: it is up, only busy). */
  heard(): void {
    this.lastHeard = Date.now();
  }

  /** A request sent at `sentAt` (ms) succeeded: the portal is up and serving. */
  succeeded(sentAt: number): void {
    this.heard();
    for (const listener of this.listeners) listener(sentAt);
  }

  /** A request got no answer, or a 5xx: until the portal answers again, it is not known to be up. */
  failed(): void {
    this.lastFailed = Date.now();
  }

  /** Whether the portal answered within the last `ms`, with no failure since. */
  heardWithin(ms: number): boolean {
    return Date.now() - this.lastHeard <= ms && this.lastHeard >= this.lastFailed;
  }

  /** Calls `listener` with the send time of every request that succeeds; returns the function that stops it. */
  onSuccess(listener: (sentAt: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
