// The retry policy as a table: what happens after each kind of failure, for reads and writes.
import { describe, expect, it } from 'vitest';
import { Bitrix24AuthError, Bitrix24Error, TransportError, UnknownOutcomeError, neverRan, type TransportFailure } from '../../src/bitrix/errors.js';
import { decide, finalError } from '../../src/bitrix/retry-policy.js';

const settings = { maxRetries: 3, retryBaseMs: 200, maxRateLimitRetries: 10 };
const fresh = { attempt: 0, rateLimited: 0, authRetried: false };
const portal = (code: string, status: number) => new Bitrix24Error(code, 'described', status, 'm');
const transport = (kind: TransportFailure) => new TransportError(kind, 'm', `m: ${kind}`);
const READ = 'im.notify.get';
const WRITE = 'im.notify.system.add';

/** What the policy does, in one word: retry, recover, pause, or the name of the error it fails with. */
function action(method: string, error: Error, tried = fresh): string {
  const decision = decide(method, error, tried, settings, () => 0.5);
  return decision.action === 'fail' ? `fail ${decision.error.name}` : decision.action;
}

describe('the retry policy', () => {
  it.each([
    // what failed                              read                         write
    ['503 QUERY_LIMIT_EXCEEDED', portal('QUERY_LIMIT_EXCEEDED', 503), 'retry', 'retry'],
    ['429 OPERATION_TIME_LIMIT', portal('OPERATION_TIME_LIMIT', 429), 'pause', 'pause'],
    ['expired_token', new Bitrix24AuthError('expired_token', '', 401, 'm'), 'recover', 'recover'],
    ['500 INTERNAL_SERVER_ERROR', portal('INTERNAL_SERVER_ERROR', 500), 'retry', 'fail UnknownOutcomeError'],
    ['502 from the portal', portal('INTERNAL_SERVER_ERROR', 502), 'retry', 'fail UnknownOutcomeError'],
    ['503 OVERLOAD_LIMIT', portal('OVERLOAD_LIMIT', 503), 'retry', 'fail UnknownOutcomeError'],
    ['400 USER_ID_EMPTY', portal('USER_ID_EMPTY', 400), 'fail Bitrix24Error', 'fail Bitrix24Error'],
    ['a batch command error (200)', portal('ID_ERROR', 200), 'fail Bitrix24Error', 'fail Bitrix24Error'],
    ['connection refused', transport('refused'), 'retry', 'retry'],
    ['timeout', transport('timeout'), 'retry', 'fail UnknownOutcomeError'],
    ['connection reset', transport('reset'), 'retry', 'fail UnknownOutcomeError'],
    ['network error', transport('network'), 'retry', 'fail UnknownOutcomeError'],
    ['a body that is not an envelope', transport('bad-response'), 'retry', 'fail UnknownOutcomeError'],
    ['a redirect', transport('redirect'), 'fail TransportError', 'fail TransportError'],
    ['withdrawn before sending', transport('withdrawn'), 'fail TransportError', 'fail TransportError'],
    ['cancelled in flight', transport('cancelled'), 'fail TransportError', 'fail UnknownOutcomeError'],
    ['a fault of the client itself', new TypeError('bug'), 'fail TypeError', 'fail TypeError'],
  ])('after %s: a read does %s, a write %s', (_what, error, read, write) => {
    expect(action(READ, error)).toBe(read);
    expect(action(WRITE, error)).toBe(write);
  });

  it('stops retrying a read after maxRetries and fails with what the portal said', () => {
    const error = portal('INTERNAL_SERVER_ERROR', 500);
    expect(action(READ, error, { ...fresh, attempt: 2 })).toBe('retry');
    expect(action(READ, error, { ...fresh, attempt: 3 })).toBe('fail Bitrix24Error');
    expect(action(WRITE, transport('refused'), { ...fresh, attempt: 3 })).toBe('fail TransportError');
  });

  it('retries a rate-limited call at once, up to maxRateLimitRetries, and says it was rate-limited', () => {
    const error = portal('QUERY_LIMIT_EXCEEDED', 503);
    expect(decide(WRITE, error, fresh, settings)).toEqual({ action: 'retry', delayMs: 0, rateLimited: true });
    expect(action(WRITE, error, { ...fresh, rateLimited: 10 })).toBe('fail Bitrix24Error');
  });

  it('recovers from an auth error once, then fails with it', () => {
    expect(action(READ, new Bitrix24AuthError('expired_token', '', 401, 'm'), { ...fresh, authRetried: true })).toBe('fail Bitrix24AuthError');
  });

  it.each([
    [0, 0, 0],
    [1, 0.5, 200],
    [3, 1, 1600],
    [9, 1, 5000],
  ])('waits a full-jitter backoff: attempt %d with random %d waits %d ms', (attempt, random, delayMs) => {
    const patient = { ...settings, maxRetries: 20 };
    expect(decide(READ, transport('timeout'), { ...fresh, attempt }, patient, () => random)).toEqual({ action: 'retry', delayMs, rateLimited: false });
  });
});

describe('the outcome of a failed write', () => {
  it('keeps what the portal said when it answered a write with a 5xx', () => {
    const error = finalError(WRITE, new Bitrix24Error('INTERNAL_SERVER_ERROR', 'Internal server error', 500, WRITE)) as UnknownOutcomeError;
    expect(error).toBeInstanceOf(UnknownOutcomeError);
    expect(error).toMatchObject({ kind: 'server-error', status: 500, portal: { error: 'INTERNAL_SERVER_ERROR', description: 'Internal server error', status: 500 } });
  });

  it.each([
    ['refused at connect', transport('refused'), true],
    ['withdrawn before sending', transport('withdrawn'), true],
    ['redirected', transport('redirect'), true],
    ['refused by the portal with 400', portal('USER_ID_EMPTY', 400), true],
    ['rate-limited with 503', portal('QUERY_LIMIT_EXCEEDED', 503), true],
    ['answered with 500', portal('INTERNAL_SERVER_ERROR', 500), false],
    ['timed out', transport('timeout'), false],
    ['cut', transport('reset'), false],
    ['answered with a non-envelope', transport('bad-response'), false],
    ['of unknown outcome', new UnknownOutcomeError('timeout', WRITE, 'x'), false],
    ['a fault of the client', new Error('bug'), false],
  ])('a call %s never ran: %s', (_what, error, expected) => {
    expect(neverRan(error)).toBe(expected);
  });
});
