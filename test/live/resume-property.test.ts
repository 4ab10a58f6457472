// Property: whatever the sandbox does to the inbox, and however often the client drops its
// WebSocket and resumes from the last cursor it heard, the events heard across all resumes tell
// the sandbox's history: additions and removals once each, in order, and a final inbox that
// matches the portal's. Real sandbox, real facade, real graphql-ws client.
import fc from 'fast-check';
import { parse } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO_APP_ID } from '../../src/sandbox/seed.js';
import { type TestApp, startTestApp } from '../support/app.js';
import type { Auth } from '../support/sandbox.js';

const POLL_MS = 100;
const ENV = { B24_POLL_INTERVAL_MS: String(POLL_MS), B24_RATE_LIMIT: '50/20' };
// 'task|17' is the demo seed's tag on the first user's inbox, so replacing it removes a
// notification of the initial page; the others start fresh.
const TAGS = ['task|17', 'prop|a', 'prop|b'] as const;

type Step =
  | { kind: 'arrive' }
  | { kind: 'read'; pick: number; read: boolean }
  | { kind: 'delete'; pick: number }
  | { kind: 'tag'; tag: (typeof TAGS)[number] }
  /** Drops the connection; the steps after it happen while the client is away. */
  | { kind: 'disconnect' }
  /** Connects again from the last cursor heard (dropping the connection first if there is one). */
  | { kind: 'resume' }
  | { kind: 'wait'; ms: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Step>({ kind: 'arrive' }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('read' as const), pick: fc.nat(99), read: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat(99) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tag' as const), tag: fc.constantFrom(...TAGS) }) },
  { weight: 1, arbitrary: fc.constant<Step>({ kind: 'disconnect' }) },
  { weight: 2, arbitrary: fc.constant<Step>({ kind: 'resume' }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 300 }) }) },
);
// The demo user starts with 8 notifications; 24 steps keep the inbox under the page of 50, the
// only part of the inbox where reads and removals are seen. Lengths spread over the whole range.
const stepsArb = fc.array(stepArb, { minLength: 1, maxLength: 24, size: 'max' });

const INBOX = `{ notifications(first: 50) { eventCursor edges { node { id read } } } }`;
const EVENTS = `subscription ($after: String) { notificationEvents(after: $after) {
  __typename cursor unreadCount
  ... on NotificationAdded { notification { id read } }
  ... on NotificationUpdated { notification { id read } }
  ... on NotificationRemoved { id }
  ... on NotificationEventsResync { reason }
} }`;

interface Heard {
  /** Which connection heard it (0: the first, n: the n-th resume). */
  session: number;
  type: string;
  cursor: string;
  id?: number;
  read?: boolean;
  reason?: string;
}

/** Read flags by id. */
type Inbox = Map<number, boolean>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// One WebSocket connection with one subscription; stopping it drops whatever the server had not
// yet delivered, as a network cut would, so the resume must supply it.
function listen(app: TestApp, after: string, session: number, heard: Heard[], problems: string[]): () => Promise<void> {
  const client: Client = createClient({ url: app.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
  let stopped = false;
  const unsubscribe = client.subscribe<{ notificationEvents: any }>(
    { query: EVENTS, variables: { after } },
    {
      next: (value) => {
        if (stopped) return;
        const e = value.data?.notificationEvents;
        if (!e) return void problems.push(`session ${session}: a result without an event: ${JSON.stringify(value)}`);
        const id = e.id ?? e.notification?.id;
        heard.push({ session, type: e.__typename, cursor: e.cursor, id: id === undefined ? undefined : Number(id), read: e.notification?.read, reason: e.reason });
      },
      error: (error) => {
        if (!stopped) problems.push(`session ${session}: subscription error ${error instanceof Error ? error.message : JSON.stringify(error)}`);
      },
      complete: () => {
        if (!stopped) problems.push(`session ${session}: the server completed the subscription`);
      },
    },
  );
  return async () => {
    stopped = true;
    unsubscribe();
    await client.dispose();
  };
}

async function sandboxInbox(app: TestApp, userId: number): Promise<Inbox> {
  const { notifications } = await app.sandbox.admin<{ notifications: Array<{ id: number; read: boolean }> }>('GET', `notifications?userId=${userId}`);
  return new Map(notifications.map((n) => [n.id, n.read]));
}

const show = (inbox: Inbox) => JSON.stringify([...inbox].sort(([a], [b]) => a - b));

// The client's view: the first page, then every heard event applied by id.
function applyHeard(initial: Inbox, heard: Heard[]): Inbox {
  const view = new Map(initial);
  for (const e of heard) {
    if (e.type === 'NotificationAdded' || e.type === 'NotificationUpdated') view.set(e.id!, e.read!);
    else if (e.type === 'NotificationRemoved') view.delete(e.id!);
  }
  return view;
}

/** Everything the heard events get wrong about the history the sandbox applied. */
function violations(initial: Inbox, initialCursor: string, addedInRun: number[], final: Inbox, heard: Heard[]): string[] {
  const out: string[] = [];
  const count = (type: string, id: number) => heard.filter((e) => e.type === type && e.id === id).length;
  const firstIndex = (type: string, id: number) => heard.findIndex((e) => e.type === type && e.id === id);

  for (const id of addedInRun) {
    const added = count('NotificationAdded', id);
    const removed = count('NotificationRemoved', id);
    if (added > 1) out.push(`id ${id} was heard added ${added} times`);
    if (removed > 1) out.push(`id ${id} was heard removed ${removed} times`);
    if (removed > 0 && !(firstIndex('NotificationAdded', id) >= 0 && firstIndex('NotificationAdded', id) < firstIndex('NotificationRemoved', id))) {
      out.push(`id ${id} was heard removed before (or without) being heard added`);
    }
    // One added and removed between two polls is legitimately never heard at all.
    if (final.has(id) && (added !== 1 || removed !== 0)) out.push(`id ${id} survives, but was heard added ${added} and removed ${removed} times`);
    if (!final.has(id) && added !== removed) out.push(`id ${id} is gone, but was heard added ${added} and removed ${removed} times`);
  }
  for (const id of initial.keys()) {
    const added = count('NotificationAdded', id);
    const removed = count('NotificationRemoved', id);
    if (added > 0) out.push(`id ${id} of the first page was heard added ${added} times`);
    if (removed !== (final.has(id) ? 0 : 1)) out.push(`id ${id} of the first page ${final.has(id) ? 'survives' : 'is gone'}, but was heard removed ${removed} times`);
  }
  const known = new Set([...initial.keys(), ...addedInRun]);
  for (const e of heard) if (e.id !== undefined && !known.has(e.id)) out.push(`heard ${e.type} of id ${e.id}, which the sandbox never held during the run`);

  const additions = heard.filter((e) => e.type === 'NotificationAdded').map((e) => e.id!);
  for (let i = 1; i < additions.length; i++) {
    if (additions[i] <= additions[i - 1]) out.push(`additions out of id order: ${additions[i - 1]} then ${additions[i]}`);
  }

  const seen = new Map<string, number>([[initialCursor, -1]]);
  for (const [i, e] of heard.entries()) {
    const earlier = seen.get(e.cursor);
    if (earlier === -1) out.push(`event #${i} (${e.type} ${e.id ?? ''}) carries the inbox's eventCursor`);
    else if (earlier !== undefined) {
      const before = heard[earlier];
      out.push(before.session < e.session
        ? `session ${e.session} re-delivered event #${earlier} (${before.type} ${before.id ?? ''}, heard in session ${before.session}) as #${i}`
        : `cursor of event #${i} (${e.type} ${e.id ?? ''}) repeats event #${earlier}'s in session ${e.session}`);
    } else seen.set(e.cursor, i);
  }

  for (const e of heard) if (e.type === 'NotificationEventsResync') out.push(`heard NotificationEventsResync (${e.reason}) in session ${e.session}`);

  const view = applyHeard(initial, heard);
  if (show(view) !== show(final)) out.push(`the client's inbox ${show(view)} is not the sandbox's ${show(final)}`);
  return out;
}

async function run(steps: Step[]): Promise<void> {
  // A fresh portal and facade per run: runs are independent and the event log holds all of a run.
  const app = await startTestApp({ env: ENV });
  const stops: Array<() => Promise<void>> = [];
  try {
    const me = app.webhooks[0];
    const other = app.webhooks[1];
    const { access_token } = await app.sandbox.givenToken(DEMO_APP_ID, me.userId);

    const reply = await app.request<any, never>(parse(INBOX));
    if (!reply.data) throw new Error(`inbox query failed: ${JSON.stringify(reply.errors)}`);
    const initialCursor: string = reply.data.notifications.eventCursor;
    const initial: Inbox = new Map(reply.data.notifications.edges.map((e: any) => [Number(e.node.id), e.node.read]));
    const atStart = await sandboxInbox(app, me.userId);
    expect(show(initial), 'the first page is the whole sandbox inbox').toBe(show(atStart));

    const heard: Heard[] = [];
    const problems: string[] = [];
    let session = 0;
    let stop: (() => Promise<void>) | undefined = listen(app, initialCursor, session, heard, problems);
    stops.push(stop);
    const disconnect = async () => {
      await stop?.();
      stop = undefined;
    };
    const resume = () => {
      session++;
      stop = listen(app, heard.at(-1)?.cursor ?? initialCursor, session, heard, problems);
      stops.push(stop);
    };

    let inbox = atStart;
    const addedInRun: number[] = [];
    const ids = () => [...inbox.keys()].sort((a, b) => a - b);
    // A step the portal refused would leave the run testing less than it says.
    const act = async (auth: Auth, method: string, params: Record<string, unknown>) => {
      const res = await app.sandbox.call(auth, method, params);
      if (res.status !== 200 || res.body?.result === undefined || res.body.result === false) throw new Error(`${method} answered ${res.status}: ${res.text}`);
    };
    let n = 0;
    for (const step of steps) {
      const mine = ids();
      switch (step.kind) {
        case 'arrive':
          await act({ webhook: other }, 'im.notify.personal.add', { USER_ID: me.userId, MESSAGE: `arrival ${++n}` });
          break;
        case 'read':
          if (mine.length > 0) {
            await act({ webhook: me }, 'im.notify.read.list', { IDS: [mine[step.pick % mine.length]], ACTION: step.read ? 'Y' : 'N' });
          }
          break;
        case 'delete':
          if (mine.length > 0) await act({ webhook: me }, 'im.notify.delete', { ID: mine[step.pick % mine.length] });
          break;
        case 'tag':
          // Sent as the app: only an application's TAG is kept, and a newer one replaces the older.
          await act({ token: access_token }, 'im.notify.system.add', { USER_ID: me.userId, MESSAGE: `tagged ${++n}`, TAG: step.tag });
          break;
        case 'disconnect':
          await disconnect();
          break;
        case 'resume':
          await disconnect();
          resume();
          break;
        case 'wait':
          await sleep(step.ms);
          break;
      }
      const next = await sandboxInbox(app, me.userId);
      for (const id of next.keys()) if (!inbox.has(id)) addedInRun.push(id);
      inbox = next;
    }

    // Settle: the watcher has seen the last change once the client's view matches the portal,
    // then three more polls must add nothing that breaks the properties (no late repeats).
    if (!stop) resume();
    const final = await sandboxInbox(app, me.userId);
    const until = Date.now() + 3000;
    while (show(applyHeard(initial, heard)) !== show(final) && problems.length === 0 && Date.now() < until) await sleep(20);
    await sleep(3 * POLL_MS);
    await disconnect();

    const found = [...problems, ...violations(initial, initialCursor, addedInRun, final, heard)];
    if (found.length > 0) {
      const log = heard.map((e, i) => `#${i} s${e.session} ${e.type} ${e.id ?? ''}${e.read === undefined ? '' : e.read ? ' read' : ' unread'}${e.reason ? ` ${e.reason}` : ''}`);
      throw new Error(`${found.join('\n')}\nfirst page: ${show(initial)}\nheard:\n${log.join('\n')}`);
    }
  } finally {
    for (const s of stops) await s().catch(() => undefined);
    await app.close();
  }
}

describe('notificationEvents across resumes', () => {
  it('tells every change the sandbox applied, once, in order, whatever the disconnects', async () => {
    await fc.assert(fc.asyncProperty(stepsArb, run), { numRuns: Number(process.env.RESUME_PROPERTY_RUNS ?? 25) });
  }, 300_000);
});
