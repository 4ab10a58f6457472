// Input the facade refuses itself, before any upstream call: ids that are not canonical decimal
// integers, and JSON attachments nested deeper than MAX_JSON_DEPTH, as variables or inline.
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../src/schema/scalars.js';
import { useTestApp } from '../support/app.js';

const app = useTestApp();

interface Reply {
  status: number;
  data?: any;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

async function post(query: string, variables?: Record<string, unknown>): Promise<Reply> {
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as object) };
}

/** What `run` resolved to, and how many requests the portal received while it ran. */
async function upstreamDuring<T>(run: () => Promise<T>): Promise<{ reply: T; upstream: number }> {
  const before = (await app.sandbox.requests()).total;
  const reply = await run();
  return { reply, upstream: (await app.sandbox.requests()).total - before };
}

// Every argument that names a notification or user by id, with the field its error names.
const ID_ARGUMENTS = [
  { name: 'markNotificationRead', field: 'id', query: 'mutation ($id: ID!) { markNotificationRead(id: $id) { ids } }' },
  { name: 'markNotificationsRead', field: 'ids[0]', query: 'mutation ($id: ID!) { markNotificationsRead(ids: [$id]) { ids } }' },
  { name: 'answerNotification', field: 'id', query: 'mutation ($id: ID!) { answerNotification(id: $id, text: "ok") { answered } }' },
  { name: 'confirmNotification', field: 'id', query: 'mutation ($id: ID!) { confirmNotification(id: $id, value: "y") { confirmed } }' },
  { name: 'deleteNotifications', field: 'input.ids[0]', query: 'mutation ($id: ID!) { deleteNotifications(input: { ids: [$id] }) { deleted } }' },
  { name: 'sendNotification', field: 'input.userId', query: 'mutation ($id: ID!) { sendNotification(input: { userId: $id, message: "hi" }) { sent } }' },
  { name: 'notificationHistory', field: 'filter.authorIds[0]', query: 'query ($id: ID!) { notificationHistory(filter: { authorIds: [$id] }) { totalCount } }' },
];

// What Number() used to accept (or turn into another id), and the edges of the range.
const MALFORMED = ['0x10', '1e3', ' 1', '1 ', '1.0', '+1', '-1', '01', '１', '٣', '1_000', '', 'abc', String(Number.MAX_SAFE_INTEGER + 1)];

describe('ids that are not canonical decimal integers', () => {
  for (const { name, field, query } of ID_ARGUMENTS) {
    it(`${name} refuses each malformed id with INVALID_ID naming ${field}, without calling the portal`, async () => {
      const expected = name === 'notificationHistory' ? 'a user id, or 0 for system notifications (a whole number 0' : name === 'sendNotification' ? 'a user id (a whole number 1' : 'a notification id (a whole number 1';
      const { reply: replies, upstream } = await upstreamDuring(() => Promise.all(MALFORMED.map((id) => post(query, { id }))));
      MALFORMED.forEach((id, i) => {
        expect(replies[i].errors?.[0], JSON.stringify(id)).toMatchObject({
          message: `${field} must be ${expected} or more in plain decimal digits, up to ${Number.MAX_SAFE_INTEGER}), got ${JSON.stringify(id)}`,
          extensions: { code: 'INVALID_ID', field },
        });
      });
      expect(upstream).toBe(0);
    });
  }

  it('refuses 0 as a notification id, but takes it as the system author in authorIds', async () => {
    const notification = await upstreamDuring(() => post(ID_ARGUMENTS[0].query, { id: '0' }));
    expect(notification.reply.errors?.[0].extensions).toMatchObject({ code: 'INVALID_ID', field: 'id' });
    expect(notification.upstream).toBe(0);

    const history = await post(ID_ARGUMENTS.find((a) => a.name === 'notificationHistory')!.query, { id: '0' });
    expect(history.errors).toBeUndefined();
    expect(history.data.notificationHistory.totalCount).toBeTypeOf('number');
  });

  it('passes a canonical id on to the portal, up to Number.MAX_SAFE_INTEGER', async () => {
    for (const id of ['7', String(Number.MAX_SAFE_INTEGER)]) {
      const { reply, upstream } = await upstreamDuring(() => post(ID_ARGUMENTS[0].query, { id }));
      expect(reply.errors?.[0]?.extensions?.code, id).not.toBe('INVALID_ID');
      expect(upstream, id).toBeGreaterThan(0);
    }
  });

  it('takes an id given as a GraphQL Int literal like its decimal string', async () => {
    const { reply, upstream } = await upstreamDuring(() => post('mutation { markNotificationsRead(ids: [7]) { ids } }'));
    expect(reply.errors).toBeUndefined();
    expect(reply.data.markNotificationsRead.ids).toEqual(['7']);
    expect(upstream).toBeGreaterThan(0);
  });
});

describe('cursors', () => {
  it('refuses a forged cursor whose id is an integer beyond Number.MAX_SAFE_INTEGER, without calling the portal', async () => {
    const forged = `n1.${Buffer.from(JSON.stringify([1e300, 3])).toString('base64url')}`;
    const { reply, upstream } = await upstreamDuring(() => post('query ($after: String) { notificationHistory(filter: { types: ["rest"] }, after: $after) { totalCount } }', { after: forged }));
    expect(reply.errors?.[0].extensions).toMatchObject({ code: 'INVALID_CURSOR', field: 'after' });
    expect(upstream).toBe(0);
  });
});

describe('JSON attachments nested deeper than MAX_JSON_DEPTH', () => {
  const nestedLiteral = (levels: number) => `${'{ BLOCKS: '.repeat(levels)}1${' }'.repeat(levels)}`;
  const nestedValue = (levels: number): unknown => (levels === 0 ? 1 : { BLOCKS: nestedValue(levels - 1) });
  const sendInline = (levels: number) => `mutation { sendNotification(input: { userId: "2", message: "deep", attach: ${nestedLiteral(levels)} }) { sent } }`;
  const sendVariable = 'mutation ($attach: JSON) { sendNotification(input: { userId: "2", message: "deep", attach: $attach }) { sent } }';

  it(`refuses an inline attach literal nested ${MAX_JSON_DEPTH + 1} levels with JSON_TOO_DEEP, before any upstream call`, async () => {
    const { reply, upstream } = await upstreamDuring(() => post(sendInline(MAX_JSON_DEPTH + 1)));
    expect(reply.errors?.[0]).toMatchObject({ message: `JSON values may nest at most ${MAX_JSON_DEPTH} levels`, extensions: { code: 'JSON_TOO_DEEP' } });
    expect(reply.data ?? null).toBeNull();
    expect(upstream).toBe(0);
  });

  it(`lets an inline attach literal of ${MAX_JSON_DEPTH} levels through the scalar to the portal`, async () => {
    const { reply, upstream } = await upstreamDuring(() => post(sendInline(MAX_JSON_DEPTH)));
    expect(reply.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('JSON_TOO_DEEP');
    expect(upstream).toBeGreaterThan(0);
  });

  it('draws the line at the same depth for a variable', async () => {
    const over = await upstreamDuring(() => post(sendVariable, { attach: nestedValue(MAX_JSON_DEPTH + 1) }));
    expect(over.reply.errors?.[0].extensions?.code).toBe('JSON_TOO_DEEP');
    expect(over.upstream).toBe(0);
    const atLimit = await upstreamDuring(() => post(sendVariable, { attach: nestedValue(MAX_JSON_DEPTH) }));
    expect(atLimit.reply.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('JSON_TOO_DEEP');
    expect(atLimit.upstream).toBeGreaterThan(0);
  });
});
