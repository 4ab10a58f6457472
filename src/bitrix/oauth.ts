// Server-app mode (DESIGN §4): the facade holds its own OAuth app credentials and refreshes
// its access token at Bitrix24's OAuth server (oauth.bitrix.info), coalescing refreshes and
// persisting every rotated pair. Secrets never leave this module in an error or log line.
import got, { RequestError, TimeoutError } from 'got';

/** A token pair as this module keeps and persists it. */
export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
  /** Unix ms when the access token expires. */
  expiresAt: number;
  /** The portal user the token acts as (`user_id` of the token answer). */
  userId?: number;
  /** The portal's REST base URL (`client_endpoint` of the token answer), e.g. `https://x.bitrix24.com/rest/`. */
  clientEndpoint?: string;
}

export interface ServerAppOptions {
  /** The app's `client_id` (`local.…` or `app.…`). Required. */
  clientId: string;
  /** The app's `client_secret`. Required; only ever sent to `oauthUrl`. */
  clientSecret: string;
  /** The current refresh token. Required; rotated by every refresh (single use). */
  refreshToken: string;
  /**
   * The OAuth token endpoint. Any query string in it is replaced by the refresh parameters.
   * @default 'https://oauth.bitrix.info/oauth/token/'
   */
  oauthUrl?: string;
  /**
   * Known access token, e.g. restored from the persisted file. Used only together with
   * `expiresAt`; without both, the first use refreshes.
   * @default undefined
   */
  accessToken?: string;
  /** Unix ms when `accessToken` expires. @default undefined */
  expiresAt?: number;
  /** Refresh this long before expiry. @default 300_000 (5 min) */
  refreshAheadMs?: number;
  /**
   * Called with every new token pair before it is used (the refresh token rotates, so the
   * old one is dead once this runs). A throw or rejection is reported through
   * `onPersistError` but does not block the token.
   * @default undefined (tokens live in memory only)
   */
  persist?: (tokens: OAuthTokens) => void | Promise<void>;
  /**
   * Receives persist failures, with secrets redacted from the message and stack.
   * @default a process warning (`process.emitWarning`)
   */
  onPersistError?: (error: Error) => void;
  /** Timeout of one token request, ms. @default 10_000 */
  timeoutMs?: number;
  /** Clock, ms. @default Date.now */
  now?: () => number;
}

/** Thrown when the OAuth server refuses (invalid_grant, invalid_client, …) or cannot be reached. */
export class OAuthRefreshError extends Error {
  /**
   * The OAuth server's `error` (`invalid_grant`, `invalid_client`, `PAYMENT_REQUIRED`, …), or
   * one of ours: `oauth_unreachable` (the request never reached the server, so the refresh
   * token is unused), `refresh_unknown_outcome` (the request may have been executed but the
   * answer was lost; the refresh token may be spent), `invalid_response`.
   */
  readonly code: string;
  /** HTTP status of the OAuth server's answer, when there was one. */
  readonly status?: number;

  constructor(code: string, message: string, status?: number) {
    super(message);
    this.name = 'OAuthRefreshError';
    this.code = code;
    if (status !== undefined) this.status = status;
  }
}

export const DEFAULT_OAUTH_URL = 'https://oauth.bitrix.info/oauth/token/';
const DEFAULT_REFRESH_AHEAD_MS = 300_000;
const DEFAULT_TIMEOUT_MS = 10_000;

// Connection-stage failures: the request bytes never reached the server, so the refresh
// token was certainly not spent.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ERR_INVALID_URL']);
const NOT_SENT_TIMEOUT_EVENTS = new Set(['lookup', 'connect', 'secureConnect']);

export class ServerAppAuth {
  private readonly clientId: string;
  private readonly clientSecret: string;
  private readonly oauthUrl: URL;
  private readonly refreshAheadMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly persist?: (tokens: OAuthTokens) => void | Promise<void>;
  private readonly onPersistError: (error: Error) => void;

  private refreshToken: string;
  private current?: { accessToken: string; expiresAt: number };
  // The pair just replaced: requests that started with it may still fail and be logged.
  private superseded: string[] = [];
  private inflight?: Promise<string>;

  constructor(options: ServerAppOptions) {
    this.clientId = requireSecretLike(options.clientId, 'clientId');
    this.clientSecret = requireSecretLike(options.clientSecret, 'clientSecret');
    this.refreshToken = requireSecretLike(options.refreshToken, 'refreshToken');
    this.oauthUrl = parseOAuthUrl(options.oauthUrl ?? DEFAULT_OAUTH_URL);
    this.refreshAheadMs = requireNonNegative(options.refreshAheadMs ?? DEFAULT_REFRESH_AHEAD_MS, 'refreshAheadMs');
    this.timeoutMs = requirePositive(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs');
    this.now = options.now ?? Date.now;
    this.persist = options.persist;
    this.onPersistError =
      options.onPersistError ?? ((error) => process.emitWarning(error.message, { type: 'OAuthPersistWarning' }));
    if (options.accessToken !== undefined && options.expiresAt !== undefined) {
      requireSecretLike(options.accessToken, 'accessToken');
      if (!Number.isFinite(options.expiresAt)) {
        throw new TypeError(`ServerAppAuth: expiresAt must be Unix ms (a finite number), got ${describe(options.expiresAt)}`);
      }
      this.current = { accessToken: options.accessToken, expiresAt: options.expiresAt };
    }
  }

  /** A usable access token: refreshes first when none is known or it expires within refreshAheadMs. Concurrent callers share one refresh. */
  async accessToken(): Promise<string> {
    if (this.inflight) return this.inflight;
    const current = this.current;
    if (current && this.now() < current.expiresAt - this.refreshAheadMs) return current.accessToken;
    return this.refresh();
  }

  /** Forces a refresh because the portal said expired_token/invalid_token for `staleToken`; if a newer token than staleToken already exists, returns it without another refresh. Coalesced like accessToken(). */
  async refreshAfterRejection(staleToken: string): Promise<string> {
    // A refresh under way produces a token newer than any the caller could have used.
    if (this.inflight) return this.inflight;
    if (this.current && this.current.accessToken !== staleToken) return this.accessToken();
    return this.refresh();
  }

  /** Every secret this auth holds right now (client secret, access and refresh tokens), for redaction. Includes the pair just replaced, which requests in flight may still carry. */
  secrets(): string[] {
    const list = [this.clientSecret, this.refreshToken, ...this.superseded];
    if (this.current) list.push(this.current.accessToken);
    return [...new Set(list)];
  }

  private refresh(): Promise<string> {
    // One refresh in flight: a refresh token is single use, so a second concurrent refresh
    // with the same token would fail with invalid_grant (or race the rotation).
    this.inflight ??= this.runRefresh().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async runRefresh(): Promise<string> {
    const startedAt = this.now();
    const answer = await this.requestTokens();
    const tokens = this.tokensFrom(answer, startedAt);

    // Keep the new pair in memory first: the old refresh token is already spent.
    if (this.current) this.superseded = [this.current.accessToken, this.refreshToken];
    else this.superseded = [this.refreshToken];
    this.refreshToken = tokens.refreshToken;
    this.current = { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt };

    if (this.persist) {
      try {
        await this.persist({ ...tokens });
      } catch (error) {
        this.reportPersistError(error);
      }
    }
    return tokens.accessToken;
  }

  private async requestTokens(): Promise<Record<string, unknown>> {
    const where = this.endpointForMessages();
    let response;
    try {
      // GET with query parameters, as the Bitrix24 OAuth docs (auto-renewal) specify.
      // No retries and no redirects: a refresh token is single use, and a redirect would
      // carry the secrets to another address.
      response = await got.get(this.oauthUrl, {
        searchParams: {
          grant_type: 'refresh_token',
          client_id: this.clientId,
          client_secret: this.clientSecret,
          refresh_token: this.refreshToken,
        },
        headers: { accept: 'application/json' },
        timeout: { request: this.timeoutMs },
        retry: { limit: 0 },
        followRedirect: false,
        throwHttpErrors: false,
        responseType: 'text',
      });
    } catch (error) {
      // got's errors carry the request options and URL, query string included: never pass
      // them on, not even as `cause`.
      throw this.transportError(error, where);
    }

    const status = response.statusCode;
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      body = undefined;
    }
    const record = isRecord(body) ? body : undefined;

    if (record && typeof record.error === 'string' && record.error !== '') {
      const description = typeof record.error_description === 'string' ? ` (${this.redact(record.error_description)})` : '';
      throw new OAuthRefreshError(
        record.error,
        `OAuth server ${where} refused the token refresh: HTTP ${status} ${this.redact(record.error)}${description}; expected a new token pair.${hintFor(record.error)}`,
        status,
      );
    }
    if (status >= 200 && status < 300) {
      if (!record) {
        // The server answered success, so it probably rotated the refresh token, but the
        // new pair is unreadable: treat it like a lost answer.
        throw new OAuthRefreshError(
          'refresh_unknown_outcome',
          `OAuth server ${where} answered HTTP ${status} with a body that is not a JSON object (${response.body.length} bytes); expected a token answer. The refresh token may have been spent.`,
          status,
        );
      }
      return record;
    }
    if (status >= 500) {
      // A gateway error may hide a refresh that the server behind it executed.
      throw new OAuthRefreshError(
        'refresh_unknown_outcome',
        `OAuth server ${where} answered HTTP ${status} without an OAuth error; expected a token answer. The refresh token may have been spent.`,
        status,
      );
    }
    throw new OAuthRefreshError(
      'invalid_response',
      `OAuth server ${where} answered HTTP ${status} without an OAuth error; expected a token answer (200) or an {error, error_description} object.`,
      status,
    );
  }

  private transportError(error: unknown, where: string): OAuthRefreshError {
    const code = error instanceof RequestError ? error.code : undefined;
    const event = error instanceof TimeoutError ? error.event : undefined;
    const timings = error instanceof RequestError ? error.timings : undefined;
    const connected = this.oauthUrl.protocol === 'https:' ? timings?.secureConnect !== undefined : timings?.connect !== undefined;
    const neverSent =
      (code !== undefined && NOT_SENT_CODES.has(code)) || (event !== undefined && NOT_SENT_TIMEOUT_EVENTS.has(event)) || !connected;
    const reason = event ? `timed out (${event}) after ${this.timeoutMs} ms` : `failed with ${code ?? (error instanceof Error ? error.name : typeof error)}`;
    if (neverSent) {
      return new OAuthRefreshError(
        'oauth_unreachable',
        `Could not reach the OAuth server ${where}: the connection ${reason}; expected a token answer. The refresh token was not used.`,
      );
    }
    return new OAuthRefreshError(
      'refresh_unknown_outcome',
      `The token refresh at OAuth server ${where} ${reason} after the request was sent; expected a token answer. The server may have rotated the refresh token, so the request is not repeated.`,
    );
  }

  private tokensFrom(answer: Record<string, unknown>, startedAt: number): OAuthTokens {
    const where = this.endpointForMessages();
    const { access_token: accessToken, refresh_token: refreshToken } = answer;
    if (typeof accessToken !== 'string' || accessToken === '' || typeof refreshToken !== 'string' || refreshToken === '') {
      const keys = Object.keys(answer).join(', ') || 'none';
      throw new OAuthRefreshError(
        'refresh_unknown_outcome',
        `OAuth server ${where} answered without a usable access_token and refresh_token (keys: ${keys}); expected both as non-empty strings. The refresh token may have been spent.`,
      );
    }
    // Expiry from `expires_in` on our own clock (from before the request, so it errs early):
    // the absolute `expires` is on the server's clock, which may differ from ours.
    const expiresIn = toNumber(answer.expires_in);
    const expires = toNumber(answer.expires);
    const expiresAt =
      expiresIn !== undefined ? startedAt + expiresIn * 1000 : expires !== undefined ? expires * 1000 : startedAt + 3_600_000;
    const tokens: OAuthTokens = { accessToken, refreshToken, expiresAt };
    const userId = toNumber(answer.user_id);
    if (userId !== undefined) tokens.userId = userId;
    if (typeof answer.client_endpoint === 'string' && answer.client_endpoint !== '') tokens.clientEndpoint = answer.client_endpoint;
    return tokens;
  }

  private reportPersistError(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const wrapped = new Error(`Persisting the new OAuth tokens failed: ${this.redact(message)}; the tokens are used from memory.`);
    if (error instanceof Error && error.stack) wrapped.stack = this.redact(`${wrapped.name}: ${wrapped.message}\n${error.stack}`);
    try {
      this.onPersistError(wrapped);
    } catch {
      // A failing reporter must not turn a usable token into a failed refresh.
    }
  }

  private endpointForMessages(): string {
    // Origin and path only: never a query string or userinfo.
    return this.oauthUrl.origin + this.oauthUrl.pathname;
  }

  private redact(text: string): string {
    let out = text;
    for (const secret of this.secrets()) {
      out = out.split(secret).join('[redacted]');
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret) out = out.split(encoded).join('[redacted]');
    }
    return out;
  }
}

function hintFor(code: string): string {
  if (code === 'invalid_grant') return ' The refresh token is unknown, expired or already used: authorise the app again (B24_REFRESH_TOKEN).';
  if (code === 'invalid_client') return ' Check B24_CLIENT_ID and B24_CLIENT_SECRET, and that the app is installed on the portal.';
  return '';
}

function requireSecretLike(value: unknown, name: string): string {
  // Never echo the value: it may be a secret.
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`ServerAppAuth: ${name} must be a non-empty string, got ${typeof value === 'string' ? 'an empty string' : typeof value}`);
  }
  return value;
}

function requireNonNegative(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 0) throw new TypeError(`ServerAppAuth: ${name} must be a finite number ≥ 0, got ${describe(value)}`);
  return value;
}

function requirePositive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`ServerAppAuth: ${name} must be a finite number > 0, got ${describe(value)}`);
  return value;
}

function parseOAuthUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`ServerAppAuth: oauthUrl must be an absolute http(s) URL, got a string that is not a URL (${value.length} chars)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`ServerAppAuth: oauthUrl must be an absolute http(s) URL, got protocol ${url.protocol}`);
  }
  return url;
}

function describe(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value;
}

function toNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
