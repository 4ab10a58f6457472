// The soak's query and mutation load, in a process of its own, at a steady open-loop rate: an
// operation starts on schedule whether or not earlier ones have been answered (up to a cap), so
// a fault shows as slow or failed answers, not as a load that politely waits.
// Every send carries a text unique in the run (`soak <run> n<seq>`), so the portal's stored copies
// say which send each came from. Three of four sends go to the watched user, one to another.
import { type GraphqlAnswer, NO_ANSWER, postGraphql } from './graphql.js';
import type { FromLoad, LoadRates, OperationRecord, OperationType, ToLoad } from './protocol.js';
import type { SendAnswer, SendRecord } from './tally.js';

const INBOX = 'query SoakInbox { notifications(first: 20) { totalCount unreadCount edges { node { id kind read text author { id name } } } } }';
const SEND = 'mutation SoakSend($input: SendNotificationInput!) { sendNotification(input: $input) { sent notificationId } }';
const MARK = 'mutation SoakMark($ids: [ID!]!, $read: Boolean) { markNotificationsRead(ids: $ids, read: $read) { ids read unreadCount } }';
const bulkMutation = (outcome: boolean) =>
  `mutation SoakBulk($inputs: [SendNotificationInput!]!) { sendNotifications(inputs: $inputs) { index sent notificationId error { code message }${outcome ? ' outcome' : ''} } }`;
// The `outcome` field is being added (issue 10, item 7): ask for it only where the schema has it.
const RESULT_FIELDS = '{ __type(name: "SendNotificationsResult") { fields { name } } }';

const TICK_MS = 50;
const MAX_IN_FLIGHT = 40;
/** Longer than any deadline of the facade, so what is recorded is the facade's own answer. */
const CLIENT_TIMEOUT_MS = 65_000;

type Input = { userId: string; kind: 'PERSONAL' | 'SYSTEM'; message: string };
type BulkItem = { index: number; sent: boolean; notificationId: string | null; error: { code: string } | null; outcome?: string };

const send = (m: FromLoad) => process.send!(m);

interface Run {
  url: string;
  runId: string;
  watchedUser: number;
  otherUser: number;
  rates: LoadRates;
  outcomeField: boolean;
  timer?: NodeJS.Timeout;
  seq: number;
  /** Unread ids of the latest inbox answer: what markNotificationsRead marks. */
  unread: string[];
  operations: OperationRecord[];
  sends: SendRecord[];
  inFlight: Map<Promise<void>, SendRecord[]>;
  skipped: number;
}

let run: Run | undefined;

function start(message: Extract<ToLoad, { type: 'start' }>, outcomeField: boolean): Run {
  const r: Run = { ...message, outcomeField, seq: 0, unread: [], operations: [], sends: [], inFlight: new Map(), skipped: 0 };
  const due: Record<OperationType, number> = { inbox: 0, send: 0.5, bulk: 0.25, mark: 0.75 };
  const rate: Record<OperationType, number> = { inbox: r.rates.inbox, send: r.rates.send, bulk: r.rates.bulk, mark: r.rates.mark };
  r.timer = setInterval(() => {
    for (const type of Object.keys(due) as OperationType[]) {
      due[type] += (rate[type] * TICK_MS) / 1000;
      while (due[type] >= 1) {
        due[type] -= 1;
        launch(r, type);
      }
    }
  }, TICK_MS);
  return r;
}

function launch(r: Run, type: OperationType): void {
  if (r.inFlight.size >= MAX_IN_FLIGHT) {
    r.skipped++;
    return;
  }
  const sends: SendRecord[] = [];
  const work = operate(r, type, sends).finally(() => r.inFlight.delete(work));
  r.inFlight.set(work, sends);
}

function nextInput(r: Run): Input {
  const seq = ++r.seq;
  return { userId: String(seq % 4 === 3 ? r.otherUser : r.watchedUser), kind: seq % 2 === 0 ? 'PERSONAL' : 'SYSTEM', message: `soak ${r.runId} n${seq}` };
}

function record(input: Input, via: SendRecord['via'], startedAt: number): SendRecord {
  return { text: input.message, userId: Number(input.userId), via, answer: 'no-answer', startedAt, answeredAt: 0 };
}

async function operate(r: Run, type: OperationType, sends: SendRecord[]): Promise<void> {
  const startedAt = Date.now();
  const done = (answer: GraphqlAnswer<unknown>): void => {
    r.operations.push({ type, startedAt, endedAt: Date.now(), ok: answer.ok, ...(answer.ok ? {} : { code: answer.code, message: answer.message.slice(0, 160) }) });
  };
  if (type === 'inbox') {
    type Inbox = { notifications: { edges: { node: { id: string; read: boolean } }[] } };
    const answer = await postGraphql<Inbox>(r.url, INBOX, {}, CLIENT_TIMEOUT_MS);
    if (answer.ok) r.unread = answer.data.notifications.edges.filter((e) => !e.node.read).map((e) => e.node.id);
    return done(answer);
  }
  if (type === 'mark') {
    // Mostly read, sometimes unread again, so the inbox keeps changing state both ways.
    const ids = r.unread.splice(0, 3);
    if (ids.length === 0) return;
    const answer = await postGraphql(r.url, MARK, { ids, read: r.operations.length % 5 !== 0 }, CLIENT_TIMEOUT_MS);
    return done(answer);
  }
  if (type === 'send') {
    const input = nextInput(r);
    const rec = record(input, 'single', startedAt);
    sends.push(rec);
    r.sends.push(rec);
    const answer = await postGraphql<{ sendNotification: { sent: boolean; notificationId: string | null } }>(r.url, SEND, { input }, CLIENT_TIMEOUT_MS);
    rec.answeredAt = Date.now();
    if (answer.ok) {
      rec.answer = answer.data.sendNotification.sent ? 'sent' : 'not-sent';
      if (answer.data.sendNotification.notificationId) rec.notificationId = answer.data.sendNotification.notificationId;
    } else Object.assign(rec, fromError(answer.code));
    return done(answer);
  }
  const inputs = Array.from({ length: r.rates.bulkSize }, () => nextInput(r));
  const recs = inputs.map((input) => record(input, 'bulk', startedAt));
  sends.push(...recs);
  r.sends.push(...recs);
  const answer = await postGraphql<{ sendNotifications: BulkItem[] | null }>(r.url, bulkMutation(r.outcomeField), { inputs }, CLIENT_TIMEOUT_MS);
  const items = answer.ok ? answer.data.sendNotifications : answer.data?.sendNotifications;
  recs.forEach((rec, i) => {
    rec.answeredAt = Date.now();
    const item = items?.find((it) => it.index === i);
    if (!item) return void Object.assign(rec, fromError(answer.ok ? 'NO_RESULT_FOR_INPUT' : answer.code));
    Object.assign(rec, fromItem(item));
  });
  return done(answer);
}

/** What an operation-level error says about a send in it. */
function fromError(code: string): { answer: SendAnswer; code: string } {
  if (code === NO_ANSWER) return { answer: 'no-answer', code };
  return { answer: code === 'UPSTREAM_OUTCOME_UNKNOWN' ? 'unknown' : 'not-sent', code };
}

/** One sendNotifications result: `outcome` when the build has it, else `sent` and the error code. */
function fromItem(item: BulkItem): Partial<SendRecord> {
  const code = item.error?.code;
  const answer: SendAnswer =
    item.outcome === 'SENT' || (item.outcome === undefined && item.sent)
      ? 'sent'
      : item.outcome === 'UNKNOWN' || (item.outcome === undefined && code === 'UPSTREAM_OUTCOME_UNKNOWN')
        ? 'unknown'
        : 'not-sent';
  return { answer, ...(item.notificationId ? { notificationId: item.notificationId } : {}), ...(code ? { code } : {}) };
}

async function stop(r: Run, drainMs: number): Promise<void> {
  clearInterval(r.timer);
  const drained = Promise.allSettled([...r.inFlight.keys()]);
  await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, drainMs))]);
  const abandoned = r.inFlight.size;
  // Copies: an abandoned operation may still finish while the report travels.
  send({ type: 'stopped', operations: [...r.operations], sends: r.sends.map((s) => ({ ...s })), skipped: r.skipped, abandoned, outcomeField: r.outcomeField });
}

async function handle(message: ToLoad): Promise<void> {
  if (message.type === 'start') {
    const fields = await postGraphql<{ __type: { fields: { name: string }[] } | null }>(message.url, RESULT_FIELDS, {}, 10_000);
    const outcomeField = fields.ok && !!fields.data.__type?.fields.some((f) => f.name === 'outcome');
    run = start(message, outcomeField);
    send({ type: 'started', outcomeField });
  } else if (message.type === 'stop') {
    if (run) await stop(run, message.drainMs);
  } else {
    send({ type: 'closed' });
    process.exit(0);
  }
}

if (process.send) {
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: ToLoad) => {
    handle(message).catch((error: unknown) => send({ type: 'failed', error: error instanceof Error ? error.message : String(error) }));
  });
  send({ type: 'ready' });
}
