// Child processes of the bench scenarios: servers and subscriber crowds that must not share
// the measuring process's event loop. The parent talks to each over IPC with typed messages;
// every child exits when the parent goes away, and answers `{ type: 'close' }` by exiting.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Forks a TypeScript bench file (through tsx) with IPC; its stderr goes to ours. */
export function forkChild(file: string, args: string[], extraExecArgv: string[] = []): ChildProcess {
  return fork(file, args, { cwd: ROOT, execArgv: ['--import', 'tsx', ...extraExecArgv], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
}

/**
 * A request/answer channel to `child`: `ask(message, expect, timeoutMs)` sends `message` (null
 * sends nothing and only waits) and resolves with the child's next message of type `expect`.
 * It rejects when the child reports `{ type: 'failed', error }`, exits, does not answer in
 * time, or the run is aborted; the rejection names the child and what it was asked.
 */
export function channel<To, From extends { type: string }>(child: ChildProcess, name: string, signal: AbortSignal) {
  return <K extends From['type']>(message: To | null, expect: K, timeoutMs: number): Promise<Extract<From, { type: K }>> =>
    new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const done = (error?: unknown, value?: Extract<From, { type: K }>) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        signal.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve(value!);
      };
      const onMessage = (m: From) => {
        if (m.type === expect) done(undefined, m as Extract<From, { type: K }>);
        else if (m.type === 'failed') done(new Error(`${name}: expected ${expect}, it failed with ${(m as { error?: string }).error}`));
      };
      const onExit = (code: number | null, sig: NodeJS.Signals | null) => done(new Error(`${name}: expected ${expect}, the process exited (${code ?? sig})`));
      const onAbort = () => done(signal.reason);
      const timer = setTimeout(() => done(new Error(`${name}: expected ${expect} within ${timeoutMs / 1000} s, it did not answer`)), timeoutMs);
      child.on('message', onMessage);
      child.once('exit', onExit);
      signal.addEventListener('abort', onAbort, { once: true });
      if (message !== null) child.send(message as object);
    });
}

/**
 * Asks the child to close and waits for it to exit; kills it when it has not exited after
 * `graceMs`, or at once when `graceful` is false (after an abort, nobody waits for cleanup).
 */
export async function stopChild(child: ChildProcess, { graceful = true, graceMs = 10_000 } = {}): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (graceful && child.connected) {
    try {
      child.send({ type: 'close' });
    } catch {
      // The channel is already gone; the kill below ends it.
    }
  } else child.kill('SIGKILL');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
