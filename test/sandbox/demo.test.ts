// The demo seed and the activity generator: what a frontend developer sees on a fresh sandbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestSandbox, startTestSandbox } from '../support/sandbox.js';

interface Notification {
  id: number;
  author_id: number;
  notify_type: number;
  notify_buttons?: string;
  params: Record<string, unknown> | null;
}

describe('the demo seed', () => {
  let sb: TestSandbox;
  let webhooks: Array<{ userId: number; secret: string }>;

  beforeAll(async () => {
    sb = await startTestSandbox({ seed: 'demo' });
    webhooks = (await sb.admin('POST', 'reset', { seed: 'demo' })).webhooks;
  });
  afterAll(() => sb.close());

  it('has several users, each with a working webhook', async () => {
    expect(webhooks.length).toBeGreaterThanOrEqual(3);
    for (const hook of webhooks) {
      const me = await sb.call({ webhook: hook }, 'user.current');
      expect(me.body.result.ID).toBe(String(hook.userId));
    }
  });

  it('gives the first user an inbox mixing system, personal, confirm, answerable and attachment notifications', async () => {
    const reply = await sb.call({ webhook: webhooks[0] }, 'im.notify.get', { LIMIT: 50 });
    const page: Notification[] = reply.body.result.notifications;
    expect(page.some((n) => n.notify_type === 4 && n.author_id === 0)).toBe(true);
    expect(page.some((n) => n.notify_type === 2 && n.author_id > 0)).toBe(true);
    const confirm = page.find((n) => n.notify_type === 1);
    expect(JSON.parse(confirm!.notify_buttons!).length).toBeGreaterThanOrEqual(2);
    expect(page.some((n) => n.params?.CAN_ANSWER === 'Y')).toBe(true);
    expect(page.some((n) => Array.isArray(n.params?.ATTACH))).toBe(true);
    expect(reply.body.result.users.length).toBeGreaterThan(0);
    expect(reply.body.result.total_unread_count).toBeGreaterThan(0);
  });

  it('has a notification schema with several modules', async () => {
    const reply = await sb.call({ webhook: webhooks[0] }, 'im.notify.schema.get');
    expect(Object.keys(reply.body.result).length).toBeGreaterThanOrEqual(3);
  });
});

describe('the activity generator', () => {
  it('keeps sending new notifications while the sandbox runs', async () => {
    const sb = await startTestSandbox({ seed: 'demo', activityIntervalMs: 20 });
    try {
      const count = async () => (await sb.admin('GET', 'notifications')).notifications.length as number;
      const before = await count();
      // Bounded wait: the generator ticks every 20 ms, so a few ticks arrive well within 5 s.
      let after = before;
      for (let i = 0; i < 100 && after < before + 3; i++) {
        await new Promise((r) => setTimeout(r, 50));
        after = await count();
      }
      expect(after).toBeGreaterThanOrEqual(before + 3);
    } finally {
      await sb.close();
    }
  });

  it('sends nothing when it is off', async () => {
    const sb = await startTestSandbox({ seed: 'demo' });
    try {
      const before = (await sb.admin('GET', 'notifications')).notifications.length;
      await new Promise((r) => setTimeout(r, 200));
      expect((await sb.admin('GET', 'notifications')).notifications.length).toBe(before);
    } finally {
      await sb.close();
    }
  });
});
