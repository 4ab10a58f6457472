// An async iterable fed by callbacks, for subscriptions. Unlike Repeater it has no limit on
// pending values: one poll's catch-up can hold thousands of additions.

export interface StreamControl<T> {
  push(value: T): void;
  /** Ends the stream; with an error, the consumer's next read throws it after the queue drains. */
  end(error?: unknown): void;
}

/**
 * Starts `source` at once and returns the stream it feeds. `source` returns its cleanup, which
 * runs when the stream ends or the consumer stops reading (return()).
 */
export function callbackStream<T>(source: (control: StreamControl<T>) => () => void): AsyncIterableIterator<T> {
  const queue: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | null = null;
  let failWaiting: ((error: unknown) => void) | null = null;
  let done = false;
  let failure: { error: unknown } | null = null;
  let cleanup: (() => void) | null = null;

  const finish = () => {
    const run = cleanup;
    cleanup = null;
    run?.();
  };

  const control: StreamControl<T> = {
    push(value) {
      if (done) return;
      if (waiting) {
        const resolve = waiting;
        waiting = failWaiting = null;
        resolve({ value, done: false });
      } else queue.push(value);
    },
    end(error) {
      if (done) return;
      done = true;
      if (error !== undefined) failure = { error };
      finish();
      if (waiting && queue.length === 0) {
        const [resolve, reject] = [waiting, failWaiting!];
        waiting = failWaiting = null;
        if (failure) reject(failure.error);
        else resolve({ value: undefined, done: true });
      }
    },
  };
  cleanup = source(control);
  if (done) finish();

  return {
    next() {
      if (queue.length > 0) return Promise.resolve({ value: queue.shift()!, done: false });
      if (done) return failure ? Promise.reject(failure.error) : Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => {
        waiting = resolve;
        failWaiting = reject;
      });
    },
    return() {
      done = true;
      queue.length = 0;
      finish();
      waiting?.({ value: undefined, done: true });
      waiting = failWaiting = null;
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
