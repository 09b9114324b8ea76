/**
 * The gallery's sign-in as the gateway serves it (SANDBOX_AUTH), without a
 * browser: /gallery/sign-in.json and the page's security policy, with the
 * option and without it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, startSandboxIdentity } from '../../src/sandbox/identity.js';
import type { SandboxIdentity } from '../../src/sandbox/identity.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const dir = mkdtempSync(join(tmpdir(), 'mediagraph-gallery-sign-in-'));
const built = join(dir, 'dist');
const notBuilt = join(dir, 'nothing-here');
const PAGE =
  '<!doctype html><html><head><title>g</title></head><body><script src="/gallery/assets/a.js"></script></body></html>';

let identity: SandboxIdentity;
let plain: Stack;
let signingIn: Stack;
let signingInUnbuilt: Stack;

beforeAll(async () => {
  mkdirSync(join(built, 'assets'), { recursive: true });
  writeFileSync(join(built, 'index.html'), PAGE);
  writeFileSync(join(built, 'assets/a.js'), 'console.log(1);');
  identity = await startSandboxIdentity();
  const tokens = { jwksUrl: identity.jwksUrl, issuer: identity.issuer, audience: identity.audience };
  const signIn = { usersUrl: identity.usersUrl, tokenUrl: identity.tokenUrl };
  plain = await startStack({ sandbox: { kreaAssets: 1, argilAssets: 1 }, gateway: { galleryDir: built } });
  signingIn = await startStack({
    sandbox: { kreaAssets: 1, argilAssets: 1 },
    gateway: { galleryDir: built, tokens, gallerySignIn: signIn },
  });
  signingInUnbuilt = await startStack({
    sandbox: { kreaAssets: 1, argilAssets: 1 },
    gateway: { galleryDir: notBuilt, tokens, gallerySignIn: signIn },
  });
});
afterAll(async () => {
  await Promise.all([plain?.close(), signingIn?.close(), signingInUnbuilt?.close()]);
  await identity?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (stack: Stack, path: string) =>
  stack.gateway.fetch(`http://gateway${path}`, { headers: { accept: 'text/html, application/json' } });

/** The policy's directives by name. */
function policy(response: Response): Map<string, string> {
  const header = response.headers.get('content-security-policy') ?? '';
  return new Map(
    header.split(/\s*;\s*/).map((directive) => {
      const [name, ...values] = directive.split(/\s+/);
      return [name!, values.join(' ')];
    }),
  );
}

describe('the gallery with sign-in (SANDBOX_AUTH)', () => {
  it('serves where to sign in only with the option, and those URLs list the demo users', async () => {
    expect((await get(plain, '/gallery/sign-in.json')).status).toBe(404);
    const file = await get(signingIn, '/gallery/sign-in.json');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/json');
    expect(file.headers.get('cache-control')).toBe('no-cache');
    const signIn = (await file.json()) as { usersUrl: string; tokenUrl: string };
    expect(signIn).toEqual({ usersUrl: identity.usersUrl, tokenUrl: identity.tokenUrl });
    const users = (await (await fetch(signIn.usersUrl)).json()) as { users: unknown };
    expect(users.users).toEqual(DEMO_USERS);
    // Before the app is built too: a client may sign in without it.
    expect((await get(signingInUnbuilt, '/gallery/sign-in.json')).status).toBe(200);
  });

  it('names sign-in.json in the page, and lets the page reach the identity provider’s origin and nothing more', async () => {
    const page = await get(signingIn, '/gallery/');
    const html = await page.text();
    expect(html).toContain('<meta name="mediagraph-sign-in" content="sign-in.json" /></head>');
    expect(html.replace('<meta name="mediagraph-sign-in" content="sign-in.json" />', '')).toBe(PAGE);
    const identityOrigin = new URL(identity.tokenUrl).origin;
    const withSignIn = policy(page);
    expect(withSignIn.get('connect-src')).toBe(`'self' ${identityOrigin}`);
    // Without the option, the page is as built and talks to its own origin only.
    const plainPage = await get(plain, '/gallery/');
    expect(await plainPage.clone().text()).toBe(PAGE);
    const normal = policy(plainPage);
    expect(normal.get('connect-src')).toBe("'self'");
    // Every other directive is the normal mode's, unchanged.
    withSignIn.delete('connect-src');
    normal.delete('connect-src');
    expect(withSignIn).toEqual(normal);
    expect(normal.get('script-src')).toBe("'self'");
  });

  it('answers only GET and HEAD for sign-in.json', async () => {
    const post = await signingIn.gateway.fetch('http://gateway/gallery/sign-in.json', { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    const head = await signingIn.gateway.fetch('http://gateway/gallery/sign-in.json', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
