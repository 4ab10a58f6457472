// PHP semantics the portal inherits from its runtime: form parsing, casts and truthiness.
// Parameters from forms and query strings are nested plain objects whose keys are strings;
// a PHP "array" is either a JS array (from JSON) or a plain object.

export type PhpValue = unknown;
export type PhpArray = Record<string, unknown> | unknown[];

/** PHP `is_array`: JSON arrays and objects both decode to PHP arrays. */
export function isPhpArray(value: unknown): value is PhpArray {
  return value !== null && typeof value === 'object' && !(value instanceof Map);
}

/** PHP `empty()`: `""`, `"0"`, `0`, `0.0`, `null`, `false` and empty arrays. */
export function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return true;
  if (value === '' || value === '0') return true;
  if (typeof value === 'number') return value === 0;
  if (isPhpArray(value)) return Object.keys(value).length === 0;
  return false;
}

/** PHP truthiness, the inverse of `empty()`. */
export const isTruthy = (value: unknown): boolean => !isEmpty(value);

const NUMERIC = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/;
const LEADING_INT = /^[ \t\n\r\v\f]*([+-]?\d+)/;

/** PHP `intval` / `(int)` cast. */
export function intval(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    if (NUMERIC.test(value)) return Math.trunc(Number(value.trim()));
    const lead = LEADING_INT.exec(value);
    return lead ? Number.parseInt(lead[1], 10) : 0;
  }
  if (isPhpArray(value)) return Object.keys(value).length > 0 ? 1 : 0;
  return 0;
}

/** PHP 8 `==` between scalars: two numeric strings compare as numbers ("01" == "1"). */
export function looseEquals(a: unknown, b: unknown): boolean {
  const [x, y] = [phpString(a), phpString(b)];
  if (NUMERIC.test(x) && NUMERIC.test(y)) return Number(x.trim()) === Number(y.trim());
  return x === y;
}

/** PHP `(string)` cast of a scalar; arrays become "Array" as in PHP. */
export function phpString(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value === true) return '1';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  return 'Array';
}

/** PHP `trim` with its default character set. */
export const phpTrim = (text: string): string => text.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '');

/** Values of a PHP array in iteration order. */
export const phpValues = (array: PhpArray): unknown[] => (Array.isArray(array) ? array : Object.values(array));

/** Entries of a PHP array; JS arrays give their indexes as numbers. */
export function phpEntries(array: PhpArray): Array<[string | number, unknown]> {
  return Array.isArray(array) ? array.map((v, i) => [i, v]) : Object.entries(array);
}

/**
 * Upper-cases top-level keys as `array_change_key_case(..., CASE_UPPER)` does:
 * when two keys collide, the later one wins.
 */
export function upperKeys(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) out[key.toUpperCase()] = value;
  return out;
}

/**
 * Percent-decoding as PHP's `urldecode`: `+` is a space, and a malformed escape stays literal
 * instead of failing the whole string.
 */
export function urldecode(text: string): string {
  const plus = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus.replace(/(%[0-9a-fA-F]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** PHP's `max_input_nesting_level`: deeper form variables are dropped. */
export const MAX_INPUT_NESTING = 64;
/** PHP `json_decode`'s default depth: a deeper document does not decode. */
export const MAX_JSON_DEPTH = 512;

/**
 * PHP `parse_str`: `a[]=1&a[]=2`, `a[0]=1`, `a[k][j]=v`; dots and spaces in the top-level
 * name become `_`; later duplicates of a scalar key win; variables nested deeper than
 * `max_input_nesting_level` are dropped.
 */
export function parseQuery(query: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = urldecode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : urldecode(pair.slice(eq + 1));
    const path = splitKey(rawKey);
    if (path.length - 1 > MAX_INPUT_NESTING) continue;
    assignPath(root, path, value);
  }
  return root;
}

// "a.b[x][]" -> ["a_b", "x", ""]; an unclosed bracket makes the rest part of the name.
function splitKey(rawKey: string): string[] {
  const key = rawKey.replace(/^ +/, '');
  const open = key.indexOf('[');
  if (open <= 0 || key.indexOf(']', open) === -1) {
    return [key.replace(/[. []/g, '_')].filter((k) => k !== '');
  }
  const path = [key.slice(0, open).replace(/[. ]/g, '_')];
  const segment = /\[([^\]]*)\]/y;
  segment.lastIndex = open;
  let match: RegExpExecArray | null;
  while ((match = segment.exec(key))) path.push(match[1]);
  return path;
}

function assignPath(root: Record<string, unknown>, path: string[], value: string): void {
  if (path.length === 0) return;
  let node = root;
  for (let i = 0; i < path.length; i++) {
    const last = i === path.length - 1;
    const key = path[i] === '' && i > 0 ? String(nextIndex(node)) : path[i];
    if (last) {
      node[key] = value;
      return;
    }
    const child = node[key];
    if (!isPhpArray(child) || Array.isArray(child)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
}

// PHP appends at one past the largest integer key.
function nextIndex(node: Record<string, unknown>): number {
  let max = -1;
  for (const key of Object.keys(node)) if (/^(0|[1-9]\d*)$/.test(key)) max = Math.max(max, Number(key));
  return max + 1;
}

/** JSON.parse that fails, as PHP's `json_decode` does, on documents nested deeper than 512. */
export function decodeJson(text: string): unknown {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      if (++depth > MAX_JSON_DEPTH) throw new SyntaxError(`JSON nested deeper than ${MAX_JSON_DEPTH}`);
    } else if (ch === ']' || ch === '}') depth--;
  }
  return JSON.parse(text);
}
