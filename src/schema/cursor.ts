// Opaque cursors. A notifications cursor carries im.notify.get's LAST_ID and LAST_TYPE, the
// stage (confirm or regular) its item belongs to; a history cursor carries LAST_ID only.
import type { Notification } from '../bitrix/notify-types.js';
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
