// Telling thousands of subscribers in one go holds the event loop: each of them executes its
// subscription for every event, and after an outage's catch-up that took seconds, in which no
// query was answered. So a signal reaches a bounded number of listeners per turn of the loop.

/** How many listeners hear a signal in one turn of the event loop. */
export const LISTENERS_PER_TURN = 100;

/**
 * Calls every listener with `value`, `perTurn` of them now and the rest in later turns
 * (setImmediate). Successive calls keep their order for each listener: every turn's remainder
 * queues behind the remainders queued before it. A listener that `stillListening` no longer
 * names is skipped.
 */
export function tellInTurns<T>(listeners: Iterable<(value: T) => void>, value: T, stillListening: (listener: (value: T) => void) => boolean, perTurn = LISTENERS_PER_TURN): void {
  const all = [...listeners];
  const tell = (from: number): void => {
    const to = Math.min(all.length, from + perTurn);
    for (let i = from; i < to; i++) if (stillListening(all[i])) all[i](value);
    if (to < all.length) setImmediate(tell, to);
  };
  tell(0);
}
