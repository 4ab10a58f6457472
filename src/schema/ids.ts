// GraphQL IDs as the integers the portal uses. Number() would also take `0x10`, `1e3`, ` 1`,
// `1.0`, `+1`, `01` and full-width digits, so one id would have many spellings and a typo could
// reach a different notification: only the canonical decimal spelling is accepted.
import { InputError } from './errors.js';

export interface IdKind {
  /** What the id names, for the message: `a notification id`, `a user id`. */
  noun: string;
  /** Whether 0 means something here (authorIds: the system author). @default false */
  zero?: boolean;
}

/**
 * `value` as a portal id: a canonical decimal integer from 1 (or 0 with `kind.zero`) up to
 * Number.MAX_SAFE_INTEGER. Anything else is an INVALID_ID InputError naming `field`.
 */
export function parseId(value: string | number, field: string, kind: IdKind): number {
  const text = typeof value === 'number' ? String(value) : value;
  if ((CANONICAL.test(text) || (kind.zero && text === '0')) && Number.isSafeInteger(Number(text))) return Number(text);
  const range = kind.zero ? 'a whole number 0 or more' : 'a whole number 1 or more';
  throw new InputError('INVALID_ID', `${field} must be ${kind.noun} (${range} in plain decimal digits, up to ${Number.MAX_SAFE_INTEGER}), got ${show(value)}`, field);
}

/** parseId for a notification id. */
export const notificationId = (value: string | number, field: string): number => parseId(value, field, { noun: 'a notification id' });

/** parseId for a user id (a recipient; 0 is not a user). */
export const userId = (value: string | number, field: string): number => parseId(value, field, { noun: 'a user id' });

// No sign, no leading zero, no spaces, no exponent, no fraction, ASCII digits only.
const CANONICAL = /^[1-9][0-9]*$/;

const show = (value: string | number): string => JSON.stringify(typeof value === 'string' && value.length > 40 ? `${value.slice(0, 40)}…` : value);
