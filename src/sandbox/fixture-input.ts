// Input of the fixtures API, validated into portal records with errors that name the field.
import { FixtureError } from './directory.js';
import { storeNotification } from './notifications.js';
import type { RateLimit } from './options.js';
import type { Portal } from './portal.js';
import { type Button, NOTIFY_CONFIRM, NOTIFY_FROM, NOTIFY_SYSTEM, type NotifyType } from './state.js';

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

/** Stores a notification from `POST /_sandbox/notifications` input. */
export function seedNotification(portal: Portal, body: Record<string, unknown>): { id: number; chatId: number } {
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

export function positive(name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0)) throw new FixtureError(`${name} must be a number > 0, got ${JSON.stringify(value)}`);
  return value;
}



const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#039;' })[c]!);
