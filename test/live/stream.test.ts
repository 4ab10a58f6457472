// callbackStream: the async iterable behind subscriptions.
import { describe, expect, it } from 'vitest';
import { callbackStream } from '../../src/live/stream.js';

describe('callbackStream', () => {
  it('yields pushed values in order, including those pushed before anyone reads', async () => {
    const stream = callbackStream<number>(({ push }) => {
      push(1);
      push(2);
      setTimeout(() => push(3), 5);
      return () => {};
    });
    const seen = [(await stream.next()).value, (await stream.next()).value, (await stream.next()).value];
    expect(seen).toEqual([1, 2, 3]);
  });

  it('holds more than Repeater\'s 1,024 pending values', async () => {
    const stream = callbackStream<number>(({ push }) => {
      for (let i = 0; i < 5000; i++) push(i);
      return () => {};
    });
    let count = 0;
    for (let i = 0; i < 5000; i++) count += (await stream.next()).value === i ? 1 : 0;
    expect(count).toBe(5000);
  });

  it('delivers what was queued, then throws the error it ended with, and cleans up once', async () => {
    let cleanups = 0;
    const stream = callbackStream<string>(({ push, end }) => {
      push('last words');
      end(new Error('token expired'));
      return () => cleanups++;
    });
    expect((await stream.next()).value).toBe('last words');
    await expect(stream.next()).rejects.toThrow('token expired');
    expect(cleanups).toBe(1);
  });

  it('wakes a waiting reader with the error when it ends while empty', async () => {
    let end!: (error?: unknown) => void;
    const stream = callbackStream<string>((control) => {
      end = control.end;
      return () => {};
    });
    const reading = stream.next();
    end(new Error('gone'));
    await expect(reading).rejects.toThrow('gone');
  });

  it('runs the cleanup when the consumer stops reading, and ignores later pushes', async () => {
    let cleanups = 0;
    let push!: (value: number) => void;
    const stream = callbackStream<number>((control) => {
      push = control.push;
      return () => cleanups++;
    });
    await stream.return!();
    push(1);
    expect(cleanups).toBe(1);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });
});
