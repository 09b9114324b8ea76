/**
 * OPTIONS with CORS_ORIGINS unset: answered as a same-origin server should
 * (204 to a plain OPTIONS; a CORS preflight refused with a 403 naming
 * CORS_ORIGINS, never with CORS headers), where it used to get a 403 about a
 * missing CSRF header. With CORS_ORIGINS set, yoga's CORS answers as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const ORIGIN = 'https://app.example.com';
const PREFLIGHT = {
  origin: ORIGIN,
  'access-control-request-method': 'POST',
  'access-control-request-headers': 'content-type',
};

const corsHeaders = (response: Response) =>
  [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));

describe('OPTIONS with CORS_ORIGINS unset', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('answers a plain OPTIONS 204 with the methods, and no CORS headers', async () => {
    const response = await stack.gateway.fetch('http://gateway/graphql', { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(response.headers.get('allow')).toBe('GET, POST, OPTIONS');
    expect(corsHeaders(response)).toEqual([]);
    expect(await response.text()).toBe('');
  });

  it('refuses a CORS preflight with a 403 that names CORS_ORIGINS, and neither CORS headers nor the origin', async () => {
    const response = await stack.gateway.fetch('http://gateway/graphql', { method: 'OPTIONS', headers: PREFLIGHT });
    expect(response.status).toBe(403);
    expect(corsHeaders(response)).toEqual([]);
    const text = await response.text();
    expect(text).not.toContain('example.com');
    const body = JSON.parse(text) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0]!.message).toContain('CORS_ORIGINS');
    expect(body.errors[0]!.message).not.toMatch(/CSRF|preflight header/i);
  });
});

describe('OPTIONS with CORS_ORIGINS set', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ gateway: { corsOrigins: [ORIGIN] } });
  });
  afterAll(() => stack.close());

  it('is yoga’s CORS preflight, allowing the listed origin', async () => {
    const response = await stack.gateway.fetch('http://gateway/graphql', { method: 'OPTIONS', headers: PREFLIGHT });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });
});
