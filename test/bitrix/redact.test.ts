// Secrets never leave the client in a message: known ones, and anything shaped like a credential.
import { describe, expect, it } from 'vitest';
import { batchCommand } from '../../src/bitrix/form.js';
import { redact, redactError } from '../../src/bitrix/redact.js';

describe('redact', () => {
  it('masks the secret of a webhook URL', () => {
    expect(redact('POST https://acme.bitrix24.com/rest/7/k3y9secretcode/im.notify.get.json failed')).toBe(
      'POST https://acme.bitrix24.com/rest/7/***/im.notify.get.json failed',
    );
  });

  it('masks credentials by name in query strings, form strings and JSON', () => {
    const text = 'a?auth=tok123456&x=1 access_token=abcdef123 {"refresh_token":"rrr999888","client_secret":"sss111222"} sessid=zzz000111';
    const out = redact(text);
    for (const secret of ['tok123456', 'abcdef123', 'rrr999888', 'sss111222', 'zzz000111']) expect(out).not.toContain(secret);
    expect(out).toContain('x=1');
  });

  it('masks a known secret inside a batch command string, raw or percent-encoded', () => {
    const secret = 'p@ss/word#1';
    const command = batchCommand('im.notify.system.add', { USER_ID: 5, MESSAGE: `token is ${secret}`, TAG: secret });
    expect(command).toContain(encodeURIComponent(secret));
    const out = redact(`failed: ${command} and ${secret}`, [secret]);
    expect(out).not.toContain(secret);
    expect(out).not.toContain(encodeURIComponent(secret));
  });

  it('leaves short strings alone, so ordinary words are not masked', () => {
    expect(redact('the user id is 12345', ['12345'])).toBe('the user id is 12345');
  });

  it('gives a cleaned copy of an error that held a secret, and leaves the original as it was', () => {
    const original = new Error('call with auth=SECRETTOKEN99 failed');
    const error = redactError(original, ['SECRETTOKEN99']);
    expect(error.message).not.toContain('SECRETTOKEN99');
    expect(error.stack).not.toContain('SECRETTOKEN99');
    expect(original.message).toContain('SECRETTOKEN99');
  });

  it('hands back an error without secrets unchanged, a read-only DOMException among them', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(redactError(timeout, ['SECRETTOKEN99'])).toBe(timeout);
  });

  it('masks a DOMException holding a secret without writing to it (its message is a getter)', () => {
    const original = new DOMException('token SECRETTOKEN99 refused', 'NotAllowedError');
    const error = redactError(original, ['SECRETTOKEN99']);
    expect(error).toMatchObject({ name: 'NotAllowedError', message: 'token *** refused' });
    expect(original.message).toBe('token SECRETTOKEN99 refused');
  });
});

describe('redact, base64', () => {
  const secret = 'k3y9secretcode-Ab?>';
  const base64 = (text: string) => Buffer.from(text).toString('base64');
  const base64url = (text: string) => Buffer.from(text).toString('base64url');

  it.each([
    ['the secret alone, base64', base64(secret)],
    ['the secret alone, base64url', base64url(secret)],
    ...[0, 1, 2, 3, 4, 5].map((n) => [`inside ${n} bytes of other text, base64`, base64(`${'x'.repeat(n)}${secret}!tail`)] as [string, string]),
    ...[0, 1, 2].map((n) => [`inside ${n} bytes of other text, base64url`, base64url(`${'y'.repeat(n)}auth=${secret}&x=1`)] as [string, string]),
  ])('masks %s', (_form, encoded) => {
    const out = redact(`header: ${encoded}`, [secret]);
    expect(out).toContain('***');
    // What is left of the encoded text cannot spell the secret's bytes any more.
    const leftover = out.replace('header: ', '').split('***');
    for (const part of leftover) expect(Buffer.from(part, 'base64').toString('latin1')).not.toContain(secret.slice(2, -2));
  });

  it('leaves base64 that holds no secret alone', () => {
    const text = base64('an ordinary attachment, nothing secret in it');
    expect(redact(text, [secret])).toBe(text);
  });
});
