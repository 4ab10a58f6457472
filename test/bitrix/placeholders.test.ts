// Which parameters hold a batch placeholder the portal would substitute (spec C.3).
import { describe, expect, it } from 'vitest';
import { holdsBatchPlaceholder } from '../../src/bitrix/placeholders.js';

describe('batch placeholders', () => {
  it.each([
    ...['result', 'next', 'total', 'time', 'error'].flatMap((name) => [
      [`$${name}[0]`, true],
      [`order $${name}[a][b] shipped`, true],
      [`$${name.toUpperCase()}[0]`, true],
      [`$${name[0].toUpperCase()}${name.slice(1)}[x]`, true],
    ]),
    ['$result', false],
    ['$results[0]', false],
    ['result[0]', false],
    ['$ result[0]', false],
    ['price: $5 [each]', false],
    ['plain text', false],
  ] as Array<[string, boolean]>)('%s in a value: %s', (text, expected) => {
    expect(holdsBatchPlaceholder({ MESSAGE: text })).toBe(expected);
  });

  it('finds one at any depth of ATTACH, in values and in keys', () => {
    expect(holdsBatchPlaceholder({ ATTACH: { BLOCKS: [{ MESSAGE: 'ok' }, { LINK: { NAME: 'see $time[0][duration]' } }] } })).toBe(true);
    expect(holdsBatchPlaceholder({ ATTACH: { BLOCKS: [{ 'x$error[0]': 'key' }] } })).toBe(true);
    expect(holdsBatchPlaceholder({ ATTACH: { BLOCKS: [{ MESSAGE: 'ok', USER: { NAME: 'Anna' } }] } })).toBe(false);
  });

  it('walks deep and self-referring values without overflowing the stack', () => {
    let deep: unknown = '$next[0]';
    for (let i = 0; i < 100_000; i++) deep = { A: deep };
    expect(holdsBatchPlaceholder({ ATTACH: deep })).toBe(true);
    const loop: Record<string, unknown> = { MESSAGE: 'ok' };
    loop.self = loop;
    expect(holdsBatchPlaceholder(loop)).toBe(false);
  });
});
