// Secrets (webhook codes, tokens, client secrets) never leave the client in a message.

const MASK = '***';
// Credentials that appear by name in URLs, form strings and JSON bodies.
const NAMED = /((?:^|[?&"'\s,{])(?:auth|access_token|refresh_token|client_secret|sessid)(?:"\s*:\s*"|=))([^&"'\s,}]+)/gi;
const WEBHOOK_PATH = /(\/rest\/[^/\s]+\/)([^/\s]+)(?=\/)/g;

/** Replaces every known secret, and anything shaped like a credential, with `***`. */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) {
    // Short strings would mask ordinary words; real secrets are long.
    if (secret.length < 6) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join(MASK);
  }
  return out.replace(WEBHOOK_PATH, `$1${MASK}`).replace(NAMED, `$1${MASK}`);
}

/** Applies `redact` to an error's message and stack in place, and returns it. */
export function redactError<E extends Error>(error: E, secrets: Iterable<string>): E {
  const list = [...secrets];
  error.message = redact(error.message, list);
  if (error.stack) error.stack = redact(error.stack, list);
  return error;
}
