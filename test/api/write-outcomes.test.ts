// What a client is told about writes when the portal fails, hangs or moves, over GraphQL:
// a write that may have run says so (UPSTREAM_OUTCOME_UNKNOWN), one that provably did not says
// NOT_SENT, user text is stored as written, and every operation ends by its deadline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../support/app.js';

async function gql(app: TestApp, query: string, variables?: Record<string, unknown>) {
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as { data?: any; errors?: any[] }) };
}

const SEND = 'mutation($input: SendNotificationInput!) { sendNotification(input: $input) { sent notificationId } }';
const BULK = 'mutation($inputs: [SendNotificationInput!]!) { sendNotifications(inputs: $inputs) { index sent outcome notificationId error { code message } } }';
const INBOX = '{ notifications(first: 5) { totalCount } }';

const storedTexts = async (app: TestApp, userId: number): Promise<string[]> =>
  ((await app.sandbox.admin('GET', `notifications?userId=${userId}`)).notifications as Array<{ message: string }>).map((n) => n.message);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('writes over GraphQL', () => {
  let app: TestApp;
  let to: number;
  beforeAll(async () => {
    app = await startTestApp();
    to = app.webhooks[1].userId;
  }, 30_000);
  afterAll(() => app?.close());

  it('stores text holding batch placeholders exactly as written, whatever the name, case and form, ATTACH included', async () => {
    const names = ['result', 'next', 'total', 'time', 'error'];
    const spellings = names.flatMap((n) => [n, n.toUpperCase(), `${n[0].toUpperCase()}${n.slice(1)}`]);
    const texts = spellings.flatMap((name) => [`$${name}[0]`, `order $${name}[0][ID] shipped`]);
    const inputs = [
      ...texts.map((message) => ({ userId: String(to), message })),
      { userId: String(to), message: 'with attach', attach: [{ MESSAGE: 'total: $total[0]' }, { LINK: { NAME: '$result[1]', LINK: 'https://example.com' } }] },
    ];
    const { data, errors } = await gql(app, BULK, { inputs });
    expect(errors).toBeUndefined();
    expect(data.sendNotifications.every((r: { outcome: string }) => r.outcome === 'SENT')).toBe(true);
    const stored = (await app.sandbox.admin('GET', `notifications?userId=${to}`)).notifications as Array<{ message: string; params: unknown }>;
    for (const text of texts) expect(stored.filter((n) => n.message === text)).toHaveLength(1);
    const attached = JSON.stringify(stored.find((n) => n.message === 'with attach')?.params);
    expect(attached).toContain('total: $total[0]');
    expect(attached).toContain('$result[1]');
  });

  it('reports a send the portal ran and then answered with 500 as UPSTREAM_OUTCOME_UNKNOWN with the portal\'s status, never as an internal error', async () => {
    await app.sandbox.admin('POST', 'faults', { method: 'im.notify.personal.add', when: 'after', status: 500, times: 1 });
    const { data, errors } = await gql(app, SEND, { input: { userId: String(to), message: 'ran then failed' } });
    expect(data).toBeNull();
    expect(errors![0].extensions).toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN', bitrix24: { error: 'INTERNAL_SERVER_ERROR', status: 500, method: 'im.notify.personal.add' } });
    expect((await storedTexts(app, to)).filter((t) => t === 'ran then failed')).toHaveLength(1);
  });

  it('reports a read the portal keeps failing with 500 as UPSTREAM_UNAVAILABLE with the portal\'s status', async () => {
    await app.sandbox.admin('POST', 'faults', { method: 'im.notify.get', status: 500, times: 4 });
    const { errors } = await gql(app, INBOX);
    expect(errors![0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', bitrix24: { error: 'INTERNAL_SERVER_ERROR', status: 500 } });
  });

  it('gives each bulk item an outcome: SENT, NOT_SENT for what provably was not stored, UNKNOWN for what may have been', async () => {
    const first = await gql(app, BULK, { inputs: [{ userId: String(to), message: 'bulk ok' }, { userId: '999999', message: 'nobody' }, { userId: String(to), message: '' }] });
    expect(first.data.sendNotifications.map((r: { outcome: string; sent: boolean; error: { code: string } | null }) => [r.outcome, r.sent, r.error?.code ?? null])).toEqual([
      ['SENT', true, null],
      ['NOT_SENT', false, null],
      ['NOT_SENT', false, 'MESSAGE_EMPTY'],
    ]);
    await app.sandbox.admin('POST', 'faults', { method: 'batch', when: 'after', status: 500, times: 1 });
    const second = await gql(app, BULK, { inputs: [{ userId: String(to), message: 'bulk unknown 1' }, { userId: String(to), message: 'bulk unknown 2' }] });
    expect(second.data.sendNotifications.map((r: { outcome: string; sent: boolean; error: { code: string } }) => [r.outcome, r.sent, r.error.code])).toEqual([
      ['UNKNOWN', false, 'UPSTREAM_OUTCOME_UNKNOWN'],
      ['UNKNOWN', false, 'UPSTREAM_OUTCOME_UNKNOWN'],
    ]);
    // They were stored: resending UNKNOWN ones would have sent them twice.
    expect((await storedTexts(app, to)).filter((t) => t.startsWith('bulk unknown'))).toHaveLength(2);
  });

  it('refuses to follow a portal that moved, naming where it points', async () => {
    await app.sandbox.admin('POST', 'faults', { method: 'im.notify.get', redirect: 'https://moved.example.com/rest/1/x/im.notify.get.json', times: 1 });
    const { errors } = await gql(app, INBOX);
    expect(errors![0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', kind: 'redirect' });
    expect(errors![0].message).toContain('redirecting to https://moved.example.com;');
  });
});

describe('operation deadlines', () => {
  let app: TestApp;
  let to: number;
  beforeAll(async () => {
    app = await startTestApp({ env: { OPERATION_DEADLINE_MS: '700', BULK_SEND_DEADLINE_MS: '4000', B24_REQUEST_TIMEOUT_MS: '5000' } });
    to = app.webhooks[1].userId;
  }, 30_000);
  afterAll(() => app?.close());

  it('ends a query against a hanging portal at its deadline with UPSTREAM_UNAVAILABLE', async () => {
    await app.sandbox.admin('POST', 'faults', { method: 'im.notify.get', hang: true, times: 1 });
    const started = Date.now();
    const { errors } = await gql(app, INBOX);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(errors![0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', kind: 'cancelled' });
  });

  it('ends a send in flight at its deadline as UPSTREAM_OUTCOME_UNKNOWN', async () => {
    await app.sandbox.admin('POST', 'faults', { method: 'im.notify.personal.add', when: 'after', latencyMs: 2500, times: 1 });
    const started = Date.now();
    const { errors } = await gql(app, SEND, { input: { userId: String(to), message: 'slow send' } });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(errors![0].extensions).toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN', kind: 'cancelled' });
  });

  it('gives sendNotifications its own, longer deadline', async () => {
    await app.sandbox.admin('POST', 'faults', { method: 'batch', latencyMs: 1200, times: 1 });
    const { data } = await gql(app, BULK, { inputs: [{ userId: String(to), message: 'slow bulk 1' }, { userId: String(to), message: 'slow bulk 2' }] });
    expect(data.sendNotifications.map((r: { outcome: string }) => r.outcome)).toEqual(['SENT', 'SENT']);
  });
});

describe('a bulk send that outlives its deadline', () => {
  let app: TestApp;
  let to: number;
  beforeAll(async () => {
    // Burst 3 with one request of headroom: two batches go at once, the next 2 s later.
    app = await startTestApp({ env: { B24_RATE_LIMIT: '3/0.5', BULK_SEND_DEADLINE_MS: '1000' } });
    to = app.webhooks[1].userId;
  }, 30_000);
  afterAll(() => app?.close());

  it('withdraws what still waits as NOT_SENT, never sends it later, and stores exactly what it reports SENT', async () => {
    await app.sandbox.admin('DELETE', 'requests');
    const inputs = Array.from({ length: 250 }, (_, i) => ({ userId: String(to), message: `deadline ${i}` }));
    const { data } = await gql(app, BULK, { inputs });
    const results = data.sendNotifications as Array<{ index: number; outcome: string; error: { code: string } | null }>;
    const sent = results.filter((r) => r.outcome === 'SENT').map((r) => `deadline ${r.index}`);
    const notSent = results.filter((r) => r.outcome === 'NOT_SENT');
    expect(sent).toHaveLength(100);
    expect(notSent).toHaveLength(150);
    expect(new Set(notSent.map((r) => r.error?.code))).toEqual(new Set(['UPSTREAM_UNAVAILABLE']));
    await sleep(2500);
    const stored = (await storedTexts(app, to)).filter((t) => t.startsWith('deadline '));
    expect(stored.sort()).toEqual(sent.sort());
    expect((await app.sandbox.requests()).byMethod.batch).toBe(2);
  });
});
