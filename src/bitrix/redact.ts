// Secrets never leave the client in a message: not raw, not percent-encoded, not in base64.

const MASK = '***';
// Credentials that appear by name in URLs, form strings and JSON bodies.
const NAMED = /((?:^|[?&"'\s,{])(?:auth|access_token|refresh_token|client_secret|sessid)(?:"\s*:\s*"|=))([^&"'\s,}]+)/gi;
const WEBHOOK_PATH = /(\/rest\/[^/\s]+\/)([^/\s]+)(?=\/)/g;
/** Shorter strings would mask ordinary words; real secrets are long. */
const MIN_SECRET = 6;
/** A base64 run this short could be part of any encoded text. */
const MIN_ENCODED = 8;

/** Replaces every known secret, in each form it may take in text, and anything shaped like a credential, with `***`. */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET) continue;
    for (const form of secretForms(secret)) out = out.split(form).join(MASK);
  }
  return out.replace(WEBHOOK_PATH, `$1${MASK}`).replace(NAMED, `$1${MASK}`);
}

/**
 * `error` when nothing in it needs masking, otherwise a new error with the masked message and
 * stack. It never writes to the error it was given: errors made elsewhere may have read-only
 * messages (a DOMException's is a getter), and their owner may still hold them.
 */
export function redactError(error: unknown, secrets: Iterable<string>): Error {
  const list = [...secrets];
  if (!(error instanceof Error)) return new RedactedError('Error', redact(String(error), list), undefined);
  const message = redact(error.message, list);
  const stack = error.stack === undefined ? undefined : redact(error.stack, list);
  if (message === error.message && stack === error.stack) return error;
  return new RedactedError(error.name, message, stack);
}

/** Stands in for an error whose text held a secret; keeps its name, drops its cause. */
export class RedactedError extends Error {
  constructor(name: string, message: string, stack: string | undefined) {
    super(message);
    this.name = name;
    if (stack !== undefined) this.stack = stack;
  }
}

// The secret as text may carry it: raw, percent-encoded, and base64 or base64url at each of
// the three byte alignments it can have inside a longer encoded string.
function secretForms(secret: string): Set<string> {
  const forms = new Set([secret, encodeURIComponent(secret)]);
  const bytes = Buffer.from(secret, 'utf8');
  for (let offset = 0; offset < 3; offset++) {
    const encoded = alignedBase64(bytes, offset);
    if (encoded.length < MIN_ENCODED) continue;
    forms.add(encoded);
    forms.add(encoded.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

// The base64 characters that depend on the secret's bytes alone when `offset` bytes of other
// data come before it: drop the characters shared with the bytes before and after.
function alignedBase64(bytes: Buffer, offset: number): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
  const start = Math.ceil((offset * 8) / 6);
  const end = Math.floor(((offset + bytes.length) * 8) / 6);
  return encoded.slice(start, end);
}
