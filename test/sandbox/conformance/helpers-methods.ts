// Helpers for the method conformance tests (spec sections D, F, I). Built on the shared harness only.
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { asWebhook, type Auth, type Reply, type TestSandbox } from '../../support/sandbox.js';

export const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** D.0.1: the application key is the first 5 lowercase hex characters of md5(client id). */
export const appKeyOf = (clientId: string): string => md5(clientId).slice(0, 5);

/** D.0.1: stored tag of a notification created by an application. */
export const appTag = (clientId: string, tag: string): string => `MP|${appKeyOf(clientId)}|${tag}`;

/** E.4: `date('c')`-style timestamps. */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
export const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

export interface Person {
  id: number;
  /** The user's own webhook, as harness credentials. */
  hook: Auth;
  secret: string;
}

let uniq = 0;
/** A unique suffix for client ids, tags and texts inside one test file. */
export const unique = (prefix = 'u'): string => `${prefix}${Date.now().toString(36)}${(uniq++).toString(36)}`;

/** An active employee with a webhook (scopes im + user). */
export async function givenPerson(sb: TestSandbox, fields: Record<string, unknown> = {}): Promise<Person> {
  const user = await sb.givenUser(fields);
  const hook = await sb.givenWebhook(user.id);
  return { id: user.id, hook: asWebhook(hook), secret: hook.secret };
}

/** A user that exists but may not receive notifications (bot, e-mail user, inactive …). */
export async function givenUserOnly(sb: TestSandbox, fields: Record<string, unknown> = {}): Promise<number> {
  return (await sb.givenUser(fields)).id;
}

export interface AppIdentity {
  clientId: string;
  appKey: string;
  name: string;
}

export async function givenAppNamed(sb: TestSandbox, name = 'My App', clientId = `local.${unique('app')}`): Promise<AppIdentity> {
  const app = await sb.givenApp({ clientId, name });
  return { clientId: app.clientId, appKey: app.appKey, name };
}

/** OAuth credentials of `userId` for the given app. */
export async function oauthFor(sb: TestSandbox, app: AppIdentity, userId: number): Promise<Auth> {
  const token = await sb.givenToken(app.clientId, userId);
  return { token: token.access_token };
}

/** Simulated session auth of `userId`. */
export async function sessionFor(sb: TestSandbox, userId: number): Promise<Auth> {
  const { sessid } = await sb.admin<{ sessid: string }>('POST', 'sessions', { userId });
  return { sessid };
}

/** Asserts a success envelope (HTTP 200, `result` + `time`) and returns `result`. */
export function ok(reply: Reply): any {
  expect(reply.status, reply.text).toBe(200);
  expect(reply.body, reply.text).toBeTypeOf('object');
  expect(reply.body).toHaveProperty('result');
  expect(reply.body).toHaveProperty('time');
  expect(reply.body.error).toBeUndefined();
  return reply.body.result;
}

/** Asserts an exact error envelope: status, code, message and no `time`. */
export function expectError(reply: Reply, status: number, code: string, message: string): void {
  expect({ status: reply.status, error: reply.body?.error, error_description: reply.body?.error_description }, reply.text).toEqual({
    status,
    error: code,
    error_description: message,
  });
  expect(reply.body.result).toBeUndefined();
  expect(reply.body.time).toBeUndefined();
}

/** im.notify.get as the given identity; returns `result`. */
export async function notifyGet(sb: TestSandbox, auth: Auth, params: Record<string, unknown> = {}): Promise<any> {
  return ok(await sb.call(auth, 'im.notify.get', params));
}

/** All notifications of the identity's user (no paging: LIMIT ≤ 0 with LAST_TYPE=3 returns all regular ones). */
export async function notifications(sb: TestSandbox, auth: Auth): Promise<any[]> {
  const res = await notifyGet(sb, auth, { LIMIT: 50 });
  return res.notifications;
}

export async function byId(sb: TestSandbox, auth: Auth, id: number): Promise<any | undefined> {
  return (await notifications(sb, auth)).find((n: any) => n.id === id);
}

/** Stored records from the fixtures API. */
export async function storedFor(sb: TestSandbox, userId: number): Promise<any[]> {
  const res = await sb.admin<{ notifications: any[] }>('GET', `notifications?userId=${userId}`);
  return res.notifications;
}

/** Sends a personal notification through REST and returns its id. */
export async function sendPersonal(sb: TestSandbox, auth: Auth, to: number, message: string, extra: Record<string, unknown> = {}): Promise<number> {
  const id = ok(await sb.call(auth, 'im.notify.personal.add', { USER_ID: to, MESSAGE: message, ...extra }));
  expect(typeof id, 'im.notify.personal.add result').toBe('number');
  return id;
}

export async function sendSystem(sb: TestSandbox, auth: Auth, to: number, message: string, extra: Record<string, unknown> = {}): Promise<number> {
  const id = ok(await sb.call(auth, 'im.notify.system.add', { USER_ID: to, MESSAGE: message, ...extra }));
  expect(typeof id, 'im.notify.system.add result').toBe('number');
  return id;
}

/** Seeds a notification through the fixtures API and returns its id. */
export async function seed(sb: TestSandbox, fields: Record<string, unknown>): Promise<number> {
  return (await sb.givenNotification(fields)).id;
}

/** Seeds a confirm (type 1) notification. */
export async function seedConfirm(sb: TestSandbox, userId: number, fields: Record<string, unknown> = {}): Promise<number> {
  return seed(sb, { userId, type: 'confirm', module: 'im', event: 'default', message: 'Please confirm', ...fields });
}

/** Read flags by id, from im.notify.get of the identity's user. */
export async function readFlags(sb: TestSandbox, auth: Auth): Promise<Record<number, string>> {
  const res = await notifyGet(sb, auth, { LIMIT: 50 });
  const out: Record<number, string> = {};
  for (const n of res.notifications ?? []) out[n.id] = n.notify_read;
  return out;
}

export async function unreadCount(sb: TestSandbox, auth: Auth): Promise<number> {
  const res = await notifyGet(sb, auth);
  return res.total_unread_count ?? 0;
}

export const ids = (list: any[]): number[] => list.map((n) => n.id);
export const sorted = (list: number[]): number[] => [...list].sort((a, b) => a - b);
