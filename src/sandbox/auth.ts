// Authentication (spec A.4): the first handler that recognises credentials decides —
// webhook, then OAuth, then session — and strips its parameters before the method runs.
import { RestError, restError } from './errors.js';
import { appEntity, webhookEntity } from './limits.js';
import { isPhpArray } from './php.js';
import type { Identity, Method, Portal } from './portal.js';

/** Header names are lower-cased, as node:http gives them. */
export type Headers = Record<string, string | string[] | undefined>;

const AUTH_PARAMS = ['aplogin', 'ap', 'auth', 'access_token', 'auth_connector', 'sessid'];

/** Authenticates a call; throws the portal's auth-stage error (all of them 401). */
export function authenticate(portal: Portal, params: Record<string, unknown>, headers: Headers): Identity {
  const now = portal.now();
  const state = portal.state;

  if (params.aplogin !== undefined && params.ap !== undefined) {
    const userId = Number(params.aplogin);
    const hook = Object.values(state.webhooks).find((w) => w.active && w.userId === userId && w.secret === params.ap);
    if (!hook || !state.users[userId]?.active) throw restError('invalidCredentials');
    return { type: 'webhook', userId, clientId: null, entity: webhookEntity(hook.id), scopes: hook.scopes };
  }

  const token = bearer(headers) ?? tokenParam(params.auth) ?? tokenParam(params.access_token);
  if (token !== undefined) {
    const record = state.accessTokens[token];
    if (!record) throw restError('invalidToken');
    if (record.expires <= now) throw restError('expiredToken');
    if (!state.apps[record.clientId]) throw new RestError('APPLICATION_NOT_FOUND', 'Application not found', 401);
    return { type: 'oauth', userId: record.userId, clientId: record.clientId, entity: appEntity(record.clientId), scopes: record.scopes };
  }

  const sessid = params.sessid ?? header(headers, 'x-bitrix-csrf-token');
  if (typeof sessid === 'string' && sessid !== '') {
    const userId = state.sessions[sessid];
    if (userId === undefined) throw restError('noAuthFound');
    return { type: 'session', userId, clientId: null, entity: 'session', scopes: ['*'] };
  }
  throw restError('noAuthFound');
}

/** Refuses a call whose credentials lack the method's scope. Inside a batch the text is empty. */
export function checkScope(identity: Identity, method: Method, inBatch: boolean): void {
  if (method.scope === null || identity.scopes.includes('*')) return;
  if (method.scope.some((s) => identity.scopes.includes(s))) return;
  const error = restError(identity.type === 'webhook' ? 'webhookScope' : 'tokenScope');
  throw inBatch ? new RestError(error.code, '', error.status) : error;
}

/** The parameters a method sees: credentials, `start` and `state` removed. */
export function withoutAuth(params: Record<string, unknown>): Record<string, unknown> {
  const out = { ...params };
  for (const key of [...AUTH_PARAMS, 'start', 'state']) delete out[key];
  return out;
}

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function bearer(headers: Headers): string | undefined {
  const match = /^Bearer\s+(\S+)/i.exec(header(headers, 'authorization') ?? '');
  return match?.[1];
}

// An OAuth token parameter counts only when it is a non-empty scalar.
const tokenParam = (value: unknown): string | undefined =>
  value !== undefined && value !== null && value !== '' && !isPhpArray(value) ? String(value) : undefined;
