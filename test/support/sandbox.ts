// Test harness: boots a sandbox portal on a free loopback port and talks to it over real HTTP.
import { afterAll, beforeAll } from 'vitest';
import { startSandbox, type SandboxOptions } from '../../src/sandbox/index.js';

/** How a REST call authenticates. `null` sends no credentials at all. */
export type Auth =
  | { webhook: { userId: number; secret: string } }
  | { token: string; via?: 'body' | 'query' | 'bearer' | 'access_token' }
  | { sessid: string; via?: 'param' | 'header' }
  | null;

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  body: any;
}

export interface RawRequest {
  method?: string;
  /** Appended to the URL as a query string. */
  query?: string;
  headers?: Record<string, string>;
  /** Sent verbatim; set `contentType` to match. */
  body?: string;
  contentType?: string;
}

export interface TestSandbox {
  url: string;
  /** Any request to a path of the sandbox, e.g. `/rest/1/abc/im.notify.get.json`. */
  raw(path: string, init?: RawRequest): Promise<Reply>;
  /** A REST method call as a JSON POST with the given credentials. */
  call(auth: Auth, method: string, params?: Record<string, unknown>): Promise<Reply>;
  /** The fixtures API; throws when the sandbox answers with a non-2xx status. */
  admin<T = any>(httpMethod: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
  givenUser(fields?: Record<string, unknown>): Promise<{ id: number }>;
  givenWebhook(userId: number, scopes?: string[]): Promise<{ userId: number; secret: string; url: string }>;
  givenApp(fields?: Record<string, unknown>): Promise<{ clientId: string; clientSecret: string; appKey: string }>;
  givenToken(clientId: string, userId: number, fields?: Record<string, unknown>): Promise<{ access_token: string; refresh_token: string; expires: number }>;
  givenNotification(fields: Record<string, unknown>): Promise<{ id: number; chatId: number }>;
  requests(): Promise<{ total: number; byMethod: Record<string, number>; limited: number; maxBucketLevel: number; tokenRequests: number; requests: any[] }>;
  close(): Promise<void>;
}

/** Starts a sandbox with an empty seed and no rate limit unless the options say otherwise. */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = await startSandbox({ port: 0, seed: 'empty', rateLimit: 'off', ...options });
  const url = sandbox.url;

  const raw = async (path: string, init: RawRequest = {}): Promise<Reply> => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.contentType) headers['content-type'] = init.contentType;
    const target = url + path + (init.query ? `?${init.query}` : '');
    const res = await fetch(target, { method: init.method ?? (init.body != null ? 'POST' : 'GET'), headers, body: init.body });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: res.status, headers: res.headers, text, body };
  };

  const call = (auth: Auth, method: string, params: Record<string, unknown> = {}): Promise<Reply> => {
    const body: Record<string, unknown> = { ...params };
    const headers: Record<string, string> = {};
    let path = `/rest/${method}`;
    let query: string | undefined;
    if (auth && 'webhook' in auth) path = `/rest/${auth.webhook.userId}/${auth.webhook.secret}/${method}`;
    else if (auth && 'token' in auth) {
      const via = auth.via ?? 'body';
      if (via === 'body') body.auth = auth.token;
      else if (via === 'access_token') body.access_token = auth.token;
      else if (via === 'query') query = `auth=${encodeURIComponent(auth.token)}`;
      else headers.authorization = `Bearer ${auth.token}`;
    } else if (auth && 'sessid' in auth) {
      if (auth.via === 'header') headers['x-bitrix-csrf-token'] = auth.sessid;
      else body.sessid = auth.sessid;
    }
    return raw(path, { method: 'POST', query, headers, body: JSON.stringify(body), contentType: 'application/json' });
  };

  const admin = async <T = any>(httpMethod: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> => {
    const reply = await raw(`/_sandbox/${path.replace(/^\/+/, '')}`, {
      method: httpMethod,
      body: body === undefined ? undefined : JSON.stringify(body),
      contentType: body === undefined ? undefined : 'application/json',
    });
    if (reply.status >= 300) throw new Error(`fixtures ${httpMethod} ${path} answered ${reply.status}: ${reply.text}`);
    return reply.body as T;
  };

  return {
    url,
    raw,
    call,
    admin,
    givenUser: (fields = {}) => admin('POST', 'users', fields),
    givenWebhook: (userId, scopes) => admin('POST', 'webhooks', scopes ? { userId, scopes } : { userId }),
    givenApp: (fields = {}) => admin('POST', 'apps', fields),
    givenToken: (clientId, userId, fields = {}) => admin('POST', 'tokens', { clientId, userId, ...fields }),
    givenNotification: (fields) => admin('POST', 'notifications', fields),
    requests: () => admin('GET', 'requests'),
    close: () => sandbox.close(),
  };
}

/**
 * A sandbox for the enclosing file or describe block: started in `beforeAll`, closed in
 * `afterAll`. The returned handle forwards to it, so it is usable inside tests and hooks.
 */
export function useSandbox(options: SandboxOptions = {}): TestSandbox {
  let current: TestSandbox | undefined;
  beforeAll(async () => {
    current = await startTestSandbox(options);
  });
  afterAll(async () => {
    await current?.close();
  });
  return new Proxy({} as TestSandbox, {
    get(_target, key) {
      if (!current) throw new Error(`useSandbox: the sandbox starts in beforeAll, but ${String(key)} was read before it`);
      return Reflect.get(current, key);
    },
  });
}

/** The webhook credentials of a fixtures answer, in the shape `call` takes. */
export const asWebhook = (hook: { userId: number; secret: string }): Auth => ({ webhook: { userId: hook.userId, secret: hook.secret } });
