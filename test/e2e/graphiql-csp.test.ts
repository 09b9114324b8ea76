/**
 * The GraphiQL page's security headers: a Content-Security-Policy that lets
 * exactly its own inline scripts run (by hash, no 'unsafe-inline' scripts),
 * keeps it to this origin, and forbids framing (a page that can run
 * mutations must not be clickjacked). Checked in Chromium by hand: GraphiQL
 * renders and runs the example query under this policy with no violation.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

/** The CSP directives by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('the GraphiQL page', () => {
  it('carries a CSP that allows its inline scripts by hash, this origin only, and no framing', async () => {
    const response = await stack.gateway.fetch('http://gateway/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    const policy = response.headers.get('content-security-policy');
    expect(policy).toBeTruthy();
    const csp = directives(policy!);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);

    const scripts = csp.get('script-src')!;
    expect(scripts).toContain("'self'");
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
    expect(inline).toHaveLength(2);
    const hashes = inline.map((script) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(scripts.filter((source) => source.startsWith("'sha256-")).sort()).toEqual(hashes.sort());
    // The external script is same-origin, so 'self' covers it.
    expect(html).toMatch(/<script src="\/graphiql\/[^"]+\.js"><\/script>/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');

    // A revalidation keeps the policy.
    const again = await stack.gateway.fetch('http://gateway/graphql', {
      headers: { accept: 'text/html', 'if-none-match': response.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get('content-security-policy')).toBe(policy);
  });
});
