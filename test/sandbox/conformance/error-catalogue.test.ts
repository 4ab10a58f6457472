// Conformance: the method error catalogue, spec section F, one case per (row, method), plus E.10/E.13.
import { describe, it, expect, beforeAll } from 'vitest';
import { useSandbox, type Auth } from '../../support/sandbox.js';
import { expectError, givenAppNamed, givenPerson, oauthFor, ok, seed, seedConfirm, sessionFor, type Person } from './helpers-methods.js';

const sb = useSandbox({ timeZone: '+03:00' });

/** Shared identities for the catalogue: a user with a notification chat, their session and an OAuth token. */
interface Ctx {
  me: Person;
  recipient: Person;
  session: Auth;
  token: Auth;
  confirmId: number;
  regularId: number;
}
let ctx: Ctx;

beforeAll(async () => {
  const me = await givenPerson(sb);
  const recipient = await givenPerson(sb);
  const app = await givenAppNamed(sb, 'Catalogue App');
  const regularId = await seed(sb, { userId: me.id, message: 'catalogue regular' });
  const confirmId = await seedConfirm(sb, me.id);
  ctx = { me, recipient, session: await sessionFor(sb, me.id), token: await oauthFor(sb, app, me.id), confirmId, regularId };
});

interface Row {
  /** Section F row: method(s) + code. */
  row: string;
  method: string;
  status: number;
  code: string;
  message: string;
  auth: (c: Ctx) => Auth;
  params: (c: Ctx) => Record<string, unknown>;
}

const ADD_METHODS = ['im.notify', 'im.notify.personal.add', 'im.notify.system.add'];
const hook = (c: Ctx) => c.me.hook;
const bigAttach = { BLOCKS: [{ MESSAGE: 'x'.repeat(35000) }, { MESSAGE: 'y'.repeat(35000) }] };

const CATALOGUE: Row[] = [
  ...ADD_METHODS.flatMap((method): Row[] => [
    {
      row: 'F1 WRONG_AUTH_TYPE',
      method,
      status: 403,
      code: 'WRONG_AUTH_TYPE',
      message: 'Access for this method not allowed by session authorization.',
      auth: (c) => c.session,
      params: (c) => ({ USER_ID: c.recipient.id, MESSAGE: 'x' }),
    },
    {
      row: 'F2 USER_ID_EMPTY',
      method,
      status: 400,
      code: 'USER_ID_EMPTY',
      message: "User ID can't be empty",
      auth: hook,
      params: () => ({ MESSAGE: 'x' }),
    },
    {
      row: 'F3 MESSAGE_EMPTY',
      method,
      status: 400,
      code: 'MESSAGE_EMPTY',
      message: "Message can't be empty",
      auth: hook,
      params: (c) => ({ USER_ID: c.recipient.id, MESSAGE: '   ' }),
    },
    {
      row: 'F4 ATTACH_OVERSIZE',
      method,
      status: 400,
      code: 'ATTACH_OVERSIZE',
      message: 'You have exceeded the maximum allowable size of attach',
      auth: hook,
      params: (c) => ({ USER_ID: c.recipient.id, MESSAGE: 'x', ATTACH: bigAttach }),
    },
    {
      row: 'F5 ATTACH_ERROR',
      method,
      status: 400,
      code: 'ATTACH_ERROR',
      message: 'Incorrect attach params',
      auth: hook,
      params: (c) => ({ USER_ID: c.recipient.id, MESSAGE: 'x', ATTACH: 'not an attach' }),
    },
  ]),
  {
    row: 'F6 LAST_ID_AND_LAST_TYPE',
    method: 'im.notify.get',
    status: 400,
    code: 'LAST_ID_AND_LAST_TYPE',
    message: 'Parameters LAST_ID and LAST_TYPE should be used together.',
    auth: hook,
    params: () => ({ LAST_ID: 10 }),
  },
  {
    row: 'F7 LAST_ID_STRING',
    method: 'im.notify.get',
    status: 400,
    code: 'LAST_ID_STRING',
    message: "Last notification ID can't be string",
    auth: hook,
    params: () => ({ LAST_ID: 'abc', LAST_TYPE: 3 }),
  },
  {
    row: 'F7 LAST_ID_STRING',
    method: 'im.notify.history.search',
    status: 400,
    code: 'LAST_ID_STRING',
    message: "Last notification ID can't be string",
    auth: hook,
    params: () => ({ SEARCH_TEXT: 'catalogue', LAST_ID: 'abc' }),
  },
  {
    row: 'F8 SEARCH_TEXT_ERROR',
    method: 'im.notify.history.search',
    status: 400,
    code: 'SEARCH_TEXT_ERROR',
    message: "SEARCH_TEXT can't be less then 3 symbols",
    auth: hook,
    params: () => ({ SEARCH_TEXT: 'ab' }),
  },
  {
    row: 'F9 ERROR_CORE',
    method: 'im.notify.history.search',
    status: 400,
    code: 'ERROR_CORE',
    message: 'Incorrect date/time: yesterday',
    auth: hook,
    params: () => ({ SEARCH_DATE: 'yesterday' }),
  },
  {
    row: 'F10 PARAMS_ERROR',
    method: 'im.notify.read.list',
    status: 400,
    code: 'PARAMS_ERROR',
    message: 'No IDS param or it is not an array',
    auth: hook,
    params: () => ({ IDS: 5 }),
  },
  {
    row: 'F11 ID_ERROR',
    method: 'im.notify.answer',
    status: 400,
    code: 'ID_ERROR',
    message: "Notification ID can't be empty",
    auth: hook,
    params: () => ({ ANSWER_TEXT: 'x' }),
  },
  {
    row: 'F11 ID_ERROR',
    method: 'im.notify.confirm',
    status: 400,
    code: 'ID_ERROR',
    message: "Notification ID can't be empty",
    auth: hook,
    params: () => ({ NOTIFY_ID: 0, NOTIFY_VALUE: 'Y' }),
  },
  {
    row: 'F12 ANSWER_TEXT_ERROR',
    method: 'im.notify.answer',
    status: 400,
    code: 'ANSWER_TEXT_ERROR',
    message: "ANSWER_TEXT can't be empty",
    auth: hook,
    params: (c) => ({ NOTIFY_ID: c.regularId, ANSWER_TEXT: '' }),
  },
  {
    row: 'F13 NOTIFY_VALUE_ERROR',
    method: 'im.notify.confirm',
    status: 400,
    code: 'NOTIFY_VALUE_ERROR',
    message: "Notification Value  can't be empty",
    auth: hook,
    params: (c) => ({ NOTIFY_ID: c.confirmId, NOTIFY_VALUE: '' }),
  },
  {
    row: 'F14 PARAMS_ERROR (session)',
    method: 'im.notify.delete',
    status: 400,
    code: 'PARAMS_ERROR',
    message: 'Incorrect params',
    auth: (c) => c.session,
    params: () => ({ TAG: 'x' }),
  },
  {
    row: 'F14 PARAMS_ERROR (no TAG/SUB_TAG)',
    method: 'im.notify.delete',
    status: 400,
    code: 'PARAMS_ERROR',
    message: 'Incorrect params',
    auth: (c) => c.token,
    params: () => ({}),
  },
  {
    row: 'F15 ACCESS_DENIED',
    method: 'im.notify.delete',
    status: 403,
    code: 'ACCESS_DENIED',
    message: 'Access denied! Client ID not specified',
    auth: hook,
    params: () => ({ TAG: 'x' }),
  },
];

describe('F. method error catalogue', () => {
  it.each(CATALOGUE.map((r) => [`${r.row} from ${r.method}: ${r.status} ${r.code}`, r] as const))('%s', async (_name, r) => {
    const reply = await sb.call(r.auth(ctx), r.method, r.params(ctx));
    expectError(reply, r.status, r.code, r.message);
    expect(reply.headers.get('content-type') ?? '').toMatch(/^application\/json/);
  });

  it('leaves the notifications used by the catalogue untouched', async () => {
    const res = ok(await sb.call(ctx.me.hook, 'im.notify.get', {}));
    expect(res.notifications.map((n: any) => n.id)).toEqual([ctx.confirmId, ctx.regularId]);
  });
});

describe('F16 im.notify.read, im.notify.read.all, im.notify.schema.get: system errors only', () => {
  const garbage = { ID: 'x', ACTION: ['?'], ONLY_CURRENT: { a: 1 }, IDS: 'nope', LAST_ID: 'abc', TAG: '' };

  it.each(['im.notify.read', 'im.notify.read.all', 'im.notify.schema.get'])('%s answers 200 for any parameters', async (method) => {
    const me = await givenPerson(sb);
    const reply = await sb.call(me.hook, method, garbage);
    expect(reply.status).toBe(200);
    expect(reply.body.error).toBeUndefined();
    expect(reply.body).toHaveProperty('result');
  });

  it.each(['im.notify.read', 'im.notify.read.all', 'im.notify.schema.get'])('%s answers the system error INVALID_CREDENTIALS with 401', async (method) => {
    const me = await givenPerson(sb);
    expectError(await sb.call({ webhook: { userId: me.id, secret: 'wrong-secret' } }, method, {}), 401, 'INVALID_CREDENTIALS', 'Invalid request credentials');
  });
});

describe('E.10 auth-type errors on methods', () => {
  it('answers ERROR_METHOD_NOT_FOUND 404 for an unknown im.notify method, before auth', async () => {
    expectError(await sb.call({ webhook: { userId: ctx.me.id, secret: 'wrong' } }, 'im.notify.nope', {}), 404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
  });
});
