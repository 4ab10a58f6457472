// Local input checks of the typed `im.notify.*` API (spec D, F): each refuses what the portal would
// refuse, with the portal's own code and text, before any call is made; plus the list cursor rule.
import type { DeleteTarget, ListCursor, ListParams, NotificationInput, NotificationPage, SearchParams } from './notify-types.js';

/** Most items a page may hold (`LIMIT`). */
export const MAX_LIMIT = 50;
/** `ATTACH` JSON must stay below this many characters. */
export const ATTACH_MAX_CHARS = 60000;
/** Longest `TAG`/`SUB_TAG`: the stored column holds 255 characters, 9 of them the `MP|xxxxx|` prefix. */
export const TAG_MAX_CHARS = 246;

/**
 * An input refused by the client itself. `code` and `description` equal the portal's own error where the
 * portal has one (spec F), so callers see the same error whichever side refused. Client-only codes:
 * `LIMIT_OUT_OF_RANGE`, `TAG_TOO_LONG`, `ID_INVALID`, `LAST_TYPE_INVALID`, `DATE_RANGE_INCOMPLETE`.
 */
export class LocalCheckError extends Error {
  override readonly name = 'LocalCheckError';
  constructor(
    readonly code: string,
    readonly description: string,
  ) {
    super(description);
  }
}

const fail = (code: string, description: string): never => {
  throw new LocalCheckError(code, description);
};

const isPositiveInt = (n: unknown): boolean => Number.isSafeInteger(n) && (n as number) > 0;
// PHP's empty() for a string parameter: "" and "0".
const phpEmpty = (s: unknown): boolean => typeof s !== 'string' || s === '' || s === '0';
const chars = (s: string): number => [...s].length;

function checkLimit(limit: number | undefined): void {
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 1 && limit <= MAX_LIMIT)) {
    fail('LIMIT_OUT_OF_RANGE', `limit must be 1..${MAX_LIMIT}, got ${limit}`);
  }
}

function checkLastId(lastId: number | undefined): void {
  if (lastId !== undefined && !(Number.isSafeInteger(lastId) && lastId >= 0)) {
    fail('LAST_ID_STRING', "Last notification ID can't be string");
  }
}

function checkTag(name: 'tag' | 'subTag', value: string | undefined): void {
  if (value !== undefined && chars(value) > TAG_MAX_CHARS) {
    fail('TAG_TOO_LONG', `${name} must be at most ${TAG_MAX_CHARS} characters, got ${chars(value)}`);
  }
}

function checkIdList(ids: number[], emptyMessage: string): void {
  if (!Array.isArray(ids) || ids.length === 0) fail('PARAMS_ERROR', emptyMessage);
  const bad = ids.find((id) => !isPositiveInt(id));
  if (bad !== undefined) fail('ID_INVALID', `ids must be positive integers, got ${bad}`);
}

/** Checks of `im.notify*` in the portal's order: recipient, message, attach; then the tag length. */
export function checkSend(p: NotificationInput): void {
  if (!isPositiveInt(p.userId)) fail('USER_ID_EMPTY', "User ID can't be empty");
  if (typeof p.message !== 'string' || p.message.trim() === '') fail('MESSAGE_EMPTY', "Message can't be empty");
  if (p.attach !== undefined && JSON.stringify(p.attach).length >= ATTACH_MAX_CHARS) {
    fail('ATTACH_OVERSIZE', 'You have exceeded the maximum allowable size of attach');
  }
  checkTag('tag', p.tag);
  checkTag('subTag', p.subTag);
}

/** Checks of `im.notify.get`: cursor halves together, non-negative integer id, stage 1 or 3, limit 1..50. */
export function checkList(p: ListParams): void {
  if ((p.lastId === undefined) !== (p.lastType === undefined)) {
    fail('LAST_ID_AND_LAST_TYPE', 'Parameters LAST_ID and LAST_TYPE should be used together.');
  }
  checkLastId(p.lastId);
  if (p.lastType !== undefined && p.lastType !== 1 && p.lastType !== 3) {
    fail('LAST_TYPE_INVALID', `lastType must be 1 or 3, got ${p.lastType}`);
  }
  checkLimit(p.limit);
}

/** Checks of `im.notify.read.list`: a non-empty list of positive ids (the portal stops at the first id ≤ 0). */
export function checkReadList(ids: number[]): void {
  checkIdList(ids, 'No IDS param or it is not an array');
}

/** Checks of `im.notify.read`: a positive id (the portal reads *everything* for id 0). */
export function checkRead(id: number): void {
  if (!isPositiveInt(id)) fail('ID_INVALID', `id must be a positive integer, got ${id}`);
}

/** Checks of `im.notify.answer`: id, then text (`""`, `"0"` and blank texts are refused). */
export function checkAnswer(id: number, text: string): void {
  if (!isPositiveInt(id)) fail('ID_ERROR', "Notification ID can't be empty");
  if (phpEmpty(text) || text.trim() === '') fail('ANSWER_TEXT_ERROR', "ANSWER_TEXT can't be empty");
}

/** Checks of `im.notify.confirm`: id, then value (`""` and `"0"` are refused, as by the portal). */
export function checkConfirm(id: number, value: string): void {
  if (!isPositiveInt(id)) fail('ID_ERROR', "Notification ID can't be empty");
  if (phpEmpty(value)) fail('NOTIFY_VALUE_ERROR', "Notification Value  can't be empty");
}

/** Checks of `im.notify.delete`: a non-empty id list of positive ids, or a non-empty tag of at most 246 characters. */
export function checkDelete(target: DeleteTarget): void {
  if ('ids' in target) return checkIdList(target.ids, 'Incorrect params');
  const [name, value] = 'tag' in target ? (['tag', target.tag] as const) : (['subTag', target.subTag] as const);
  if (phpEmpty(value)) fail('PARAMS_ERROR', 'Incorrect params');
  checkTag(name, value);
}

/** Checks of `im.notify.history.search` in the portal's order, then limit and the date range. */
export function checkSearch(p: SearchParams): void {
  const noCriterion =
    !p.type && !p.date && (p.text ?? '').trim().length < 3 && !p.authors?.length && !p.types?.length &&
    !p.dateFrom && !p.dateTo;
  if (noCriterion) fail('SEARCH_TEXT_ERROR', "SEARCH_TEXT can't be less then 3 symbols");
  checkLastId(p.lastId);
  checkLimit(p.limit);
  if (!p.dateFrom !== !p.dateTo) fail('DATE_RANGE_INCOMPLETE', 'dateFrom and dateTo must be given together');
}

/**
 * The cursor of the page after `page`, as the vendor's UI derives it: the last item's id and stage
 * (1 if it is a confirm, else 3); `null` when the page held fewer than `limit` items (the last page).
 */
export function nextCursor(page: NotificationPage, limit: number = MAX_LIMIT): ListCursor | null {
  const last = page.notifications.at(-1);
  if (!last || page.notifications.length < limit) return null;
  return { lastId: last.id, lastType: last.notify_type === 1 ? 1 : 3 };
}
