// When watchers of one portal poll: every poll books a time at least `spacingMs` from every
// other booked poll, so together they never poll more often than once per spacing (the poll
// share of the budget). A booking far ahead (a quiet inbox, an outage's backoff) leaves the
// times before it free for others: a shared cursor would make every watcher wait behind it.

export class PollSchedule {
  /** Booked times (ms), ascending. */
  private readonly booked: number[] = [];

  constructor(private readonly spacingMs: number) {
    if (!(spacingMs > 0) || !Number.isFinite(spacingMs)) throw new RangeError(`spacingMs must be a positive number of milliseconds, got ${spacingMs}`);
  }

  /** Books the earliest time at or after `wanted` that keeps the spacing; `now` lets past bookings go. */
  book(wanted: number, now: number): number {
    this.forgetBefore(now - this.spacingMs);
    const { booked, spacingMs } = this;
    let i = firstAtOrAfter(booked, wanted);
    let at = wanted;
    if (i > 0 && at - booked[i - 1] < spacingMs) at = booked[i - 1] + spacingMs;
    // Walk later bookings until a gap of a whole spacing opens after `at`.
    while (i < booked.length && booked[i] - at < spacingMs) {
      at = Math.max(at, booked[i] + spacingMs);
      i++;
    }
    booked.splice(i, 0, at);
    return at;
  }

  /** How many bookings are kept (past ones are dropped as time goes on). */
  get size(): number {
    return this.booked.length;
  }

  private forgetBefore(time: number): void {
    const stale = firstAtOrAfter(this.booked, time);
    if (stale > 0) this.booked.splice(0, stale);
  }
}

function firstAtOrAfter(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
