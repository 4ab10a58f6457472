// Where a user's event stream stands. Positions order events: by log epoch, then by sequence
// number in that log, then by the newest notification id seen, so every event of a user has a
// greater position than the one before it, across resumes and restarts.

export interface Position {
  /** When this user's event log began (ms): a restarted facade's log has a later one. */
  readonly epoch: number;
  /** Events logged before this one in that log (0 before the first). */
  readonly seq: number;
  /** The newest notification id the stream had seen: additions up to it are known to the holder. */
  readonly newestId: number;
}

/** Negative, zero or positive as `a` comes before, with, or after `b`. */
export function comparePositions(a: Position, b: Position): number {
  return a.epoch - b.epoch || a.seq - b.seq || a.newestId - b.newestId;
}
