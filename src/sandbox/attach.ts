// ATTACH validation and storage (spec D.0.4).
import { restError } from './errors.js';
import { parseJsObject } from './js-object.js';
import { isEmpty, isPhpArray, phpValues } from './php.js';

/** JSON of a prepared attach must stay under this many characters. */
export const ATTACH_MAX_CHARS = 60000;
const COLORS = ['#4ba984', '#ef4b57', '#2fc6f6', '#a8adb4', '#ffa900', '#9dcf00', '#7f9bf6', '#f7a700'];
const COLOR_TOKENS = new Set(['primary', 'secondary', 'alert', 'base']);
const URL_LIKE = /^(https?:\/\/|\/)\S+$/i;

/**
 * Validates a raw ATTACH parameter. Returns the stored `params.ATTACH` list, or `null` when
 * ATTACH is absent or PHP-empty. Throws ATTACH_OVERSIZE / ATTACH_ERROR as the portal does.
 */
export function prepareAttach(raw: unknown, nowSeconds: number): unknown[] | null {
  if (raw === undefined || isEmpty(raw)) return null;
  const parsed = typeof raw === 'string' ? parseJsObject(raw) : raw;
  const attach = isPhpArray(parsed) ? normalise(parsed, nowSeconds) : null;
  if (!attach) throw restError('attachError');
  if (JSON.stringify(attach).length >= ATTACH_MAX_CHARS) throw restError('attachOversize');
  return [attach];
}

const randomColor = (): string => COLORS[Math.floor(Math.random() * COLORS.length)];

// Full form `{BLOCKS, COLOR?, COLOR_TOKEN?, DESCRIPTION?}` or the block list itself.
function normalise(value: object, nowSeconds: number): Record<string, unknown> | null {
  const full = !Array.isArray(value) && 'BLOCKS' in value;
  const options = full ? (value as Record<string, unknown>) : {};
  const rawBlocks = full ? options.BLOCKS : value;
  if (!isPhpArray(rawBlocks)) return null;
  const blocks = phpValues(rawBlocks).map(normaliseBlock).filter((b): b is Record<string, unknown> => b !== null);
  if (blocks.length === 0) return null;
  const color = typeof options.COLOR === 'string' && /^#[0-9a-f]{6}$/i.test(options.COLOR) ? options.COLOR : randomColor();
  const token = typeof options.COLOR_TOKEN === 'string' && COLOR_TOKENS.has(options.COLOR_TOKEN) ? options.COLOR_TOKEN : 'base';
  const description = typeof options.DESCRIPTION === 'string' ? options.DESCRIPTION.replace(/[\r\n]+/g, ' ').trim() : '';
  return { ID: Math.floor(nowSeconds), BLOCKS: blocks, DESCRIPTION: description, COLOR: color, COLOR_TOKEN: token };
}

// One block has exactly one known upper-case key; blocks that fail their rule are dropped.
function normaliseBlock(block: unknown): Record<string, unknown> | null {
  if (!isPhpArray(block) || Array.isArray(block)) return null;
  const b = block as Record<string, unknown>;
  if (typeof b.MESSAGE === 'string' && b.MESSAGE.trim() !== '') return { MESSAGE: b.MESSAGE };
  if (b.DELIMITER !== undefined) return { DELIMITER: isPhpArray(b.DELIMITER) ? b.DELIMITER : [] };
  for (const key of ['LINK', 'RICH_LINK', 'IMAGE', 'FILE'] as const) {
    const item = b[key];
    if (item === undefined) continue;
    const items = isPhpArray(item) && !('LINK' in (item as object)) ? phpValues(item) : [item];
    const valid = items.filter((i) => isPhpArray(i) && typeof (i as Record<string, unknown>).LINK === 'string' && URL_LIKE.test((i as Record<string, string>).LINK));
    return valid.length ? { [key]: key === 'LINK' || key === 'RICH_LINK' ? valid[0] : valid } : null;
  }
  if (isPhpArray(b.USER)) {
    const user = b.USER as Record<string, unknown>;
    return user.NAME || user.USER_ID ? { USER: user } : null;
  }
  if (isPhpArray(b.GRID)) {
    const rows = phpValues(b.GRID).filter((r) => isPhpArray(r) && ('NAME' in (r as object) || 'VALUE' in (r as object)));
    return rows.length ? { GRID: rows } : null;
  }
  return null;
}
