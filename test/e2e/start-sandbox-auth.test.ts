/**
 * `npm start` with SANDBOX_AUTH=1, as a person trying sign-in runs it: the
 * built gateway in a child process prints where demo tokens come from, asks
 * every request for one, counts the creator's credits (20 a day), and tells
 * its gallery how to sign in. (Without SANDBOX_AUTH nothing asks for a
 * token: start.test.ts.)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildGateway, startGateway } from '../helpers/gateway-process.js';
import type { GatewayProcess } from '../helpers/gateway-process.js';

// A build and a child process: on a busy 2-core machine each may take many seconds.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 180_000 });

const galleryDir = mkdtempSync(join(tmpdir(), 'mediagraph-start-sandbox-auth-'));
let gateway: GatewayProcess;
let base: string;

beforeAll(async () => {
  mkdirSync(galleryDir, { recursive: true });
  writeFileSync(join(galleryDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
  const entry = buildGateway('e2e-start-sandbox-auth');
  gateway = startGateway(entry, {
    PORT: '0',
    SANDBOX_AUTH: '1',
    SHUTDOWN_GRACE_MS: '0',
    LOG_LEVEL: 'silent',
    GALLERY_DIR: galleryDir,
  });
  base = await gateway.listening;
});
afterAll(async () => {
  if (gateway?.child.exitCode === null) {
    gateway.child.kill('SIGTERM');
    await gateway.exited;
  }
  rmSync(galleryDir, { recursive: true, force: true });
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('npm start with SANDBOX_AUTH=1', () => {
  it('prints where demo tokens come from, a creator token generates once (19 of 20 credits left), and the gallery is told how to sign in', async () => {
    const tokenUrl = /sandbox sign-in: demo tokens from POST (\S+)/.exec(gateway.stdout())?.[1];
    expect(tokenUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/token$/);
    // Every request needs a token now.
    const anonymous = await post(`${base}/graphql`, { query: '{ viewer { subject } }' });
    expect(anonymous.status).toBe(401);

    const issued = await post(tokenUrl!, { user: 'creator' });
    expect(issued.status).toBe(200);
    const authorization = `Bearer ${String(issued.body.access_token)}`;
    const started = await post(
      `${base}/graphql`,
      {
        query: 'mutation($input: KreaImageGenerationInput!) { generateKreaImage(input: $input) { job { id } } }',
        variables: { input: { bflFlux1Dev: { prompt: 'a lighthouse, signed in' } } },
      },
      { authorization },
    );
    expect(started.body.errors).toBeUndefined();
    const viewer = await post(
      `${base}/graphql`,
      { query: '{ viewer { subject quota { limit remaining } } }' },
      { authorization },
    );
    expect(viewer.body).toEqual({
      data: { viewer: { subject: expect.stringMatching(/^demo-creator@/), quota: { limit: 20, remaining: 19 } } },
    });

    // The gallery signs in with the same provider: sign-in.json names it, the page may reach its origin.
    const signIn = await fetch(`${base}/gallery/sign-in.json`);
    expect(signIn.status).toBe(200);
    const { usersUrl, tokenUrl: named } = (await signIn.json()) as { usersUrl: string; tokenUrl: string };
    expect(named).toBe(tokenUrl);
    const users = (await (await fetch(usersUrl)).json()) as { users: Array<{ id: string }> };
    expect(users.users.map((user) => user.id)).toEqual(['reader', 'creator']);
    const page = await fetch(`${base}/gallery/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${new URL(tokenUrl!).origin};`);
    expect(await page.text()).toContain('<meta name="mediagraph-sign-in" content="sign-in.json" />');
  });
});
