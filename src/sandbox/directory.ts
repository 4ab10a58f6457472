// Users and credentials: what the fixtures API, the demo seed and the OAuth server create.
import { createHash } from 'node:crypto';
import { type App, type PortalState, type User, type Webhook, randomCode } from './state.js';

/** Bad fixture input; the fixtures API answers it with 400. */
export class FixtureError extends Error {}

const ACCESS_TOKEN_SECONDS = 3600;
const REFRESH_TOKEN_SECONDS = 180 * 24 * 3600;
const DEFAULT_SCOPES = ['im', 'user'];
const PALETTE = ['#df532d', '#3e99ce', '#1eb4aa', '#f76187', '#8474c8', '#58cc47', '#ab7761', '#29619b', '#728f7a', '#ba9c7b'];

export interface UserInput {
  id?: number;
  firstName?: string;
  lastName?: string;
  active?: boolean;
  externalAuthId?: string;
  workPosition?: string;
  gender?: string;
  email?: string;
  website?: string;
  birthday?: string;
  departments?: number[];
  phones?: User['phones'];
  avatar?: string;
}

export function createUser(state: PortalState, input: UserInput, now: number): User {
  const id = input.id ?? state.seq.user + 1;
  if (!Number.isInteger(id) || id <= 0) throw new FixtureError(`id must be a positive integer, got ${JSON.stringify(input.id)}`);
  if (state.users[id]) throw new FixtureError(`user ${id} already exists`);
  if (input.gender != null && !['M', 'F', ''].includes(input.gender)) throw new FixtureError(`gender must be "M", "F" or "", got ${JSON.stringify(input.gender)}`);
  if (input.birthday && !/^\d{2}-\d{2}$/.test(input.birthday)) throw new FixtureError(`birthday must be DD-MM, got ${JSON.stringify(input.birthday)}`);
  state.seq.user = Math.max(state.seq.user, id);
  const firstName = input.firstName ?? `User`;
  const lastName = input.lastName ?? `${id}`;
  const user: User = {
    id,
    active: input.active ?? true,
    firstName,
    lastName,
    workPosition: input.workPosition ?? '',
    gender: (input.gender ?? '') as User['gender'],
    birthday: input.birthday ?? '',
    email: input.email ?? `${firstName}.${lastName}@example.test`.toLowerCase().replace(/\s+/g, ''),
    website: input.website ?? '',
    externalAuthId: input.externalAuthId ?? 'default',
    departments: input.departments ?? [1],
    phones: input.phones ?? {},
    color: PALETTE[id % PALETTE.length],
    avatar: input.avatar ?? '',
    lastActivity: now,
    registered: now,
    notifyChatId: null,
  };
  state.users[id] = user;
  return user;
}

export function createWebhook(state: PortalState, input: { userId?: number; scopes?: string[]; secret?: string }): Webhook {
  const user = requireUser(state, input.userId);
  const secret = input.secret ?? randomCode(16);
  if (!/^[A-Za-z0-9]+$/.test(secret)) throw new FixtureError(`secret must be letters and digits, got ${JSON.stringify(secret)}`);
  const webhook: Webhook = { id: ++state.seq.webhook, userId: user.id, secret, scopes: scopesOf(input.scopes), active: true };
  state.webhooks[webhook.id] = webhook;
  return webhook;
}

export function createApp(state: PortalState, input: { clientId?: string; clientSecret?: string; name?: string; scopes?: string[] }): App {
  const clientId = input.clientId ?? `local.${randomCode(14)}.${randomCode(8)}`;
  if (state.apps[clientId]) throw new FixtureError(`app ${clientId} already exists`);
  const app: App = {
    clientId,
    clientSecret: input.clientSecret ?? randomCode(50),
    name: input.name ?? clientId,
    scopes: scopesOf(input.scopes),
  };
  state.apps[clientId] = app;
  return app;
}

/** Issues an access/refresh pair, shaped like the answer of Bitrix24's OAuth server. */
export function issueTokens(
  state: PortalState,
  input: { clientId?: string; userId?: number; scopes?: string[]; expiresIn?: number },
  now: number,
  portalUrl: string,
): Record<string, unknown> {
  const app = state.apps[input.clientId ?? ''];
  if (!app) throw new FixtureError(`clientId must name an app created through /_sandbox/apps, got ${JSON.stringify(input.clientId)}`);
  const user = requireUser(state, input.userId);
  const expiresIn = input.expiresIn ?? ACCESS_TOKEN_SECONDS;
  if (!Number.isFinite(expiresIn)) throw new FixtureError(`expiresIn must be a number of seconds, got ${JSON.stringify(input.expiresIn)}`);
  const scopes = input.scopes ? scopesOf(input.scopes) : app.scopes;
  const expires = Math.floor(now) + expiresIn;
  const access = { token: randomCode(70), clientId: app.clientId, userId: user.id, scopes, expires };
  const refresh = { token: randomCode(70), clientId: app.clientId, userId: user.id, scopes, expires: Math.floor(now) + REFRESH_TOKEN_SECONDS };
  state.accessTokens[access.token] = access;
  state.refreshTokens[refresh.token] = refresh;
  const host = new URL(portalUrl).host;
  return {
    access_token: access.token,
    expires,
    expires_in: expiresIn,
    scope: scopes.join(','),
    domain: host,
    server_endpoint: `${portalUrl}/oauth/rest/`,
    status: 'L',
    client_endpoint: `${portalUrl}/rest/`,
    member_id: memberId(host),
    user_id: user.id,
    refresh_token: refresh.token,
  };
}

export function createSession(state: PortalState, input: { userId?: number }): string {
  const user = requireUser(state, input.userId);
  const sessid = randomCode(32);
  state.sessions[sessid] = user.id;
  return sessid;
}

/** Expires access tokens now; all of them, one, or a user's. Returns how many were live. */
export function expireTokens(state: PortalState, input: { access_token?: string; userId?: number }, now: number): number {
  let count = 0;
  for (const token of Object.values(state.accessTokens)) {
    if (input.access_token != null && token.token !== input.access_token) continue;
    if (input.userId != null && token.userId !== input.userId) continue;
    if (token.expires > now) count++;
    token.expires = Math.min(token.expires, Math.floor(now));
  }
  return count;
}

function requireUser(state: PortalState, userId: unknown): User {
  const user = typeof userId === 'number' ? state.users[userId] : undefined;
  if (!user) throw new FixtureError(`userId must name an existing user, got ${JSON.stringify(userId)}`);
  return user;
}

function scopesOf(scopes: unknown): string[] {
  if (scopes === undefined) return [...DEFAULT_SCOPES];
  if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string')) {
    throw new FixtureError(`scopes must be a list of scope names, got ${JSON.stringify(scopes)}`);
  }
  return scopes;
}

// A stable per-portal id, as the real member_id is.
const memberId = (host: string): string => createHash('md5').update(host).digest('hex');
