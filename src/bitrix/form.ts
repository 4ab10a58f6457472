// PHP form encoding, the format of batch commands: `IDS[0]=1&ATTACH[BLOCKS][0][MESSAGE]=x`.
// The portal reads commands with parse_str, so this mirrors PHP's http_build_query.

/**
 * Encodes parameters as a PHP query string. Nested arrays and objects become bracketed keys,
 * booleans 1/0, null and undefined are left out (as http_build_query does), and every
 * reserved character is percent-encoded, so `#` cannot cut the command short.
 */
export function encodeForm(params: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) appendPair(parts, encode(key), value);
  return parts.join('&');
}

/** A batch command string: `method?query`. */
export const batchCommand = (method: string, params: Record<string, unknown>): string => {
  const query = encodeForm(params);
  return query ? `${method}?${query}` : method;
};

// encodeURIComponent throws on a lone surrogate; the portal would store U+FFFD for it anyway
// (its encoder substitutes invalid UTF-8).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const encode = (text: string): string => encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD'));

function appendPair(parts: string[], key: string, value: unknown): void {
  if (value === null || value === undefined) return;
  if (value instanceof Date) return void parts.push(`${key}=${encode(value.toISOString())}`);
  if (typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    for (const [k, v] of entries) appendPair(parts, `${key}%5B${encode(k)}%5D`, v);
    return;
  }
  const scalar = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
  parts.push(`${key}=${encode(scalar)}`);
}
