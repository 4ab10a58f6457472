// JSON, or the JavaScript object notation the portal's decoder also takes (ATTACH strings).
import { decodeJson } from './php.js';

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
