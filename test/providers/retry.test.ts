import { describe, expect, it } from 'vitest';
import { errorForStatus, ProviderError } from '../../src/providers/errors.js';
import { DEFAULT_RETRY_POLICY, retryDelay } from '../../src/providers/http/retry-policy.js';
import type { FailedAttempt } from '../../src/providers/http/retry-policy.js';

const half = () => 0.5;
const attempt = (overrides: Partial<FailedAttempt>): FailedAttempt => ({
  error: errorForStatus('krea', 503, undefined),
  method: 'GET',
  connectionFailure: false,
  attempt: 0,
  remainingMs: 10_000,
  ...overrides,
});

describe('retryDelay', () => {
  it('retries a GET on 429, 502, 503 and 504, not on other statuses', () => {
    for (const status of [429, 502, 503, 504]) {
      expect(
        retryDelay(attempt({ error: errorForStatus('krea', status, undefined) }), DEFAULT_RETRY_POLICY, half),
      ).toBe(75);
    }
    for (const status of [400, 401, 404, 500, 501]) {
      expect(
        retryDelay(attempt({ error: errorForStatus('krea', status, undefined) }), DEFAULT_RETRY_POLICY, half),
      ).toBeUndefined();
    }
  });

  it('never retries a POST; a DELETE only after a connection failure before any response', () => {
    const reset = new ProviderError('krea', 'unavailable', 'reset');
    expect(
      retryDelay(attempt({ method: 'POST', error: reset, connectionFailure: true }), DEFAULT_RETRY_POLICY),
    ).toBeUndefined();
    expect(retryDelay(attempt({ method: 'POST' }), DEFAULT_RETRY_POLICY)).toBeUndefined();
    expect(retryDelay(attempt({ method: 'DELETE' }), DEFAULT_RETRY_POLICY)).toBeUndefined();
    expect(
      retryDelay(attempt({ method: 'DELETE', error: reset, connectionFailure: true }), DEFAULT_RETRY_POLICY, half),
    ).toBe(75);
  });

  it('backs off exponentially with jitter in the upper half, up to the cap', () => {
    const delays = [0, 1, 2, 3].map((n) =>
      retryDelay(attempt({ attempt: n }), { ...DEFAULT_RETRY_POLICY, retries: 9 }, () => 0),
    );
    expect(delays).toEqual([50, 100, 200, 400]);
    const high = [0, 1, 2, 3].map((n) =>
      retryDelay(attempt({ attempt: n }), { ...DEFAULT_RETRY_POLICY, retries: 9 }, () => 0.999_999),
    );
    high.forEach((delay, n) => expect(delay).toBeCloseTo(100 * 2 ** n, 0));
    expect(retryDelay(attempt({ attempt: 8 }), { ...DEFAULT_RETRY_POLICY, retries: 9 }, () => 0.999_999)).toBeCloseTo(
      2000,
      0,
    );
    expect(retryDelay(attempt({ attempt: 3 }), DEFAULT_RETRY_POLICY)).toBeUndefined();
  });

  it('honours Retry-After, and gives up at once when the deadline cannot wait for it', () => {
    const limited = errorForStatus('krea', 429, 2);
    expect(retryDelay(attempt({ error: limited }), DEFAULT_RETRY_POLICY)).toBe(2000);
    expect(retryDelay(attempt({ error: limited, remainingMs: 1500 }), DEFAULT_RETRY_POLICY)).toBeUndefined();
    expect(retryDelay(attempt({ remainingMs: 60 }), DEFAULT_RETRY_POLICY, half)).toBeUndefined();
  });
});
