// Environment → validated AppConfig (DESIGN §4): one place, and every bad value stops startup
// with a message naming the variable, what it must be and what it was (secrets never shown).
import { isIP } from 'node:net';
import { DEFAULT_OAUTH_URL, webhookCredentials } from './bitrix/index.js';

/** A value that stops startup; the message names the variable and never echoes a secret. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * How the facade reaches the portal: `webhook` (B24_WEBHOOK_URL), `oauth` (B24_PORTAL_URL, clients
 * send their own tokens), `server-app` (B24_PORTAL_URL + the app's client id, secret and refresh
 * token) or `sandbox` (nothing set: main.ts starts an embedded sandbox portal).
 */
export type Mode = 'webhook' | 'oauth' | 'server-app' | 'sandbox';

/** GraphQL request limits (graphql-armor, Pothos complexity, body size). */
export interface Limits {
  /** GRAPHQL_MAX_DEPTH: deepest field nesting. @default 10 */
  maxDepth: number;
  /** GRAPHQL_MAX_ALIASES: aliases per operation. @default 15 */
  maxAliases: number;
  /** GRAPHQL_MAX_TOKENS: lexical tokens per document. @default 2000 */
  maxTokens: number;
  /** GRAPHQL_MAX_DIRECTIVES: directives per operation. @default 20 */
  maxDirectives: number;
  /** GRAPHQL_MAX_COMPLEXITY: Pothos complexity per operation; a full page of 50 with every field costs about 1,000. @default 2500 */
  maxComplexity: number;
  /** GRAPHQL_MAX_BODY_BYTES: largest HTTP body and WebSocket message. @default 1_000_000 */
  maxBodyBytes: number;
  /** GRAPHQL_MAX_WS_SUBSCRIPTIONS: subscriptions one WebSocket may hold at once. @default 100 */
  maxWsSubscriptions: number;
  /** GRAPHQL_MAX_WS_OPERATIONS: queries and mutations one WebSocket may have running at once. @default 25 */
  maxWsOperations: number;
  /** GRAPHQL_MAX_WS_BUFFER_BYTES: unsent bytes a WebSocket may queue before it is closed with 1013. @default 4_194_304 */
  maxWsBufferBytes: number;
}

/** How long an operation may take, retries included (DESIGN §7: one deadline per operation). */
export interface Deadlines {
  /** OPERATION_DEADLINE_MS: every query and mutation. @default 30_000 */
  operationMs: number;
  /** BULK_SEND_DEADLINE_MS: an operation with sendNotifications (10,000 sends at 50/2 take about 75 s). @default 600_000 */
  bulkSendMs: number;
}

export interface AppConfig {
  /** Derived from which B24_* variables are set; see {@link Mode}. @default 'sandbox' */
  mode: Mode;
  /** PORT: where the facade listens; 0 picks a free port. @default 4000 */
  port: number;
  /** HOST: listen address. @default '127.0.0.1' */
  host: string;
  /** CORS_ORIGINS: browser origins on other hosts allowed to call the API. @default [] (same origin only) */
  corsOrigins: string[];
  /**
   * ALLOWED_HOSTS: host names served besides the loopback names and IP literals (`api.example.com`,
   * `*.example.com` for its subdomains), lower-cased. Guards against DNS rebinding. @default []
   */
  allowedHosts: string[];
  /** B24_WEBHOOK_URL: the incoming webhook the facade acts through (webhook mode). @default undefined */
  webhookUrl?: string;
  /** B24_PORTAL_URL as an origin, e.g. `https://acme.bitrix24.com` (oauth and server-app modes). @default undefined */
  portalUrl?: string;
  /** B24_CLIENT_ID, B24_CLIENT_SECRET, B24_REFRESH_TOKEN (server-app mode). @default undefined */
  serverApp?: { clientId: string; clientSecret: string; refreshToken: string };
  /** B24_OAUTH_URL: the OAuth token endpoint of server-app mode. @default 'https://oauth.bitrix.info/oauth/token/' */
  oauthUrl: string;
  /** B24_TOKEN_FILE: where server-app mode persists its rotated tokens (mode 0600). @default '.b24-tokens.json' */
  tokenFile: string;
  /** B24_RATE_LIMIT as `X/Y`: the portal's leaky bucket, burst X, drain Y per second. @default { burst: 50, drainPerSecond: 2 } */
  rateLimit: { burst: number; drainPerSecond: number };
  /** B24_POLL_INTERVAL_MS: how often subscriptions poll im.notify.get. @default 2000 */
  pollIntervalMs: number;
  /** B24_POLL_SHARE: share of the rate budget polling may use, 0 < x ≤ 1. @default 0.5 */
  pollShare: number;
  /** B24_WATCHER_LINGER_MS: how long a user's watcher keeps polling after its last subscriber left. @default 5000 */
  lingerMs: number;
  /** B24_TOKEN_REPROOF_MS: how often a subscriber's credential that is not the polling one reads the inbox again, to prove it is still valid. @default 600_000 (10 min) */
  reproofMs: number;
  /** Retention of each user's event log, from which subscriptions resume (`after`). */
  eventLog: {
    /** EVENT_LOG_MAX_EVENTS: the newest events kept per user. @default 1000 */
    maxEvents: number;
    /** EVENT_LOG_MAX_AGE_MS: the oldest event kept; a user nobody watched for this long is forgotten. @default 86_400_000 (24 h) */
    maxAgeMs: number;
  };
  /** API_KEYS: keys clients send as `X-API-Key` (WS: `connectionParams['x-api-key']`). @default [] (no key asked) */
  apiKeys: string[];
  /** GraphQL request limits. */
  limits: Limits;
  /** Operation deadlines. */
  deadlines: Deadlines;
  /** B24_REQUEST_TIMEOUT_MS: timeout of one HTTP request to the portal. @default 30_000 */
  requestTimeoutMs: number;
  /** SHUTDOWN_GRACE_MS: on SIGTERM, how long operations in flight may take to finish. @default 10_000 */
  shutdownGraceMs: number;
  /** GRAPHIQL: serve GraphiQL on GET /graphql from a browser. @default true */
  graphiql: boolean;
}

const KNOWN = [
  'PORT', 'HOST', 'CORS_ORIGINS', 'API_KEYS', 'GRAPHIQL', 'B24_WEBHOOK_URL', 'B24_PORTAL_URL', 'B24_CLIENT_ID', 'B24_CLIENT_SECRET',
  'B24_REFRESH_TOKEN', 'B24_OAUTH_URL', 'B24_TOKEN_FILE', 'B24_RATE_LIMIT', 'B24_POLL_INTERVAL_MS', 'B24_POLL_SHARE',
  'B24_WATCHER_LINGER_MS', 'B24_TOKEN_REPROOF_MS', 'EVENT_LOG_MAX_EVENTS', 'EVENT_LOG_MAX_AGE_MS',
  'B24_REQUEST_TIMEOUT_MS', 'GRAPHQL_MAX_DEPTH', 'GRAPHQL_MAX_ALIASES', 'GRAPHQL_MAX_TOKENS', 'GRAPHQL_MAX_DIRECTIVES',
  'GRAPHQL_MAX_COMPLEXITY', 'GRAPHQL_MAX_BODY_BYTES', 'GRAPHQL_MAX_WS_SUBSCRIPTIONS', 'GRAPHQL_MAX_WS_OPERATIONS',
  'GRAPHQL_MAX_WS_BUFFER_BYTES', 'ALLOWED_HOSTS', 'OPERATION_DEADLINE_MS', 'BULK_SEND_DEADLINE_MS', 'SHUTDOWN_GRACE_MS',
];
const BOOLEANS = new Map([['true', true], ['1', true], ['false', false], ['0', false]]);
const SERVER_APP = ['B24_CLIENT_ID', 'B24_CLIENT_SECRET', 'B24_REFRESH_TOKEN'] as const;

/** Reads and validates the facade's environment; throws ConfigError on the first bad value. */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const vars: Env = env;
  // A typo such as B24_WEBHOOK would otherwise silently start the sandbox instead.
  const unknown = Object.keys(env).filter((k) => /^(B24_|GRAPHQL_MAX_)/.test(k) && !KNOWN.includes(k));
  if (unknown.length) throw new ConfigError(`${unknown[0]} is not a known variable; expected one of ${KNOWN.filter((k) => k.startsWith(unknown[0].slice(0, 4))).join(', ')}`);

  const host = setting(vars, 'HOST', (v) => (isIP(v) || /^[A-Za-z0-9.-]+$/.test(v) ? v : undefined), 'an IP address or host name', '127.0.0.1');
  const config: AppConfig = {
    mode: 'sandbox',
    port: setting(vars, 'PORT', (v) => (/^\d+$/.test(v) && Number(v) <= 65535 ? Number(v) : undefined), 'a port number 0..65535', 4000),
    host,
    corsOrigins: list(vars, 'CORS_ORIGINS', checkOrigin, 'comma-separated origins like https://app.example.com'),
    allowedHosts: list(vars, 'ALLOWED_HOSTS', checkHostName, 'comma-separated host names like api.example.com or *.example.com (no scheme or port)'),
    oauthUrl: setting(vars, 'B24_OAUTH_URL', (v) => (/^https?:\/\/[^/]/.test(v) && URL.canParse(v) ? v : undefined), 'an absolute http(s) URL', DEFAULT_OAUTH_URL),
    tokenFile: setting(vars, 'B24_TOKEN_FILE', (v) => v, 'a file path', '.b24-tokens.json'),
    rateLimit: setting(vars, 'B24_RATE_LIMIT', parseRate, 'X/Y with a whole burst X ≥ 1 and a drain Y > 0 per second (e.g. 50/2 or 250/5)', { burst: 50, drainPerSecond: 2 }),
    pollIntervalMs: setting(vars, 'B24_POLL_INTERVAL_MS', (v) => positiveInt(v, 100), 'a whole number of milliseconds ≥ 100', 2000),
    pollShare: setting(vars, 'B24_POLL_SHARE', (v) => (/^\d*\.?\d+$/.test(v) && Number(v) > 0 && Number(v) <= 1 ? Number(v) : undefined), 'a number 0 < x ≤ 1', 0.5),
    lingerMs: setting(vars, 'B24_WATCHER_LINGER_MS', (v) => (/^\d+$/.test(v) && Number.isSafeInteger(Number(v)) ? Number(v) : undefined), 'a whole number of milliseconds ≥ 0', 5000),
    reproofMs: setting(vars, 'B24_TOKEN_REPROOF_MS', (v) => positiveInt(v, 100), 'a whole number of milliseconds ≥ 100', 600_000),
    eventLog: {
      maxEvents: setting(vars, 'EVENT_LOG_MAX_EVENTS', positiveInt, 'a whole number ≥ 1', 1000),
      maxAgeMs: setting(vars, 'EVENT_LOG_MAX_AGE_MS', (v) => positiveInt(v, 1000), 'a whole number of milliseconds ≥ 1000', 86_400_000),
    },
    apiKeys: checkApiKeys(vars),
    limits: {
      maxDepth: setting(vars, 'GRAPHQL_MAX_DEPTH', positiveInt, 'a whole number ≥ 1', 10),
      maxAliases: setting(vars, 'GRAPHQL_MAX_ALIASES', positiveInt, 'a whole number ≥ 1', 15),
      maxTokens: setting(vars, 'GRAPHQL_MAX_TOKENS', positiveInt, 'a whole number ≥ 1', 2000),
      maxDirectives: setting(vars, 'GRAPHQL_MAX_DIRECTIVES', positiveInt, 'a whole number ≥ 1', 20),
      maxComplexity: setting(vars, 'GRAPHQL_MAX_COMPLEXITY', positiveInt, 'a whole number ≥ 1', 2500),
      maxBodyBytes: setting(vars, 'GRAPHQL_MAX_BODY_BYTES', (v) => positiveInt(v, 100), 'a whole number of bytes ≥ 100', 1_000_000),
      maxWsSubscriptions: setting(vars, 'GRAPHQL_MAX_WS_SUBSCRIPTIONS', positiveInt, 'a whole number ≥ 1', 100),
      maxWsOperations: setting(vars, 'GRAPHQL_MAX_WS_OPERATIONS', positiveInt, 'a whole number ≥ 1', 25),
      maxWsBufferBytes: setting(vars, 'GRAPHQL_MAX_WS_BUFFER_BYTES', (v) => positiveInt(v, 1024), 'a whole number of bytes ≥ 1024', 4_194_304),
    },
    deadlines: {
      operationMs: setting(vars, 'OPERATION_DEADLINE_MS', (v) => positiveInt(v, 100), 'a whole number of milliseconds ≥ 100', 30_000),
      bulkSendMs: setting(vars, 'BULK_SEND_DEADLINE_MS', (v) => positiveInt(v, 100), 'a whole number of milliseconds ≥ 100', 600_000),
    },
    requestTimeoutMs: setting(vars, 'B24_REQUEST_TIMEOUT_MS', (v) => positiveInt(v, 100), 'a whole number of milliseconds ≥ 100', 30_000),
    shutdownGraceMs: setting(vars, 'SHUTDOWN_GRACE_MS', (v) => (/^\d+$/.test(v) && Number.isSafeInteger(Number(v)) ? Number(v) : undefined), 'a whole number of milliseconds ≥ 0', 10_000),
    graphiql: setting(vars, 'GRAPHIQL', (v) => BOOLEANS.get(v.toLowerCase()), 'true, false, 1 or 0', true),
  };

  const webhookUrl = checkWebhookUrl(vars);
  const portalUrl = checkPortalUrl(vars);
  const appVars = SERVER_APP.filter((name) => vars[name]?.trim());
  if (webhookUrl && portalUrl) throw new ConfigError('B24_WEBHOOK_URL and B24_PORTAL_URL are both set; expected one: a webhook (webhook mode) or a portal (OAuth modes)');
  if (appVars.length && !portalUrl) throw new ConfigError(`${appVars.join(', ')} set without B24_PORTAL_URL; expected B24_PORTAL_URL too (server-app mode)`);
  if (appVars.length && appVars.length < SERVER_APP.length) {
    throw new ConfigError(`${SERVER_APP.filter((n) => !appVars.includes(n)).join(' and ')} missing; server-app mode expects B24_CLIENT_ID, B24_CLIENT_SECRET and B24_REFRESH_TOKEN together`);
  }
  if (webhookUrl) Object.assign(config, { mode: 'webhook', webhookUrl });
  else if (portalUrl && appVars.length) {
    const [clientId, clientSecret, refreshToken] = SERVER_APP.map((name) => vars[name]!.trim());
    Object.assign(config, { mode: 'server-app', portalUrl, serverApp: { clientId, clientSecret, refreshToken } });
  } else if (portalUrl) Object.assign(config, { mode: 'oauth', portalUrl });

  // The portal's credentials act for whoever reaches the facade: only loopback may skip keys.
  // The embedded sandbox acts as its first user just as a webhook does.
  if (config.mode !== 'oauth' && !isLoopback(host) && config.apiKeys.length === 0) {
    throw new ConfigError(`API_KEYS is empty but HOST is ${host} (beyond loopback) in ${config.mode} mode; expected API_KEYS so that only clients with a key act as the portal user`);
  }
  return config;
}

/** Whether `host` only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function parseRate(value: string): { burst: number; drainPerSecond: number } | undefined {
  const match = /^(\d+)\/(\d*\.?\d+)$/.exec(value);
  if (!match || Number(match[1]) < 1 || Number(match[2]) <= 0) return undefined;
  return { burst: Number(match[1]), drainPerSecond: Number(match[2]) };
}

type Env = Record<string, string | undefined>;
// Their values are secrets: messages say what is wrong, never what was received.
const SECRETS = new Set(['B24_WEBHOOK_URL', 'B24_CLIENT_SECRET', 'B24_REFRESH_TOKEN', 'API_KEYS']);

function received(name: string, value: string): string {
  return SECRETS.has(name) ? `a secret value (${value.length} characters, not shown)` : JSON.stringify(value);
}

/** The variable's parsed value, its default when unset or empty, or a ConfigError. */
function setting<T>(env: Env, name: string, parse: (value: string) => T | undefined, expected: string, fallback: T): T {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = parse(raw);
  if (value === undefined) throw new ConfigError(`${name} must be ${expected}, got ${received(name, raw)}`);
  return value;
}

function list(env: Env, name: string, check: (item: string) => string | undefined, expected: string): string[] {
  const items = (env[name] ?? '').split(',').map((item) => item.trim()).filter(Boolean);
  return items.map((item, i) => {
    const value = check(item);
    if (value === undefined) throw new ConfigError(`${name} must be ${expected}; entry ${i + 1} is ${received(name, item)}`);
    return value;
  });
}

function positiveInt(value: string, min = 1): number | undefined {
  return /^\d+$/.test(value) && Number(value) >= min && Number.isSafeInteger(Number(value)) ? Number(value) : undefined;
}

// A DNS name, optionally `*.` for every subdomain; the port does not matter to DNS rebinding.
function checkHostName(value: string): string | undefined {
  const name = value.toLowerCase().replace(/\.$/, '');
  return /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(name) ? name : undefined;
}

function checkOrigin(value: string): string | undefined {
  // An origin has no path: `https://app.example.com/` is accepted, `https://app.example.com/x` is not.
  if (!/^https?:\/\/[^/]+\/?$/.test(value) || !URL.canParse(value)) return undefined;
  return new URL(value).origin;
}

// Keys travel in a header, so printable ASCII without spaces; the value itself is never shown.
const checkApiKeys = (env: Env): string[] =>
  list(env, 'API_KEYS', (key) => (/^[\x21-\x7e]+$/.test(key) ? key : undefined), 'comma-separated keys of printable ASCII without spaces');

function checkWebhookUrl(env: Env): string | undefined {
  const url = env.B24_WEBHOOK_URL?.trim();
  if (!url) return undefined;
  try {
    webhookCredentials(url);
  } catch {
    throw new ConfigError(`B24_WEBHOOK_URL must look like https://<portal>/rest/<user id>/<secret>/, got ${received('B24_WEBHOOK_URL', url)}`);
  }
  return url.endsWith('/') ? url : `${url}/`;
}

function checkPortalUrl(env: Env): string | undefined {
  const url = env.B24_PORTAL_URL?.trim();
  if (!url) return undefined;
  if (!/^https?:\/\/[^/]/.test(url) || !URL.canParse(url)) throw new ConfigError(`B24_PORTAL_URL must be an absolute http(s) URL like https://acme.bitrix24.com, got ${JSON.stringify(url)}`);
  const parsed = new URL(url);
  // Only the origin is echoed: a pasted webhook URL would carry its secret in the path.
  if (parsed.pathname !== '/' || parsed.search || parsed.username) {
    throw new ConfigError(`B24_PORTAL_URL must be the portal's origin like https://acme.bitrix24.com, got ${parsed.origin} with a path, query or user info (not shown)`);
  }
  return parsed.origin;
}
