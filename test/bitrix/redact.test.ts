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

  it('cleans an error message and stack in place', () => {
    const error = redactError(new Error('call with auth=SECRETTOKEN99 failed'), ['SECRETTOKEN99']);
    expect(error.message).not.toContain('SECRETTOKEN99');
    expect(error.stack).not.toContain('SECRETTOKEN99');
  });
});
