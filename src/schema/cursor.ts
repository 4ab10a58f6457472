// Opaque cursors. A notifications cursor carries im.notify.get's LAST_ID and LAST_TYPE, the
// stage (confirm or regular) its item belongs to; a history cursor carries LAST_ID only. An
// event cursor carries the user and a position in that user's event stream.
import type { Notification } from '../bitrix/notify-types.js';
import type { Position } from '../live/position.js';
import { InputError } from './errors.js';

const PREFIX = 'n1.';

/** The cursor after `item`: its id, and stage 1 for a confirm notification, 3 otherwise. */
export function encodeCursor(item: Notification): string {
  return PREFIX + Buffer.from(JSON.stringify([item.id, item.notify_type === 1 ? 1 : 3])).toString('base64url');
}

/** `{ lastId, lastType }` of a cursor; a cursor this API did not make is a clear input error. */
export function decodeCursor(cursor: string, field: string): { lastId: number; lastType: 1 | 3 } {
  const invalid = () => new InputError('INVALID_CURSOR', `${field} must be a cursor returned by this API (an endCursor), got ${JSON.stringify(cursor.slice(0, 40))}`, field);
  if (!cursor.startsWith(PREFIX)) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  // A forged cursor could carry 1e300: an integer to JS, but not an id the portal can take.
  if (!Array.isArray(decoded) || !Number.isSafeInteger(decoded[0]) || decoded[0] <= 0 || (decoded[1] !== 1 && decoded[1] !== 3)) throw invalid();
  return { lastId: decoded[0], lastType: decoded[1] };
}

const EVENT_PREFIX = 'e1.';

/** An event's cursor: whose stream it is, and the position in it. */
export function encodeEventCursor(userId: number, position: Position): string {
  return EVENT_PREFIX + Buffer.from(JSON.stringify([userId, position.epoch, position.seq, position.newestId])).toString('base64url');
}

/**
 * The position an event cursor holds, for `userId`'s stream; a cursor this API did not make,
 * or that another user's stream made, is a clear input error.
 */
export function decodeEventCursor(cursor: string, userId: number, field: string): Position {
  const invalid = (why: string) => new InputError('INVALID_CURSOR', `${field} must be a cursor of the viewer's notification events (an event's cursor or eventCursor), got ${why}`, field);
  const shown = JSON.stringify(cursor.slice(0, 40));
  if (!cursor.startsWith(EVENT_PREFIX)) throw invalid(shown);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor.slice(EVENT_PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw invalid(shown);
  }
  const whole = (v: unknown, min: number): v is number => Number.isSafeInteger(v) && (v as number) >= min;
  if (!Array.isArray(decoded) || decoded.length !== 4 || !whole(decoded[0], 1) || !whole(decoded[1], 0) || !whole(decoded[2], 0) || !whole(decoded[3], 0)) {
    throw invalid(shown);
  }
  if (decoded[0] !== userId) throw invalid('a cursor of another user');
  return { epoch: decoded[1], seq: decoded[2], newestId: decoded[3] };
}
