// GraphQL over Server-Sent Events: yoga's built-in transport on the same /graphql path.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';

const app = useTestApp();

/** Reads a whole event stream into its events. */
async function readEvents(res: Response): Promise<Array<{ event: string; data: string }>> {
  const text = await res.text();
  return text.split('\n\n').filter((block) => block.trim() !== '' && !block.startsWith(':')).map((block) => ({
    event: /^event: (.*)$/m.exec(block)?.[1] ?? '',
    data: /^data: (.*)$/m.exec(block)?.[1] ?? '',
  }));
}

describe('GraphQL over SSE', () => {
  it('streams a query result as a next event followed by complete', async () => {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: '{ unreadNotificationCount viewer { id } }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readEvents(res);
    expect(events.map((e) => e.event)).toEqual(['next', 'complete']);
    const payload = JSON.parse(events[0].data);
    expect(payload.data.viewer.id).toBe(String(app.webhooks[0].userId));
    expect(payload.data.unreadNotificationCount).toBeTypeOf('number');
  });

  it('streams a mutation\'s result and it takes effect at the portal', async () => {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'mutation { sendSystemNotification(input: { userId: "2", message: "over sse" }) { sent notificationId } }' }),
    });
    const [next] = await readEvents(res);
    const sent = JSON.parse(next.data).data.sendSystemNotification;
    expect(sent.sent).toBe(true);
    const stored = (await app.sandbox.admin('GET', 'notifications?userId=2')).notifications as Array<{ id: number; message: string }>;
    expect(stored.find((n) => String(n.id) === sent.notificationId)?.message).toBe('over sse');
  });
});
