// loadConfig: defaults, modes, and messages that name the variable without leaking secrets.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const WEBHOOK = 'https://acme.bitrix24.com/rest/7/s3cr3tWebhookKey/';
const KEY = 'k3y-0123456789abcdef';

/** The ConfigError message for `env`; fails the test when it loads. */
function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(Object.keys(env))}`);
}

describe('loadConfig', () => {
  it('starts the sandbox on 127.0.0.1:4000 with every documented default when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      mode: 'sandbox',
      port: 4000,
      host: '127.0.0.1',
      corsOrigins: [],
      allowedHosts: [],
      oauthUrl: 'https://oauth.bitrix.info/oauth/token/',
      tokenFile: '.b24-tokens.json',
      rateLimit: { burst: 50, drainPerSecond: 2 },
      pollIntervalMs: 2000,
      pollShare: 0.5,
      lingerMs: 5000,
      reproofMs: 600_000,
      eventLog: { maxEvents: 1000, maxAgeMs: 86_400_000 },
      apiKeys: [],
      limits: {
        maxDepth: 10, maxAliases: 15, maxTokens: 2000, maxDirectives: 20, maxComplexity: 2500, maxBodyBytes: 1_000_000,
        maxWsSubscriptions: 100, maxWsOperations: 25, maxWsBufferBytes: 4_194_304,
      },
      deadlines: { operationMs: 30_000, bulkSendMs: 600_000 },
      requestTimeoutMs: 30_000,
      shutdownGraceMs: 10_000,
      graphiql: true,
    });
  });

  it('ignores variables outside its own names, as a shell environment has many', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root', SANDBOX_PORT: 'x' }).mode).toBe('sandbox');
  });

  it('reads every variable when given', () => {
    const config = loadConfig({
      PORT: '0', HOST: '::1', CORS_ORIGINS: 'https://app.example.com, http://localhost:5173/', B24_WEBHOOK_URL: WEBHOOK,
      B24_RATE_LIMIT: '250/5', B24_POLL_INTERVAL_MS: '500', B24_POLL_SHARE: '1', API_KEYS: `${KEY},${KEY}x`,
      GRAPHQL_MAX_DEPTH: '4', GRAPHQL_MAX_ALIASES: '3', GRAPHQL_MAX_TOKENS: '300', GRAPHQL_MAX_DIRECTIVES: '2',
      GRAPHQL_MAX_COMPLEXITY: '50', GRAPHQL_MAX_BODY_BYTES: '4096', GRAPHIQL: 'false', B24_OAUTH_URL: 'http://oauth.local/token/', B24_TOKEN_FILE: '/tmp/t.json',
      ALLOWED_HOSTS: 'API.example.com., *.apps.example.com', GRAPHQL_MAX_WS_SUBSCRIPTIONS: '5', GRAPHQL_MAX_WS_OPERATIONS: '2',
      GRAPHQL_MAX_WS_BUFFER_BYTES: '65536', OPERATION_DEADLINE_MS: '1500', BULK_SEND_DEADLINE_MS: '9000', B24_REQUEST_TIMEOUT_MS: '700',
      SHUTDOWN_GRACE_MS: '0',
    });
    expect(config).toMatchObject({
      mode: 'webhook', port: 0, host: '::1', corsOrigins: ['https://app.example.com', 'http://localhost:5173'], webhookUrl: WEBHOOK,
      rateLimit: { burst: 250, drainPerSecond: 5 }, pollIntervalMs: 500, pollShare: 1, apiKeys: [KEY, `${KEY}x`],
      limits: { maxDepth: 4, maxAliases: 3, maxTokens: 300, maxDirectives: 2, maxComplexity: 50, maxBodyBytes: 4096 },
      graphiql: false, oauthUrl: 'http://oauth.local/token/', tokenFile: '/tmp/t.json',
      allowedHosts: ['api.example.com', '*.apps.example.com'],
      deadlines: { operationMs: 1500, bulkSendMs: 9000 }, requestTimeoutMs: 700, shutdownGraceMs: 0,
    });
    expect(config.limits).toMatchObject({ maxWsSubscriptions: 5, maxWsOperations: 2, maxWsBufferBytes: 65536 });
  });

  it('picks OAuth pass-through for a portal alone and server-app mode for a portal with app credentials', () => {
    expect(loadConfig({ B24_PORTAL_URL: 'https://acme.bitrix24.com/' })).toMatchObject({ mode: 'oauth', portalUrl: 'https://acme.bitrix24.com' });
    const app = loadConfig({ B24_PORTAL_URL: 'https://acme.bitrix24.com', B24_CLIENT_ID: 'local.1', B24_CLIENT_SECRET: 'cs', B24_REFRESH_TOKEN: 'rt' });
    expect(app).toMatchObject({ mode: 'server-app', serverApp: { clientId: 'local.1', clientSecret: 'cs', refreshToken: 'rt' } });
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '', B24_WEBHOOK_URL: '' })).toMatchObject({ mode: 'sandbox', port: 4000 });
  });

  it.each([
    ['PORT', '70000', /PORT must be a port number 0\.\.65535, got "70000"/],
    ['PORT', 'http', /PORT must be .*got "http"/],
    ['HOST', 'my host', /HOST must be an IP address or host name, got "my host"/],
    ['CORS_ORIGINS', 'https://ok.example, app.example.com', /CORS_ORIGINS must be comma-separated origins.*entry 2 is "app\.example\.com"/],
    ['CORS_ORIGINS', 'https://app.example.com/path', /CORS_ORIGINS .*entry 1 is "https:\/\/app\.example\.com\/path"/],
    ['B24_PORTAL_URL', 'acme.bitrix24.com', /B24_PORTAL_URL must be an absolute http\(s\) URL.*got "acme\.bitrix24\.com"/],
    ['B24_OAUTH_URL', 'ftp://x', /B24_OAUTH_URL must be an absolute http\(s\) URL, got "ftp:\/\/x"/],
    ['B24_RATE_LIMIT', '50', /B24_RATE_LIMIT must be X\/Y.*got "50"/],
    ['B24_RATE_LIMIT', '0/2', /B24_RATE_LIMIT must be X\/Y.*got "0\/2"/],
    ['B24_POLL_INTERVAL_MS', '10', /B24_POLL_INTERVAL_MS must be a whole number of milliseconds ≥ 100, got "10"/],
    ['B24_POLL_SHARE', '0', /B24_POLL_SHARE must be a number 0 < x ≤ 1, got "0"/],
    ['B24_POLL_SHARE', '1.5', /B24_POLL_SHARE .*got "1\.5"/],
    ['GRAPHQL_MAX_DEPTH', '0', /GRAPHQL_MAX_DEPTH must be a whole number ≥ 1, got "0"/],
    ['GRAPHQL_MAX_ALIASES', '-1', /GRAPHQL_MAX_ALIASES .*got "-1"/],
    ['GRAPHQL_MAX_TOKENS', '1e3', /GRAPHQL_MAX_TOKENS .*got "1e3"/],
    ['GRAPHQL_MAX_DIRECTIVES', 'many', /GRAPHQL_MAX_DIRECTIVES .*got "many"/],
    ['GRAPHQL_MAX_COMPLEXITY', '2.5', /GRAPHQL_MAX_COMPLEXITY .*got "2\.5"/],
    ['GRAPHQL_MAX_BODY_BYTES', '10', /GRAPHQL_MAX_BODY_BYTES must be a whole number of bytes ≥ 100, got "10"/],
    ['ALLOWED_HOSTS', 'api.example.com, https://app.example.com', /ALLOWED_HOSTS must be comma-separated host names.*entry 2 is "https:\/\/app\.example\.com"/],
    ['ALLOWED_HOSTS', 'api.example.com:4000', /ALLOWED_HOSTS .*\(no scheme or port\); entry 1 is "api\.example\.com:4000"/],
    ['GRAPHQL_MAX_WS_SUBSCRIPTIONS', '0', /GRAPHQL_MAX_WS_SUBSCRIPTIONS must be a whole number ≥ 1, got "0"/],
    ['GRAPHQL_MAX_WS_OPERATIONS', 'all', /GRAPHQL_MAX_WS_OPERATIONS must be a whole number ≥ 1, got "all"/],
    ['GRAPHQL_MAX_WS_BUFFER_BYTES', '100', /GRAPHQL_MAX_WS_BUFFER_BYTES must be a whole number of bytes ≥ 1024, got "100"/],
    ['OPERATION_DEADLINE_MS', '30s', /OPERATION_DEADLINE_MS must be a whole number of milliseconds ≥ 100, got "30s"/],
    ['BULK_SEND_DEADLINE_MS', '50', /BULK_SEND_DEADLINE_MS must be a whole number of milliseconds ≥ 100, got "50"/],
    ['B24_REQUEST_TIMEOUT_MS', '-5', /B24_REQUEST_TIMEOUT_MS must be a whole number of milliseconds ≥ 100, got "-5"/],
    ['SHUTDOWN_GRACE_MS', 'soon', /SHUTDOWN_GRACE_MS must be a whole number of milliseconds ≥ 0, got "soon"/],
    ['GRAPHIQL', 'maybe', /GRAPHIQL must be true, false, 1 or 0, got "maybe"/],
    ['GRAPHIQL', 'constructor', /GRAPHIQL must be true, false, 1 or 0, got "constructor"/],
  ])('refuses %s=%s with a message naming the variable, the expectation and the value', (name, value, message) => {
    expect(refusal({ [name]: value })).toMatch(message);
  });

  it('refuses an unknown B24_ or GRAPHQL_MAX_ variable, which is most likely a typo', () => {
    expect(refusal({ B24_WEBHOOK: WEBHOOK })).toMatch(/B24_WEBHOOK is not a known variable; expected one of .*B24_WEBHOOK_URL/);
    expect(refusal({ GRAPHQL_MAX_DEPT: '3' })).toMatch(/GRAPHQL_MAX_DEPT is not a known variable.*GRAPHQL_MAX_DEPTH/);
  });

  it('refuses a webhook and a portal together', () => {
    expect(refusal({ B24_WEBHOOK_URL: WEBHOOK, B24_PORTAL_URL: 'https://acme.bitrix24.com' })).toMatch(/B24_WEBHOOK_URL and B24_PORTAL_URL are both set/);
  });

  it('refuses partial server-app credentials, naming what is missing', () => {
    expect(refusal({ B24_PORTAL_URL: 'https://a.bitrix24.com', B24_CLIENT_ID: 'local.1' })).toMatch(/B24_CLIENT_SECRET and B24_REFRESH_TOKEN missing/);
    expect(refusal({ B24_CLIENT_ID: 'local.1', B24_CLIENT_SECRET: 'x', B24_REFRESH_TOKEN: 'y' })).toMatch(/without B24_PORTAL_URL/);
  });

  it('refuses a webhook-mode facade beyond loopback without API_KEYS', () => {
    expect(refusal({ B24_WEBHOOK_URL: WEBHOOK, HOST: '0.0.0.0' })).toMatch(/API_KEYS is empty but HOST is 0\.0\.0\.0/);
    expect(loadConfig({ B24_WEBHOOK_URL: WEBHOOK, HOST: '0.0.0.0', API_KEYS: KEY }).apiKeys).toEqual([KEY]);
    expect(loadConfig({ B24_WEBHOOK_URL: WEBHOOK, HOST: 'localhost' }).host).toBe('localhost');
  });

  it('refuses the embedded sandbox beyond loopback without API_KEYS, since it acts as the sandbox user as a webhook does', () => {
    expect(refusal({ HOST: '0.0.0.0' })).toMatch(/API_KEYS is empty but HOST is 0\.0\.0\.0 \(beyond loopback\) in sandbox mode/);
    expect(loadConfig({ HOST: '0.0.0.0', API_KEYS: KEY }).mode).toBe('sandbox');
    expect(loadConfig({ HOST: '::1' }).mode).toBe('sandbox');
  });

  it('never shows a secret in its messages', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ B24_WEBHOOK_URL: 'https://acme.bitrix24.com/rest/seven/s3cr3tWebhookKey/' }, 's3cr3tWebhookKey'],
      [{ B24_PORTAL_URL: WEBHOOK }, 's3cr3tWebhookKey'],
      [{ API_KEYS: `${KEY},s\u00e9cretKey` }, 'cretKey'],
      [{ API_KEYS: 'has space in the key secret' }, 'space in the key'],
      [{ B24_PORTAL_URL: 'https://a.bitrix24.com', B24_CLIENT_ID: 'local.1', B24_CLIENT_SECRET: 'clientS3cret' }, 'clientS3cret'],
      [{ B24_CLIENT_SECRET: 'clientS3cret', B24_REFRESH_TOKEN: 'refr3shTok' }, 'refr3shTok'],
    ];
    for (const [env, secret] of cases) {
      const message = refusal(env);
      expect(message).not.toContain(secret);
      expect(message).toMatch(/B24_WEBHOOK_URL|B24_PORTAL_URL|API_KEYS|B24_CLIENT_SECRET|B24_REFRESH_TOKEN|B24_PORTAL_URL/);
    }
  });
});
