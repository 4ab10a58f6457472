// How a call authenticates: an incoming webhook, a client's OAuth bearer token, or this
// server's own OAuth application (which refreshes its token itself).
import { createHash } from 'node:crypto';
import type { Bitrix24Error } from './errors.js';

export interface Credentials {
  readonly kind: 'webhook' | 'bearer' | 'server-app' | 'anonymous';
  /** Portal origin, e.g. `https://acme.bitrix24.com`; the rate bucket is shared per portal. */
  readonly portal: string;
  /** URL that `/{method}.json` is appended to. */
  readonly restBase: string;
  /** The user, when the credentials name it (webhooks); otherwise resolved with user.current. */
  readonly userId?: number;
  /** Parameters that authenticate a request body (`auth`), empty for webhooks. */
  authParams(): Promise<Record<string, string>>;
  /**
   * After the portal refused `auth` with `expired_token`/`invalid_token`: gets a fresh token
   * when these credentials can (server-app mode) and says whether to try again.
   */
  recover(error: Bitrix24Error, usedParams: Record<string, string>): Promise<boolean>;
  /** Current secrets, to redact from anything the client reports. */
  secrets(): string[];
  /** Distinguishes tokens of one portal user in caches; the token itself never leaves. */
  readonly cacheKey: string;
}

/** The part of a server-app token manager credentials need (see oauth.ts). */
export interface TokenSource {
  accessToken(): Promise<string>;
  refreshAfterRejection(staleToken: string): Promise<string>;
  secrets(): string[];
}

const WEBHOOK = /^(https?:\/\/[^/]+)\/rest\/(\d+)\/([A-Za-z0-9]+)\/?$/;

/** `https://portal/rest/{userId}/{secret}/` → credentials acting as that user. */
export function webhookCredentials(url: string): Credentials {
  const match = WEBHOOK.exec(url.trim());
  if (!match) throw new Error('webhook URL must look like https://<portal>/rest/<user id>/<secret>/, got a value that does not');
  const [, portal, userId, secret] = match;
  return {
    kind: 'webhook',
    portal,
    restBase: `${portal}/rest/${userId}/${secret}`,
    userId: Number(userId),
    authParams: async () => ({}),
    recover: async () => false,
    secrets: () => [secret],
    cacheKey: `webhook:${userId}:${fingerprint(secret)}`,
  };
}

/** A client's access token, forwarded as is. The facade never refreshes it (DESIGN §4). */
export function bearerCredentials(portalUrl: string, accessToken: string): Credentials {
  const portal = origin(portalUrl);
  return {
    kind: 'bearer',
    portal,
    restBase: `${portal}/rest`,
    authParams: async () => ({ auth: accessToken }),
    recover: async () => false,
    secrets: () => [accessToken],
    cacheKey: `bearer:${fingerprint(accessToken)}`,
  };
}

/** No credentials at all: enough to see whether a portal answers (readiness). */
export function anonymousCredentials(portalUrl: string): Credentials {
  const portal = origin(portalUrl);
  return {
    kind: 'anonymous',
    portal,
    restBase: `${portal}/rest`,
    authParams: async () => ({}),
    recover: async () => false,
    secrets: () => [],
    cacheKey: 'anonymous',
  };
}

/** This server's own OAuth application: refreshed before expiry and after expired_token. */
export function serverAppCredentials(portalUrl: string, tokens: TokenSource): Credentials {
  const portal = origin(portalUrl);
  return {
    kind: 'server-app',
    portal,
    restBase: `${portal}/rest`,
    authParams: async () => ({ auth: await tokens.accessToken() }),
    recover: async (error, used) => {
      if (error.code !== 'expired_token' && error.code !== 'invalid_token') return false;
      await tokens.refreshAfterRejection(used.auth ?? '');
      return true;
    },
    secrets: () => tokens.secrets(),
    cacheKey: 'server-app',
  };
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    throw new Error('portal URL must be an absolute http(s) URL like https://acme.bitrix24.com, got a value that is not');
  }
}

// A digest keys caches by token without holding the token; sha256 so two users' tokens can
// never share an entry.
const fingerprint = (token: string): string => createHash('sha256').update(token).digest('base64url');
