// /ready costs the portal nothing while the portal is known to answer, asks it once however
// many probes come, and a portal slower than the probe's timeout cannot end the process.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../support/app.js';
import { startTestSandbox } from '../support/sandbox.js';

describe('/ready', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  }, 30_000);
  afterAll(() => app?.close());
  const ready = () => fetch(app.url.replace('/graphql', '/ready')).then((r) => r.status);

  it('answers 100 probes at once with at most one upstream request, sent through the rate shaper', async () => {
    await app.sandbox.admin('DELETE', 'requests');
    const statuses = await Promise.all(Array.from({ length: 100 }, ready));
    expect(new Set(statuses)).toEqual(new Set([200]));
    const log = await app.sandbox.requests();
    expect(log.total).toBeLessThanOrEqual(1);
    expect(log.limited).toBe(0);
  });

  it('asks the portal nothing right after it answered a query', async () => {
    await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ unreadNotificationCount }' }) });
    await app.sandbox.admin('DELETE', 'requests');
    expect(await ready()).toBe(200);
    expect((await app.sandbox.requests()).total).toBe(0);
  });
});

describe('/ready against a portal slower than its timeout', () => {
  it('answers 503 and the process keeps serving', async () => {
    const sandbox = await startTestSandbox({ seed: 'demo' });
    const { webhooks } = await sandbox.admin('POST', 'reset', { seed: 'demo' });
    await sandbox.admin('POST', 'faults', { method: '*', latencyMs: 3000 });
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PORT: '0', B24_WEBHOOK_URL: webhooks[0].url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const base = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk;
          const match = /GraphiQL: (http:\/\/\S+)\/graphql/.exec(out);
          if (match) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`the facade exited with ${code} before listening`)));
      });
      expect((await fetch(`${base}/ready`)).status).toBe(503);
      // The probe's call is still waiting on the portal; give its rejection time to surface.
      await new Promise((r) => setTimeout(r, 1500));
      expect(child.exitCode).toBeNull();
      expect((await fetch(`${base}/health`)).status).toBe(200);
    } finally {
      child.kill('SIGKILL');
      await sandbox.close();
    }
  }, 20_000);
});
