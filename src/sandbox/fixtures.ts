// /_sandbox/…: the fixtures and faults API. No Bitrix24 client calls these paths.
import { FixtureError, createApp, createSession, createUser, createWebhook, expireTokens, issueTokens } from './directory.js';
import { ANY_ENTITY, appEntity, webhookEntity } from './limits.js';
import type { Portal } from './portal.js';
import { seedPortal, webhookUrls } from './seed.js';
import { parseRateLimit, positive, seedNotification } from './fixture-input.js';
import { type PortalState, appKey, notificationsOf } from './state.js';

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

// The portal keys operating time by app client id or webhook id; no entity means every caller.
function operatingEntity(state: PortalState, entity: unknown): string {
  if (entity === undefined) return ANY_ENTITY;
  if (typeof entity === 'string' && state.apps[entity]) return appEntity(entity);
  if (typeof entity === 'number' && state.webhooks[entity]) return webhookEntity(entity);
  throw new FixtureError(`entity must be an app's clientId or a webhook's id, got ${JSON.stringify(entity)}`);
}

function isSnapshot(body: Record<string, unknown>): body is PortalState & Record<string, unknown> {
  return ['seq', 'users', 'notifications', 'webhooks', 'apps', 'accessTokens', 'refreshTokens', 'sessions', 'schema'].every((k) => k in body);
}
