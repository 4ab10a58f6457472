// Response serialisation with the byte-level habits of the portal's PHP encoder.
// A PHP array becomes a JSON list only when its keys are exactly 0..n-1 in order; an empty
// array is `[]` (never `{}`). Maps keep insertion order, which batch result maps rely on.

/** Encodes like PHP `json_encode` with HEX_TAG|HEX_AMP|HEX_APOS|HEX_QUOT|UNESCAPED_UNICODE. */
export function encodeJson(value: unknown): string {
  return encode(value);
}

/** Encodes the same structure as the portal's XML transport (`<response>` with `<item>` lists). */
export function encodeXml(value: unknown): string {
  return `<response>${xml(value)}</response>`;
}

/** Whether a set of keys, in order, makes a PHP list. */
export function isListKeys(keys: Array<string | number>): boolean {
  return keys.every((k, i) => String(k) === String(i));
}

function encode(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  if (typeof value === 'string') return encodeString(value);
  const entries = entriesOf(value);
  if (isListKeys(entries.map(([k]) => k))) return `[${entries.map(([, v]) => encode(v)).join(',')}]`;
  return `{${entries.map(([k, v]) => `${encodeString(String(k))}:${encode(v)}`).join(',')}}`;
}

function entriesOf(value: object): Array<[string | number, unknown]> {
  if (value instanceof Map) return [...value.entries()];
  if (Array.isArray(value)) return value.map((v, i) => [i, v]);
  return Object.entries(value);
}

const ESCAPES: Record<string, string> = {
  '"': '\\u0022',
  '\\': '\\\\',
  '/': '\\/',
  '<': '\\u003C',
  '>': '\\u003E',
  '&': '\\u0026',
  "'": '\\u0027',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

function encodeString(text: string): string {
  return `"${text.replace(/["\\/<>&'\u0000-\u001f\u2028\u2029]/g, (ch) => ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

function xml(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value !== 'object') return escapeXml(String(value));
  const entries = entriesOf(value);
  const list = isListKeys(entries.map(([k]) => k));
  return entries.map(([k, v]) => {
    const tag = list ? 'item' : String(k).replace(/[^A-Za-z0-9_.-]/g, '_');
    return `<${tag}>${xml(v)}</${tag}>`;
  }).join('');
}

const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!);
