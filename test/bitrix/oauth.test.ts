// ServerAppAuth against the sandbox portal's /oauth/token/ over real HTTP.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { OAuthRefreshError, ServerAppAuth, type OAuthTokens, type ServerAppOptions } from '../../src/bitrix/oauth.js';
import { useSandbox } from '../support/sandbox.js';

const sandbox = useSandbox();

interface Fixture {
  userId: number;
  clientId: string;
  clientSecret: string;
  accessToken: string;
  refreshToken: string;
}

let fx: Fixture;

beforeEach(async () => {
  const user = await sandbox.givenUser({ firstName: 'Olga' });
  const app = await sandbox.givenApp();
  const token = await sandbox.givenToken(app.clientId, user.id);
  fx = { userId: user.id, clientId: app.clientId, clientSecret: app.clientSecret, accessToken: token.access_token, refreshToken: token.refresh_token };
});

const authFor = (options: Partial<ServerAppOptions> = {}): ServerAppAuth =>
  new ServerAppAuth({
    clientId: fx.clientId,
    clientSecret: fx.clientSecret,
    refreshToken: fx.refreshToken,
    oauthUrl: `${sandbox.url}/oauth/token/`,
    ...options,
  });

const tokenRequests = async (): Promise<number> => (await sandbox.requests()).tokenRequests;

/** The user a token acts as, through `user.current`; throws with the portal's answer otherwise. */
const userOf = async (token: string): Promise<number> => {
  const reply = await sandbox.call({ token }, 'user.current');
  if (reply.status !== 200) throw new Error(`user.current answered ${reply.status}: ${reply.text}`);
  return Number(reply.body.result.ID);
};

const failureOf = async (promise: Promise<unknown>): Promise<OAuthRefreshError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OAuthRefreshError);
  return error as OAuthRefreshError;
};

/** A loopback port nothing listens on: bound once, then released. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

const expectNoSecrets = (error: Error, secrets: string[]): void => {
  const rendered = [error.message, String(error.stack), inspect(error), JSON.stringify(error)].join('\n');
  for (const secret of secrets) {
    expect(rendered).not.toContain(secret);
    expect(rendered).not.toContain(encodeURIComponent(secret));
  }
};

describe('ServerAppAuth', () => {
  it('refreshes once on first use without a known token, and the new token works on user.current', async () => {
    const auth = authFor();
    const before = await tokenRequests();

    const token = await auth.accessToken();

    expect(await tokenRequests()).toBe(before + 1);
    expect(token).not.toBe(fx.accessToken);
    expect(await userOf(token)).toBe(fx.userId);
    expect(await auth.accessToken()).toBe(token);
    expect(await tokenRequests()).toBe(before + 1);
  });

  it('shares one token request among ten concurrent callers when no token is known', async () => {
    const auth = authFor();
    const before = await tokenRequests();

    const tokens = await Promise.all(Array.from({ length: 10 }, () => auth.accessToken()));

    expect(await tokenRequests()).toBe(before + 1);
    expect(new Set(tokens).size).toBe(1);
    expect(await userOf(tokens[0])).toBe(fx.userId);
  });

  it('shares one token request among ten concurrent callers when the known token has expired', async () => {
    let now = 1_000_000;
    const auth = authFor({ accessToken: fx.accessToken, expiresAt: now + 3_600_000, now: () => now });
    now += 3_600_000;
    const before = await tokenRequests();

    const tokens = await Promise.all(Array.from({ length: 10 }, () => auth.accessToken()));

    expect(await tokenRequests()).toBe(before + 1);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(fx.accessToken);
  });

  it('uses a known token that is far from expiry without asking the OAuth server', async () => {
    const auth = authFor({ accessToken: fx.accessToken, expiresAt: Date.now() + 3_600_000 });
    const before = await tokenRequests();

    expect(await auth.accessToken()).toBe(fx.accessToken);
    expect(await tokenRequests()).toBe(before);
  });

  it('refreshes after the portal rejects an expired token, once, and the new token works', async () => {
    const auth = authFor({ accessToken: fx.accessToken, expiresAt: Date.now() + 3_600_000 });
    const stale = await auth.accessToken();
    await sandbox.admin('POST', 'tokens/expire', { access_token: stale });
    const rejected = await sandbox.call({ token: stale }, 'user.current');
    expect(rejected.body.error).toBe('expired_token');
    const before = await tokenRequests();

    const fresh = await auth.refreshAfterRejection(stale);

    expect(fresh).not.toBe(stale);
    expect(await tokenRequests()).toBe(before + 1);
    expect(await userOf(fresh)).toBe(fx.userId);
  });

  it('does not refresh again when a second caller reports the same stale token', async () => {
    const auth = authFor({ accessToken: fx.accessToken, expiresAt: Date.now() + 3_600_000 });
    await sandbox.admin('POST', 'tokens/expire', { access_token: fx.accessToken });
    const before = await tokenRequests();

    const first = await auth.refreshAfterRejection(fx.accessToken);
    const second = await auth.refreshAfterRejection(fx.accessToken);

    expect(second).toBe(first);
    expect(await tokenRequests()).toBe(before + 1);
  });

  it('coalesces concurrent rejections of the same token into one refresh', async () => {
    const auth = authFor({ accessToken: fx.accessToken, expiresAt: Date.now() + 3_600_000 });
    const before = await tokenRequests();

    const tokens = await Promise.all(Array.from({ length: 5 }, () => auth.refreshAfterRejection(fx.accessToken)));

    expect(new Set(tokens).size).toBe(1);
    expect(await tokenRequests()).toBe(before + 1);
  });

  it('refreshes proactively once the token expires within refreshAheadMs', async () => {
    let now = 5_000_000;
    const expiresAt = now + 3_600_000;
    const auth = authFor({ accessToken: fx.accessToken, expiresAt, refreshAheadMs: 300_000, now: () => now });
    const before = await tokenRequests();

    now = expiresAt - 300_001;
    expect(await auth.accessToken()).toBe(fx.accessToken);
    expect(await tokenRequests()).toBe(before);

    now = expiresAt - 299_999;
    const fresh = await auth.accessToken();
    expect(fresh).not.toBe(fx.accessToken);
    expect(await tokenRequests()).toBe(before + 1);
    expect(await userOf(fresh)).toBe(fx.userId);
  });

  it('persists the rotated pair before resolving, and the old refresh token no longer works', async () => {
    const now = 7_000_000;
    const events: string[] = [];
    const persisted: OAuthTokens[] = [];
    const auth = authFor({
      now: () => now,
      persist: async (tokens) => {
        await new Promise((resolve) => setImmediate(resolve));
        persisted.push(tokens);
        events.push('persisted');
      },
    });

    const token = await auth.accessToken();
    events.push('resolved');

    expect(events).toEqual(['persisted', 'resolved']);
    expect(persisted).toHaveLength(1);
    const [saved] = persisted;
    expect(saved.accessToken).toBe(token);
    expect(saved.refreshToken).not.toBe(fx.refreshToken);
    expect(saved.expiresAt).toBe(now + 3_600_000);
    expect(saved.userId).toBe(fx.userId);
    expect(saved.clientEndpoint).toBe(`${sandbox.url}/rest/`);

    const withOld = await failureOf(authFor().accessToken());
    expect(withOld.code).toBe('invalid_grant');

    const withSaved = authFor({ refreshToken: saved.refreshToken });
    expect(await userOf(await withSaved.accessToken())).toBe(fx.userId);
  });

  it('reports a failing persist without secrets and still hands out the new token', async () => {
    const reported: Error[] = [];
    const auth = authFor({
      persist: (tokens) => {
        throw new Error(`disk full while writing ${tokens.refreshToken} / ${tokens.accessToken}`);
      },
      onPersistError: (error) => reported.push(error),
    });

    const token = await auth.accessToken();

    expect(await userOf(token)).toBe(fx.userId);
    expect(reported).toHaveLength(1);
    expect(reported[0].message).toContain('disk full');
    expectNoSecrets(reported[0], auth.secrets());
  });

  it('fails with invalid_grant and status 400 for an unknown refresh token', async () => {
    const error = await failureOf(authFor({ refreshToken: 'not-a-refresh-token-0123456789' }).accessToken());

    expect(error.code).toBe('invalid_grant');
    expect(error.status).toBe(400);
    expectNoSecrets(error, ['not-a-refresh-token-0123456789', fx.clientSecret]);
  });

  it('fails with invalid_grant once the refresh token has been spent by another holder', async () => {
    await authFor().accessToken();
    const error = await failureOf(authFor().refreshAfterRejection('whatever'));

    expect(error.code).toBe('invalid_grant');
  });

  it('fails with invalid_client and status 401 for a wrong client secret', async () => {
    const error = await failureOf(authFor({ clientSecret: 'wrong-secret-abcdef' }).accessToken());

    expect(error.code).toBe('invalid_client');
    expect(error.status).toBe(401);
    expectNoSecrets(error, ['wrong-secret-abcdef', fx.refreshToken]);
  });

  it('fails with oauth_unreachable for an unreachable OAuth URL, without any secret in message or stack', async () => {
    const port = await closedPort();
    const auth = authFor({
      oauthUrl: `http://127.0.0.1:${port}/oauth/token/`,
      accessToken: fx.accessToken,
      expiresAt: 0,
    });

    const error = await failureOf(auth.accessToken());

    expect(error.code).toBe('oauth_unreachable');
    expect(error.status).toBeUndefined();
    expect(error.message).toContain(`127.0.0.1:${port}/oauth/token/`);
    expectNoSecrets(error, [fx.clientSecret, fx.refreshToken, fx.accessToken]);
  });

  it('reports a lost answer as refresh_unknown_outcome and never resends the refresh', async () => {
    // An OAuth server that receives the request and then drops the connection: the refresh
    // may have happened, so got must not retry it (its default would retry a GET twice).
    let received = 0;
    const server: Server = createServer((req) => {
      received++;
      req.socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const auth = authFor({ oauthUrl: `http://127.0.0.1:${port}/oauth/token/` });

      const error = await failureOf(auth.accessToken());

      expect(error.code).toBe('refresh_unknown_outcome');
      expect(received).toBe(1);
      expectNoSecrets(error, [fx.clientSecret, fx.refreshToken]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('lets the next call try again after a failed refresh', async () => {
    const auth = authFor({ clientSecret: 'wrong-secret-abcdef' });
    await failureOf(auth.accessToken());
    const before = await tokenRequests();

    await failureOf(auth.accessToken());

    expect(await tokenRequests()).toBe(before + 1);
  });

  it('lists the client secret and the current tokens in secrets(), following a rotation', async () => {
    const auth = authFor({ accessToken: fx.accessToken, expiresAt: Date.now() + 3_600_000 });
    expect(auth.secrets()).toEqual(expect.arrayContaining([fx.clientSecret, fx.refreshToken, fx.accessToken]));
    let rotated: OAuthTokens | undefined;
    const withPersist = authFor({ persist: (tokens) => void (rotated = tokens) });

    const token = await withPersist.refreshAfterRejection(fx.accessToken);

    expect(withPersist.secrets()).toEqual(expect.arrayContaining([fx.clientSecret, token, rotated!.refreshToken]));
    expect(withPersist.secrets()).not.toContain(fx.clientId);
  });

  it('rejects missing credentials without echoing them', () => {
    expect(() => authFor({ clientSecret: '' })).toThrow(/clientSecret must be a non-empty string, got an empty string/);
    expect(() => authFor({ oauthUrl: 'ftp://example.com/' })).toThrow(/oauthUrl must be an absolute http\(s\) URL, got protocol ftp:/);
  });
});
