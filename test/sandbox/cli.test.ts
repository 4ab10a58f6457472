// `npm run sandbox`: the real command, configured by SANDBOX_* variables.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { sandboxOptionsFromEnv } from '../../src/sandbox/env.js';

const running: ChildProcess[] = [];
afterEach(() => {
  // npm starts node in its own process group; end the whole group.
  for (const child of running.splice(0)) if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
});

interface Started {
  child: ChildProcess;
  lines: string[];
}

/** Runs `npm run sandbox` and resolves once it printed `count` webhook lines after the banner. */
function runSandbox(env: Record<string, string>, webhookLines: number): Promise<Started> {
  const child = spawn('npm', ['run', '--silent', 'sandbox'], { env: { ...process.env, ...env }, detached: true });
  running.push(child);
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      lines.push(...parts);
      const banner = lines.findIndex((l) => l.startsWith('sandbox portal listening on '));
      if (banner !== -1 && lines.length - banner - 1 >= webhookLines) resolve({ child, lines });
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${lines.join('\n')}`)));
  });
}

/** Runs `npm run sandbox` expecting it to refuse to start; resolves with exit code and stderr. */
function refuse(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn('npm', ['run', '--silent', 'sandbox'], { env: { ...process.env, ...env }, detached: true });
  running.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

describe('npm run sandbox', () => {
  it('prints one working webhook line per seeded demo user', async () => {
    const { lines } = await runSandbox({ SANDBOX_PORT: '0' }, 4);
    const hooks = lines.filter((l) => l.startsWith('webhook user ')).map((l) => /^webhook user (\d+): (\S+)$/.exec(l)!);
    expect(hooks).toHaveLength(4);
    for (const [, userId, url] of hooks) {
      const reply = (await (await fetch(`${url}user.current`)).json()) as { result: { ID: string } };
      expect(reply.result.ID).toBe(userId);
    }
  });

  it('applies SANDBOX_RATE_LIMIT: with 3/1 the fourth request in a burst gets QUERY_LIMIT_EXCEEDED', async () => {
    const { lines } = await runSandbox({ SANDBOX_PORT: '0', SANDBOX_RATE_LIMIT: '3/1', SANDBOX_SEED: 'empty' }, 0);
    const base = lines.find((l) => l.startsWith('sandbox portal listening on '))!.split(' ').pop();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${base}/rest/im.notify.get`)).status);
    expect(statuses).toEqual([401, 401, 401, 503]);
  });

  it('stops with exit code 2 and names the variable when a value is malformed', async () => {
    const { code, stderr } = await refuse({ SANDBOX_PORT: '0', SANDBOX_RATE_LIMIT: 'fast' });
    expect(code).toBe(2);
    expect(stderr).toContain('SANDBOX_RATE_LIMIT must be X/Y (e.g. 50/2) or off, got "fast"');
  });
});

describe('SANDBOX_* validation', () => {
  it.each([
    ['SANDBOX_PORT', 'http', 'SANDBOX_PORT must be 0..65535, got "http"'],
    ['SANDBOX_PORT', '70000', 'SANDBOX_PORT must be 0..65535, got "70000"'],
    ['SANDBOX_RATE_LIMIT', '50', 'SANDBOX_RATE_LIMIT must be X/Y (e.g. 50/2) or off, got "50"'],
    ['SANDBOX_SEED', 'full', 'SANDBOX_SEED must be demo or empty, got "full"'],
    ['SANDBOX_ACTIVITY_MS', '-5', 'SANDBOX_ACTIVITY_MS must be an integer >= 0, got "-5"'],
    ['SANDBOX_TIMEZONE', 'Mars/Olympus', 'SANDBOX_TIMEZONE must be an IANA name or an offset like +03:00, got "Mars/Olympus"'],
    ['SANDBOX_TLS_CERT', '/tmp/cert.pem', 'SANDBOX_TLS_CERT and SANDBOX_TLS_KEY must be set together'],
  ])('refuses %s=%s', (name, value, message) => {
    expect(() => sandboxOptionsFromEnv({ [name]: value })).toThrow(message);
  });

  it('reads every variable into options', () => {
    expect(sandboxOptionsFromEnv({
      SANDBOX_PORT: '0', SANDBOX_HOST: '127.0.0.2', SANDBOX_RATE_LIMIT: '250/5', SANDBOX_TIMEZONE: '+05:30',
      SANDBOX_SEED: 'empty', SANDBOX_ACTIVITY_MS: '3000',
    })).toEqual({
      port: 0, host: '127.0.0.2', rateLimit: { burst: 250, drainPerSecond: 5 }, timeZone: '+05:30', seed: 'empty', activityIntervalMs: 3000,
    });
    expect(sandboxOptionsFromEnv({ SANDBOX_RATE_LIMIT: 'off' }).rateLimit).toBe('off');
    expect(sandboxOptionsFromEnv({}).port).toBe(4100);
  });
});
