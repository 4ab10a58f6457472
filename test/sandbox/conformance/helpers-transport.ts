// Helpers for the transport, auth, envelope, batch, limits, OAuth and fixtures conformance tests.
// Written from bitrix24-notify-spec.md (sections A, B, C) and the README sandbox contract.
import http from 'node:http';
import { expect } from 'vitest';
import { asWebhook, type Auth, type Reply, type TestSandbox } from '../../support/sandbox.js';

/** The eight `time` fields in the order the portal emits them (spec A.6). */
export const TIME_KEYS = [
  'start',
  'finish',
  'duration',
  'processing',
  'date_start',
  'date_finish',
  'operating_reset_at',
  'operating',
] as const;

export const envelope = (error: string, error_description: string) => ({ error, error_description });

/** System errors of spec A.7, with their exact texts. */
export const ERR = {
  methodNotFound: envelope('ERROR_METHOD_NOT_FOUND', 'Method not found!'),
  noAuth: envelope('NO_AUTH_FOUND', 'Wrong authorization data'),
  invalidCredentials: envelope('INVALID_CREDENTIALS', 'Invalid request credentials'),
  scopeWebhook: envelope('insufficient_scope', 'The request requires higher privileges than provided by the webhook token'),
  scopeToken: envelope('insufficient_scope', 'The request requires higher privileges than provided by the access token'),
  scopeInBatch: envelope('insufficient_scope', ''),
  expiredToken: envelope('expired_token', 'The access token provided has expired'),
  invalidToken: envelope('invalid_token', 'The access token provided is invalid'),
  operatingLimit: envelope('OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit.'),
  queryLimit: envelope('QUERY_LIMIT_EXCEEDED', 'Too many requests'),
  batchLength: envelope('ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded'),
  batchNotAllowed: envelope('ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage'),
  // Method errors (spec F) used as observable side channels by the transport tests.
  userIdEmpty: envelope('USER_ID_EMPTY', "User ID can't be empty"),
  messageEmpty: envelope('MESSAGE_EMPTY', "Message can't be empty"),
  attachError: envelope('ATTACH_ERROR', 'Incorrect attach params'),
  readListParams: envelope('PARAMS_ERROR', 'No IDS param or it is not an array'),
  wrongAuthType: envelope('WRONG_AUTH_TYPE', 'Access for this method not allowed by session authorization.'),
};

export interface WebhookUser {
  userId: number;
  secret: string;
  /** Webhook record id from the fixtures API. */
  hookId: number;
  auth: Auth;
  /** `/rest/{userId}/{secret}` without a trailing slash. */
  base: string;
}

/** A fresh active user with a fresh webhook (scopes default to the fixtures default `im,user`). */
export async function newWebhookUser(sb: TestSandbox, scopes?: string[]): Promise<WebhookUser> {
  const user = await sb.givenUser();
  const hook: any = await sb.givenWebhook(user.id, scopes);
  return {
    userId: user.id,
    secret: hook.secret,
    hookId: hook.id,
    auth: asWebhook(hook),
    base: `/rest/${user.id}/${hook.secret}`,
  };
}

export interface TokenUser {
  userId: number;
  clientId: string;
  clientSecret: string;
  token: string;
  refreshToken: string;
  expires: number;
  answer: any;
}

/** A fresh user, a fresh app and an OAuth token of that user for that app. */
export async function newTokenUser(
  sb: TestSandbox,
  opts: { scopes?: string[]; appScopes?: string[]; expiresIn?: number; userId?: number; clientId?: string; clientSecret?: string } = {},
): Promise<TokenUser> {
  const userId = opts.userId ?? (await sb.givenUser()).id;
  let clientId = opts.clientId;
  let clientSecret = opts.clientSecret ?? '';
  if (!clientId) {
    const app = await sb.givenApp(opts.appScopes ? { scopes: opts.appScopes } : {});
    clientId = app.clientId;
    clientSecret = app.clientSecret;
  }
  const fields: Record<string, unknown> = {};
  if (opts.scopes) fields.scopes = opts.scopes;
  if (opts.expiresIn !== undefined) fields.expiresIn = opts.expiresIn;
  const answer: any = await sb.givenToken(clientId, userId, fields);
  return {
    userId,
    clientId,
    clientSecret,
    token: answer.access_token,
    refreshToken: answer.refresh_token,
    expires: answer.expires,
    answer,
  };
}

/** A fresh simulated session for a fresh user. */
export async function newSessionUser(sb: TestSandbox): Promise<{ userId: number; sessid: string }> {
  const user = await sb.givenUser();
  const { sessid } = await sb.admin<{ sessid: string }>('POST', 'sessions', { userId: user.id });
  return { userId: user.id, sessid };
}

/** Moves the sandbox clock forward. */
export const advance = (sb: TestSandbox, seconds: number) => sb.admin('POST', 'clock', { advanceSeconds: seconds });

/** `date('c')`-style formatting of a Unix time in a time zone (IANA name or fixed `±hh:mm`). */
export function formatPortalDate(unixSeconds: number, timeZone: string): string {
  const whole = Math.floor(unixSeconds);
  const offsetMinutes = offsetOf(whole, timeZone);
  const shifted = new Date((whole + offsetMinutes * 60) * 1000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${shifted.toISOString().slice(0, 19)}${sign}${hh}:${mm}`;
}

function offsetOf(unixSeconds: number, timeZone: string): number {
  const fixed = /^([+-])(\d\d):(\d\d)$/.exec(timeZone);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3]));
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(unixSeconds * 1000))
    .find((p) => p.type === 'timeZoneName')!.value; // "GMT", "GMT+03:00", "GMT-05:00"
  const m = /GMT([+-])(\d\d):(\d\d)/.exec(part);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

const ISO_C = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/;

/** Asserts the full spec A.6 `time` object: eight keys in order, with their JSON types and date format. */
export function expectTimeObject(time: any, timeZone = 'Europe/Moscow'): void {
  expect(time).toBeTypeOf('object');
  expect(Object.keys(time)).toEqual([...TIME_KEYS]);
  expect(Number.isInteger(time.start)).toBe(true);
  expect(time.finish).toBeTypeOf('number');
  expect(time.duration).toBeTypeOf('number');
  expect(Number.isInteger(time.processing)).toBe(true);
  expect(time.date_start).toMatch(ISO_C);
  expect(time.date_finish).toMatch(ISO_C);
  expect(Number.isInteger(time.operating_reset_at)).toBe(true);
  expect(time.operating).toBeTypeOf('number');
  expect(time.date_start).toBe(formatPortalDate(time.start, timeZone));
  expect(time.date_finish).toBe(formatPortalDate(time.finish, timeZone));
}

/** Asserts a 200 success envelope and returns its `result`. */
export function expectSuccess(reply: Reply): any {
  expect({ status: reply.status, error: reply.body?.error }).toEqual({ status: 200, error: undefined });
  expect(reply.body).toHaveProperty('result');
  expect(reply.body).toHaveProperty('time');
  return reply.body.result;
}

/** Asserts an error envelope: the exact status and the exact body (no `time`, no extra keys). */
export function expectError(reply: Reply, status: number, body: { error: string; error_description: string }): void {
  expect({ status: reply.status, body: reply.body }).toEqual({ status, body });
}

/** `im.notify.get` of the caller; returns the notifications list. */
export async function notificationsOf(sb: TestSandbox, auth: Auth): Promise<any[]> {
  const reply = await sb.call(auth, 'im.notify.get', {});
  const result = expectSuccess(reply);
  return result.notifications;
}

/** The text of the caller's newest notification (or undefined). */
export async function newestText(sb: TestSandbox, auth: Auth): Promise<string | undefined> {
  const list = await notificationsOf(sb, auth);
  return list[0]?.text;
}

/** Sends a system notification from a webhook owner to himself through REST and returns its id. */
export async function selfNotify(sb: TestSandbox, who: WebhookUser, message: string): Promise<number> {
  const reply = await sb.call(who.auth, 'im.notify.system.add', { USER_ID: who.userId, MESSAGE: message });
  const id = expectSuccess(reply);
  expect(Number.isInteger(id)).toBe(true);
  return id;
}

/** Builds a multipart/form-data body from plain string fields. */
export function multipart(fields: Array<[string, string]>): { body: string; contentType: string } {
  const boundary = '----conformance' + Math.random().toString(16).slice(2);
  let body = '';
  for (const [name, value] of fields) {
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  }
  body += `--${boundary}--\r\n`;
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A request over node:http from a chosen local (source) address, e.g. `127.0.0.2` on Linux loopback. */
export function requestFrom(
  baseUrl: string,
  localAddress: string,
  path: string,
  init: { method?: string; body?: string; contentType?: string } = {},
): Promise<{ status: number; body: any; text: string }> {
  const target = new URL(baseUrl + path);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: init.method ?? (init.body != null ? 'POST' : 'GET'),
        localAddress,
        headers: init.contentType ? { 'content-type': init.contentType } : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          let body: any;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body, text });
        });
      },
    );
    req.on('error', reject);
    if (init.body != null) req.write(init.body);
    req.end();
  });
}

/** A batch call with a JSON body. */
export const batch = (sb: TestSandbox, auth: Auth, cmd: unknown, halt?: unknown): Promise<Reply> =>
  sb.call(auth, 'batch', halt === undefined ? { cmd } : { halt, cmd });
