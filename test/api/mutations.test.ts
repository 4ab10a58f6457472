// Mutations through the real server against the sandbox, with typed documents (codegen).
import { describe, expect, it } from 'vitest';
import { graphql } from '../gql/index.js';
import { useTestApp } from '../support/app.js';

const app = useTestApp();

const Send = graphql(`
  mutation Send($input: SendNotificationInput!) { sendNotification(input: $input) { sent notificationId } }
`);
const SendPersonal = graphql(`
  mutation SendPersonal($input: SendNotificationInput!) { sendPersonalNotification(input: $input) { sent notificationId } }
`);
const SendSystem = graphql(`
  mutation SendSystem($input: SendNotificationInput!) { sendSystemNotification(input: $input) { sent notificationId } }
`);
const SendMany = graphql(`
  mutation SendMany($inputs: [SendNotificationInput!]!) { sendNotifications(inputs: $inputs) { index sent notificationId error { code message } } }
`);
const MarkRead = graphql(`
  mutation MarkRead($id: ID!, $read: Boolean, $scope: NotificationReadScope) { markNotificationRead(id: $id, read: $read, scope: $scope) { ids read unreadCount } }
`);
const MarkManyRead = graphql(`
  mutation MarkManyRead($ids: [ID!]!, $read: Boolean) { markNotificationsRead(ids: $ids, read: $read) { ids read unreadCount } }
`);
const MarkAllRead = graphql(`mutation MarkAllRead { markAllNotificationsRead { unreadCount } }`);
const Answer = graphql(`mutation Answer($id: ID!, $text: String!) { answerNotification(id: $id, text: $text) { answered messages } }`);
const Confirm = graphql(`mutation Confirm($id: ID!, $value: String!) { confirmNotification(id: $id, value: $value) { confirmed messages unreadCount } }`);
const Delete = graphql(`mutation Delete($input: DeleteNotificationsInput!) { deleteNotifications(input: $input) { deleted unreadCount } }`);

const me = () => app.webhooks[0].userId;
const other = () => app.webhooks[1].userId;
const stored = async (userId: number) => (await app.sandbox.admin('GET', `notifications?userId=${userId}`)).notifications as Array<{ id: number; type: number; message: string; read: boolean; authorId: number; params: any }>;

describe('sending', () => {
  it('sends a personal notification authored by the viewer and a system one without author', async () => {
    const personal = (await app.request(Send, { input: { userId: String(other()), message: 'personal hello' } })).data!.sendNotification;
    const system = (await app.request(Send, { input: { userId: String(other()), message: 'system hello', kind: 'SYSTEM' } })).data!.sendNotification;
    const rows = await stored(other());
    expect(rows.find((n) => String(n.id) === personal.notificationId)).toMatchObject({ type: 2, authorId: me() });
    expect(rows.find((n) => String(n.id) === system.notificationId)).toMatchObject({ type: 4, authorId: 0 });
  });

  it('has personal and system shortcuts', async () => {
    const p = (await app.request(SendPersonal, { input: { userId: String(other()), message: 'p' } })).data!.sendPersonalNotification;
    const s = (await app.request(SendSystem, { input: { userId: String(other()), message: 's' } })).data!.sendSystemNotification;
    const rows = await stored(other());
    expect(rows.find((n) => String(n.id) === p.notificationId)?.type).toBe(2);
    expect(rows.find((n) => String(n.id) === s.notificationId)?.type).toBe(4);
  });

  it('reports a recipient the portal cannot notify as sent: false, not as an error', async () => {
    const reply = await app.request(Send, { input: { userId: '999999', message: 'nobody' } });
    expect(reply.errors).toBeUndefined();
    expect(reply.data!.sendNotification).toEqual({ sent: false, notificationId: null });
  });

  it('refuses an empty message with the portal\'s code and makes no upstream call', async () => {
    await app.sandbox.admin('DELETE', 'requests');
    const reply = await app.request(Send, { input: { userId: String(other()), message: '   ' } });
    expect(reply.errors?.[0]).toMatchObject({ message: "Message can't be empty", extensions: { code: 'MESSAGE_EMPTY' } });
    expect((await app.sandbox.requests()).total).toBe(0);
  });

  it('refuses a tag in webhook mode, because the portal would drop it silently', async () => {
    const reply = await app.request(Send, { input: { userId: String(other()), message: 'tagged', tag: 'x' } });
    expect(reply.errors?.[0].extensions).toMatchObject({ code: 'TAG_NOT_SUPPORTED', field: 'input.tag' });
  });

  it('puts a portal error in extensions.code and extensions.bitrix24', async () => {
    const reply = await app.request(Send, { input: { userId: String(other()), message: 'x', attach: '[]' } });
    expect(reply.errors?.[0].extensions).toMatchObject({ code: 'ATTACH_ERROR', bitrix24: { error: 'ATTACH_ERROR', description: 'Incorrect attach params', status: 400 } });
  });

  it('sends 120 notifications in one mutation with a result per input, in 3 upstream requests', async () => {
    await app.sandbox.admin('DELETE', 'requests');
    const inputs = Array.from({ length: 120 }, (_, i) => ({ userId: String(other()), message: i === 7 ? '' : `bulk ${i}` }));
    const results = (await app.request(SendMany, { inputs })).data!.sendNotifications;
    expect(results.map((r) => r.index)).toEqual(inputs.map((_, i) => i));
    expect(results[7]).toMatchObject({ sent: false, error: { code: 'MESSAGE_EMPTY' } });
    expect(results.filter((r) => r.sent)).toHaveLength(119);
    expect((await app.sandbox.requests()).byMethod).toEqual({ batch: 3 });
  });
});

describe('read state', () => {
  it('marks only this notification read by default, and returns the new unread count from the same batch', async () => {
    const [a, b] = [await sendTo(me(), 'older'), await sendTo(me(), 'newer')];
    await app.sandbox.admin('DELETE', 'requests');
    const payload = (await app.request(MarkRead, { id: a })).data!.markNotificationRead;
    const rows = await stored(me());
    expect(rows.find((n) => String(n.id) === a)?.read).toBe(true);
    expect(rows.find((n) => String(n.id) === b)?.read).toBe(false);
    expect(payload.unreadCount).toBe(rows.filter((n) => !n.read).length);
    expect((await app.sandbox.requests()).requests.map((r) => r.batchSize)).toEqual([2]);
  });

  it('marks this and newer with scope THIS_AND_NEWER, and unread again with read: false', async () => {
    const [a, b] = [await sendTo(me(), 'range a'), await sendTo(me(), 'range b')];
    await app.request(MarkRead, { id: a, scope: 'THIS_AND_NEWER' });
    expect((await stored(me())).filter((n) => [a, b].includes(String(n.id))).every((n) => n.read)).toBe(true);
    const payload = (await app.request(MarkManyRead, { ids: [a, b], read: false })).data!.markNotificationsRead;
    expect(payload).toMatchObject({ ids: [a, b], read: false });
    expect((await stored(me())).filter((n) => [a, b].includes(String(n.id))).some((n) => n.read)).toBe(false);
  });

  it('marks everything read except confirm notifications', async () => {
    const payload = (await app.request(MarkAllRead)).data!.markAllNotificationsRead;
    const unread = (await stored(me())).filter((n) => !n.read);
    expect(unread.every((n) => n.type === 1)).toBe(true);
    expect(payload.unreadCount).toBe(unread.length);
  });

  it('names the argument of a malformed id', async () => {
    const reply = await app.request(MarkRead, { id: 'abc' });
    expect(reply.errors?.[0]).toMatchObject({ extensions: { code: 'INVALID_ID', field: 'id' } });
  });
});

describe('answering, confirming and deleting', () => {
  it('answers an answerable notification', async () => {
    const id = (await app.sandbox.givenNotification({ userId: me(), authorId: other(), message: 'reply?', params: { CAN_ANSWER: 'Y' } })).id;
    const payload = (await app.request(Answer, { id: String(id), text: 'on it' })).data!.answerNotification;
    expect(payload.answered).toBe(true);
    expect(payload.messages.length).toBe(1);
  });

  it('reports answering someone else\'s notification as answered: false', async () => {
    const id = (await app.sandbox.givenNotification({ userId: other(), message: 'not yours' })).id;
    expect((await app.request(Answer, { id: String(id), text: 'hi' })).data!.answerNotification).toEqual({ answered: false, messages: [] });
  });

  it('confirms with a button value, which deletes the notification', async () => {
    const id = (await app.sandbox.givenNotification({ userId: me(), authorId: other(), type: 'confirm', message: 'join?', buttons: [{ title: 'Join', value: 'Y', type: 'accept' }, { title: 'No', value: 'N', type: 'cancel' }] })).id;
    const payload = (await app.request(Confirm, { id: String(id), value: 'Y' })).data!.confirmNotification;
    expect(payload).toMatchObject({ confirmed: true, messages: ['Your selection: "Join"'] });
    expect((await stored(me())).some((n) => n.id === id)).toBe(false);
  });

  it('deletes by ids and reports whether anything matched', async () => {
    const id = await sendTo(me(), 'to delete');
    expect((await app.request(Delete, { input: { ids: [id] } })).data!.deleteNotifications.deleted).toBe(true);
    expect((await app.request(Delete, { input: { ids: [id] } })).data!.deleteNotifications.deleted).toBe(false);
  });

  it('requires exactly one of ids, tag or subTag', async () => {
    const reply = await app.request(Delete, { input: { ids: ['1'], tag: 'x' } });
    expect(reply.errors?.[0]).toMatchObject({ message: 'input must give exactly one of ids, tag or subTag, got ids and tag', extensions: { code: 'PARAMS_ERROR' } });
  });
});

async function sendTo(userId: number, message: string): Promise<string> {
  const id = (await app.request(SendSystem, { input: { userId: String(userId), message } })).data!.sendSystemNotification.notificationId;
  return id!;
}
