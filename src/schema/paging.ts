// Forward-only pages of notifications, shared by notifications and notificationHistory.
import type { Notification } from '../bitrix/notify-types.js';
import { encodeCursor } from './cursor.js';
import { InputError } from './errors.js';

/** The portal returns at most 50 per call. */
export const MAX_PAGE = 50;
export const DEFAULT_PAGE = 20;

interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** The page size to show; refuses backward paging and sizes outside 1..50, naming the argument. */
export function pageSize(args: PageArgs, field: string): number {
  if (args.last != null || args.before != null) {
    throw new InputError('PAGINATION_FORWARD_ONLY', `${field} pages forward only: use first and after`, args.last != null ? 'last' : 'before');
  }
  const first = args.first ?? DEFAULT_PAGE;
  if (first < 1 || first > MAX_PAGE) throw new InputError('LIMIT_OUT_OF_RANGE', `first must be 1..${MAX_PAGE}, got ${first}`, 'first');
  return first;
}

/** How many rows to ask for: one more than shown tells whether a next page exists. */
export const rowsToFetch = (first: number): number => Math.min(first + 1, MAX_PAGE);

/** Edges and pageInfo of a page fetched with rowsToFetch(first). */
export function connectionOf(rows: Notification[], first: number, after: string | null | undefined) {
  const shown = rows.slice(0, first);
  const edges = shown.map((node) => ({ cursor: encodeCursor(node), node }));
  return {
    edges,
    pageInfo: {
      // At 50 the extra row cannot be asked for: a full page may have a next one.
      hasNextPage: rows.length > first || (first === MAX_PAGE && shown.length === MAX_PAGE),
      hasPreviousPage: after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
