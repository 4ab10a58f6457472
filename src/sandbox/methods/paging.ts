// Cursor and page-size rules shared by im.notify.get and im.notify.history.search.
import { restError } from '../errors.js';
import { intval, phpString } from '../php.js';

export const MAX_LIMIT = 50;

/** PHP `isset`: present and not null. */
export const isSet = (value: unknown): boolean => value !== undefined && value !== null;

/** LAST_ID must be all digits in its string form; JSON integers pass. */
export function cursorId(value: unknown): number {
  const text = phpString(value);
  if (!/^\d+$/.test(text)) throw restError('lastIdString');
  return Number(text);
}

/** LIMIT: default 50, capped at 50; zero or less means no limit at all. */
export function pageLimit(value: unknown): number {
  if (value === undefined || value === null) return MAX_LIMIT;
  const limit = intval(value);
  return limit <= 0 ? 0 : Math.min(limit, MAX_LIMIT);
}

/** The first `limit` items; a limit of 0 means all. */
export const take = <T>(items: T[], limit: number): T[] => (limit > 0 ? items.slice(0, limit) : items);
