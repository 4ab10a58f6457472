// Queries through the real server against the sandbox, with typed documents (codegen).
import { describe, expect, it } from 'vitest';
import { graphql } from '../gql/index.js';
import { useTestApp } from '../support/app.js';

const app = useTestApp();

const Inbox = graphql(`
  query Inbox($first: Int!, $after: String) {
    notifications(first: $first, after: $after) {
      totalCount
      unreadCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id kind text read date canAnswer author { id name } buttons { title value kind } attachments } }
    }
    notificationSchema { modules { id name types { id name } } }
  }
`);

const History = graphql(`
  query History($filter: NotificationHistoryFilter!, $first: Int, $after: String) {
    notificationHistory(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id text author { id } } }
    }
  }
`);

const HistoryBackward = graphql(`query HistoryBackward($filter: NotificationHistoryFilter!) { notificationHistory(filter: $filter, last: 2) { totalCount } }`);

const PageSize = graphql(`query PageSize($first: Int!) { notifications(first: $first) { totalCount } }`);

const Counters = graphql(`query Counters { unreadNotificationCount viewer { id name } }`);

describe('the inbox query', () => {
  it('costs exactly one upstream request: a page with authors, the unread count and the schema', async () => {
    await app.sandbox.admin('DELETE', 'requests');
    const reply = await app.request(Inbox, { first: 20 });
    expect(reply.errors).toBeUndefined();
    const log = await app.sandbox.requests();
    expect(log.total).toBe(1);
    expect(log.requests[0]).toMatchObject({ method: 'batch', batchSize: 2 });
    const inbox = reply.data!.notifications;
    expect(inbox.edges.length).toBeGreaterThan(0);
    expect(inbox.edges.some((e) => e.node.author?.name)).toBe(true);
    expect(inbox.unreadCount).toBeGreaterThan(0);
    expect(reply.data!.notificationSchema.modules.length).toBeGreaterThanOrEqual(3);
  });

  it('lists confirm notifications first, with their buttons', async () => {
    const inbox = (await app.request(Inbox, { first: 20 })).data!.notifications;
    expect(inbox.edges[0].node.kind).toBe('CONFIRM');
    expect(inbox.edges[0].node.buttons.map((b) => b.kind)).toEqual(['ACCEPT', 'CANCEL']);
    const kinds = inbox.edges.map((e) => e.node.kind);
    expect(kinds.lastIndexOf('CONFIRM')).toBeLessThan(kinds.findIndex((k) => k !== 'CONFIRM'));
  });

  it('pages through every notification exactly once with opaque cursors', async () => {
    const seen: string[] = [];
    let after: string | null | undefined;
    let pages = 0;
    let total = 0;
    do {
      const page = (await app.request(Inbox, { first: 2, after })).data!.notifications;
      total = page.totalCount;
      seen.push(...page.edges.map((e) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after && pages < 50);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(total);
  });

  it('refuses a cursor it did not make, naming the argument, without asking the portal for the page', async () => {
    await app.sandbox.admin('DELETE', 'requests');
    const reply = await app.request(Inbox, { first: 2, after: 'not-a-cursor' });
    expect(reply.errors?.[0]).toMatchObject({ extensions: { code: 'INVALID_CURSOR', field: 'after' } });
    expect(reply.errors?.[0].message).toContain('after must be a cursor');
    expect((await app.sandbox.requests()).byMethod['im.notify.get']).toBeUndefined();
  });

  it('refuses a page size over 50 with the limit in the message', async () => {
    const reply = await app.request(PageSize, { first: 51 });
    expect(reply.errors?.[0]).toMatchObject({ message: 'first must be 1..50, got 51', extensions: { code: 'LIMIT_OUT_OF_RANGE' } });
  });

  it('serves a full page of 50 with every field within the default complexity limit', async () => {
    const reply = await app.request(Inbox, { first: 50 });
    expect(reply.errors).toBeUndefined();
  });

  it('refuses an operation over the complexity limit before any upstream call, saying so', async () => {
    await app.sandbox.admin('DELETE', 'requests');
    const reply = await app.request(Inbox, { first: 500 });
    expect(reply.errors?.[0].message).toMatch(/^Query exceeds maximum complexity \(complexity: \d+, max: \d+\)$/);
    expect((await app.sandbox.requests()).total).toBe(0);
  });
});

describe('other queries', () => {
  it('reads the unread count and the viewer', async () => {
    const reply = await app.request(Counters);
    expect(reply.data!.viewer.id).toBe(String(app.webhooks[0].userId));
    expect(reply.data!.viewer.name.length).toBeGreaterThan(0);
    expect(reply.data!.unreadNotificationCount).toBeGreaterThan(0);
  });

  it('searches the history with a total on the first page and pages on with the cursor', async () => {
    const first = await app.request(History, { filter: { types: ['rest'] }, first: 1 });
    const page = first.data!.notificationHistory;
    expect(page.totalCount).toBeGreaterThan(1);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const second = (await app.request(History, { filter: { types: ['rest'] }, first: 1, after: page.pageInfo.endCursor })).data!.notificationHistory;
    expect(second.totalCount).toBeNull();
    expect(second.edges[0].node.id).not.toBe(page.edges[0].node.id);
  });

  it('refuses backward paging of the history, naming the argument', async () => {
    const reply = await app.request(HistoryBackward, { filter: { types: ['rest'] } });
    expect(reply.errors?.[0]).toMatchObject({ extensions: { code: 'PAGINATION_FORWARD_ONLY', field: 'last' } });
  });

  it('gives the portal\'s own code for a search without a criterion', async () => {
    const reply = await app.request(History, { filter: { text: 'ab' } });
    expect(reply.errors?.[0].extensions).toMatchObject({ code: 'SEARCH_TEXT_ERROR' });
    expect(reply.errors?.[0].message).toBe("SEARCH_TEXT can't be less then 3 symbols");
  });
});
