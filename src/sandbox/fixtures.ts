// /_sandbox/…: the fixtures and faults API. No Bitrix24 client calls these paths.
import { FixtureError, createApp, createSession, createUser, createWebhook, expireTokens, issueTokens } from './directory.js';
import { storeNotification } from './notifications.js';
import { ANY_ENTITY } from './limits.js';
import type { RateLimit } from './options.js';
import type { Portal } from './portal.js';
import { seedPortal, webhookUrls } from './seed.js';
import { type Button, NOTIFY_CONFIRM, NOTIFY_FROM, NOTIFY_SYSTEM, type NotifyType, type PortalState, appKey, notificationsOf } from './state.js';

export interface FixtureReply {
  status: number;
  body: unknown;
}

type Handler = (portal: Portal, body: Record<string, unknown>, query: URLSearchParams) => unknown;

const ROUTES: Record<string, Handler> = {
  'POST reset': (portal, body) => {
    const seed = body.seed ?? 'demo';
    if (seed !== 'demo' && seed !== 'empty') throw new FixtureError(`seed must be "demo" or "empty", got ${JSON.stringify(seed)}`);
    portal.clear();
    seedPortal(portal, seed);
    return { webhooks: webhookUrls(portal) };
  },
  'GET snapshot': (portal) => portal.state,
  'POST restore': (portal, body) => {
    if (!isSnapshot(body)) throw new FixtureError('restore expects a body taken from GET /_sandbox/snapshot');
    portal.state = structuredClone(body);
    return { restored: true };
  },
  'POST users': (portal, body) => createUser(portal.state, body, Math.floor(portal.now())),
  'GET users': (portal) => ({ users: Object.values(portal.state.users) }),
  'POST webhooks': (portal, body) => {
    const hook = createWebhook(portal.state, body as never);
    return { ...hook, url: `${portal.url}/rest/${hook.userId}/${hook.secret}/` };
  },
  'POST apps': (portal, body) => {
    const app = createApp(portal.state, body as never);
    return { ...app, appKey: appKey(app.clientId) };
  },
  // Its tokens stay in the store, so calls with them meet APPLICATION_NOT_FOUND.
  'POST apps/uninstall': (portal, body) => {
    if (typeof body.clientId !== 'string' || !portal.state.apps[body.clientId]) {
      throw new FixtureError(`clientId must name an installed app, got ${JSON.stringify(body.clientId)}`);
    }
    delete portal.state.apps[body.clientId];
    return { uninstalled: body.clientId };
  },
  'POST tokens': (portal, body) => issueTokens(portal.state, body as never, portal.now(), portal.url),
  'POST tokens/expire': (portal, body) => ({ expired: expireTokens(portal.state, body as never, portal.now()) }),
  'POST sessions': (portal, body) => ({ sessid: createSession(portal.state, body as never) }),
  'POST notifications': (portal, body) => seedNotification(portal, body),
  'GET notifications': (portal, _body, query) => {
    const userId = Number(query.get('userId'));
    const all = query.has('userId') ? notificationsOf(portal.state, userId) : Object.values(portal.state.notifications);
    return { notifications: all };
  },
  'POST faults': (portal, body) => ({ id: portal.faults.add(body).id }),
  'DELETE faults': (portal) => {
    portal.faults.clear();
    return { cleared: true };
  },
  'GET requests': (portal) => portal.log.summary(),
  'DELETE requests': (portal) => {
    portal.log.clear();
    return { cleared: true };
  },
  'POST operating': (portal, body) => {
    const { method, seconds, entity } = body;
    if (typeof method !== 'string' || method === '') throw new FixtureError(`method must be a REST method name, got ${JSON.stringify(method)}`);
    if (typeof seconds !== 'number' || seconds < 0) throw new FixtureError(`seconds must be a number >= 0, got ${JSON.stringify(seconds)}`);
    portal.operating.preset(operatingEntity(portal.state, entity), method.toLowerCase(), seconds);
    return { method: method.toLowerCase(), seconds };
  },
  'POST config': (portal, body) => {
    if (body.rateLimit !== undefined) portal.buckets.limit = parseRateLimit(body.rateLimit);
    if (body.timeZone !== undefined) {
      try {
        portal.clock.timeZone = String(body.timeZone);
      } catch (error) {
        throw new FixtureError((error as Error).message);
      }
    }
    if (body.operatingLimitSeconds !== undefined) portal.operating.limitSeconds = positive('operatingLimitSeconds', body.operatingLimitSeconds);
    if (body.answerText !== undefined) portal.answerText = String(body.answerText);
    return {
      rateLimit: portal.buckets.limit,
      timeZone: portal.clock.timeZone,
      operatingLimitSeconds: portal.operating.limitSeconds,
      answerText: portal.answerText,
    };
  },
  'POST clock': (portal, body) => {
    portal.clock.advance(positive('advanceSeconds', body.advanceSeconds));
    return { now: portal.now() };
  },
};

/** Answers `/_sandbox/<path>`; bad input is a 400 with a message naming the problem. */
export function handleFixtures(portal: Portal, httpMethod: string, path: string, query: URLSearchParams, rawBody: string): FixtureReply {
  const handler = ROUTES[`${httpMethod} ${path.replace(/^\/+|\/+$/g, '')}`];
  if (!handler) return { status: 404, body: { error: 'NOT_FOUND', error_description: `no fixtures route ${httpMethod} /_sandbox/${path}` } };
  let body: unknown = {};
  if (rawBody.trim() !== '') {
    try {
      body = JSON.parse(rawBody);
    } catch {
      return { status: 400, body: { error: 'BAD_FIXTURE', error_description: 'fixtures body must be JSON' } };
    }
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { status: 400, body: { error: 'BAD_FIXTURE', error_description: 'fixtures body must be a JSON object' } };
  }
  try {
    return { status: 200, body: handler(portal, body as Record<string, unknown>, query) };
  } catch (error) {
    if (error instanceof FixtureError) return { status: 400, body: { error: 'BAD_FIXTURE', error_description: error.message } };
    throw error;
  }
}

/** `X/Y` or `off` (also the form of SANDBOX_RATE_LIMIT), or `{ burst, drainPerSecond }`. */
export function parseRateLimit(value: unknown): RateLimit | 'off' {
  if (value === 'off') return 'off';
  if (typeof value === 'string') {
    const m = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(value.trim());
    if (m && Number(m[1]) > 0 && Number(m[2]) > 0) return { burst: Number(m[1]), drainPerSecond: Number(m[2]) };
  } else if (value && typeof value === 'object') {
    const { burst, drainPerSecond } = value as Record<string, unknown>;
    if (typeof burst === 'number' && burst > 0 && typeof drainPerSecond === 'number' && drainPerSecond > 0) return { burst, drainPerSecond };
  }
  throw new FixtureError(`rate limit must be "X/Y" with positive numbers (e.g. "50/2") or "off", got ${JSON.stringify(value)}`);
}

function seedNotification(portal: Portal, body: Record<string, unknown>): { id: number; chatId: number } {
  const userId = body.userId;
  if (typeof userId !== 'number' || !portal.state.users[userId]) throw new FixtureError(`userId must name an existing user, got ${JSON.stringify(userId)}`);
  const authorId = body.authorId ?? 0;
  if (typeof authorId !== 'number' || (authorId !== 0 && !portal.state.users[authorId])) throw new FixtureError(`authorId must be 0 or an existing user, got ${JSON.stringify(authorId)}`);
  if (typeof body.message !== 'string') throw new FixtureError(`message must be a string, got ${JSON.stringify(body.message)}`);
  const type = notifyType(body.type, authorId);
  // Stored verbatim: no tag replacement, so tests can build states REST alone cannot reach.
  const stored = storeNotification(portal.state, {
    userId,
    authorId,
    type,
    date: fixtureDate(body.date, portal.now()),
    module: text('module', body.module, 'rest'),
    event: text('event', body.event, 'rest_notify'),
    tag: text('tag', body.tag, ''),
    subTag: text('subTag', body.subTag, ''),
    title: text('title', body.title, ''),
    message: body.message,
    messageOut: text('messageOut', body.messageOut, ''),
    buttons: type === NOTIFY_CONFIRM ? buttons(body.buttons) : null,
    params: body.params == null ? null : objectParam(body.params),
    read: body.read === true,
  }, { replaceByTag: false });
  if (!stored) throw new FixtureError(`user ${userId} cannot receive notifications (inactive or external), or the tag is longer than 255`);
  return { id: stored.id, chatId: stored.chatId };
}

function notifyType(value: unknown, authorId: number): NotifyType {
  if (value === undefined) return authorId > 0 ? NOTIFY_FROM : NOTIFY_SYSTEM;
  const types: Record<string, NotifyType> = { confirm: NOTIFY_CONFIRM, personal: NOTIFY_FROM, system: NOTIFY_SYSTEM };
  const type = typeof value === 'string' ? types[value] : [1, 2, 4].includes(value as number) ? (value as NotifyType) : undefined;
  if (!type) throw new FixtureError(`type must be "confirm", "personal" or "system", got ${JSON.stringify(value)}`);
  return type;
}

// Confirm notifications without buttons get Accept/Cancel, as the messenger gives them.
function buttons(value: unknown): Button[] {
  if (value === undefined) return [{ TITLE: 'Accept', VALUE: 'Y', TYPE: 'accept' }, { TITLE: 'Cancel', VALUE: 'N', TYPE: 'cancel' }];
  if (!Array.isArray(value)) throw new FixtureError(`buttons must be a list of { title, value, type }, got ${JSON.stringify(value)}`);
  return value
    .filter((b) => b && b.title && b.value && b.type)
    .map((b) => ({ TITLE: escapeHtml(String(b.title)), VALUE: escapeHtml(String(b.value)), TYPE: escapeHtml(String(b.type)), ...(b.url ? { URL: String(b.url) } : {}) }));
}

function fixtureDate(value: unknown, now: number): number {
  if (value === undefined) return Math.floor(now);
  if (typeof value === 'number' && Number.isFinite(value)) return Math.floor(value);
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new FixtureError(`date must be ISO-8601 or Unix seconds, got ${JSON.stringify(value)}`);
  return Math.floor(ms / 1000);
}

function text(name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw new FixtureError(`${name} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

function objectParam(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || Array.isArray(value)) throw new FixtureError(`params must be an object, got ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

function positive(name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0)) throw new FixtureError(`${name} must be a number > 0, got ${JSON.stringify(value)}`);
  return value;
}

// The portal keys operating time by app client id or webhook id; no entity means every caller.
function operatingEntity(state: PortalState, entity: unknown): string {
  if (entity === undefined) return ANY_ENTITY;
  if (typeof entity === 'string' && state.apps[entity]) return `app:${entity}`;
  if (typeof entity === 'number' && state.webhooks[entity]) return `webhook:${entity}`;
  throw new FixtureError(`entity must be an app's clientId or a webhook's id, got ${JSON.stringify(entity)}`);
}

function isSnapshot(body: Record<string, unknown>): body is PortalState & Record<string, unknown> {
  return ['seq', 'users', 'notifications', 'webhooks', 'apps', 'accessTokens', 'refreshTokens', 'sessions', 'schema'].every((k) => k in body);
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#039;' })[c]!);
