// ATTACH validation and storage (spec D.0.4).
import { restError } from './errors.js';
import { decodeJson, isEmpty, isPhpArray, phpValues } from './php.js';

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

/**
 * Reads a JSON string, or the JavaScript object notation the portal also accepts for ATTACH:
 * unquoted keys, single-quoted strings, trailing commas. Returns null when it cannot.
 */
export function parseJsObject(text: string): unknown {
  try {
    return decodeJson(text);
  } catch {
    try {
      const reader = new JsReader(text);
      const value = reader.value();
      return reader.atEnd() ? value : null;
    } catch {
      return null;
    }
  }
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

// A small recursive-descent reader for JavaScript literals; throws on anything else.
class JsReader {
  private at = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    this.space();
    return this.at === this.text.length;
  }

  value(): unknown {
    this.space();
    const ch = this.text[this.at];
    if (ch === '{') return this.object();
    if (ch === '[') return this.list();
    if (ch === '"' || ch === "'") return this.string();
    const word = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.at))?.[0];
    if (!word) throw new SyntaxError(`unexpected ${ch} at ${this.at}`);
    this.at += word.length;
    return word === 'true' ? true : word === 'false' ? false : word === 'null' ? null : Number(word);
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.at++;
    while (!this.eat('}')) {
      this.space();
      const ch = this.text[this.at];
      const key = ch === '"' || ch === "'" ? this.string() : this.identifier();
      if (!this.eat(':')) throw new SyntaxError(`expected : at ${this.at}`);
      out[key] = this.value();
      if (!this.eat(',') && !this.peek('}')) throw new SyntaxError(`expected , or } at ${this.at}`);
    }
    return out;
  }

  private list(): unknown[] {
    const out: unknown[] = [];
    this.at++;
    while (!this.eat(']')) {
      out.push(this.value());
      if (!this.eat(',') && !this.peek(']')) throw new SyntaxError(`expected , or ] at ${this.at}`);
    }
    return out;
  }

  private string(): string {
    const quote = this.text[this.at++];
    let out = '';
    while (this.at < this.text.length && this.text[this.at] !== quote) {
      const ch = this.text[this.at++];
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const esc = this.text[this.at++];
      if (esc === 'u') {
        out += String.fromCharCode(Number.parseInt(this.text.slice(this.at, this.at + 4), 16));
        this.at += 4;
      } else out += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[esc] ?? esc;
    }
    if (this.text[this.at++] !== quote) throw new SyntaxError('unterminated string');
    return out;
  }

  private identifier(): string {
    const id = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.at))?.[0];
    if (!id) throw new SyntaxError(`expected a key at ${this.at}`);
    this.at += id.length;
    return id;
  }

  private eat(ch: string): boolean {
    this.space();
    if (this.text[this.at] !== ch) return false;
    this.at++;
    return true;
  }

  private peek(ch: string): boolean {
    this.space();
    return this.text[this.at] === ch;
  }

  private space(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at++;
  }
}
