/**
 * The gallery with SANDBOX_AUTH's sign-in, as a person uses it in Chromium:
 * the sandbox's demo identity provider issues the tokens, the gateway
 * verifies them (scopes, 20 credits a day), and the page signs in, shows who
 * it is and what is left, and never holds a provider key. Screenshots go to
 * test-artifacts/gallery/sign-in-*.png. Run alone, this file builds the app
 * when it is missing (`npm test` builds it first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COSTS } from '../../src/providers/registry.js';
import { gradientPng } from '../../src/sandbox/png.js';
import { startSandboxIdentity } from '../../src/sandbox/identity.js';
import type { SandboxIdentity } from '../../src/sandbox/identity.js';
import { DEFAULT_TENANT } from '../../src/sandbox/tenants.js';
import { artifactDir, collectPageErrors, launchChromium } from '../helpers/browser.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const root = new URL('../..', import.meta.url).pathname;
const galleryDir = join(root, 'examples/gallery/dist');
const shots = artifactDir('gallery');
/** expect.poll waits 1 s by default: too short for a page's round trip on a busy machine. */
const POLL = { timeout: 15_000, interval: 50 };
/** One model costs more than a day's credits, so a press of it is refused for want of them. */
const EXPENSIVE = { model: 'bflFlux11ProUltra', path: '/generate/image/bfl/flux-1.1-pro-ultra', cost: 50 };
/**
 * The console lines a refused token makes, on purpose below: the browser's for each 401 answer,
 * and React's for each refusal an error boundary caught and explained. Nothing else may appear.
 */
const EXPECTED_WHEN_REFUSED = [
  /^Failed to load resource: the server responded with a status of 401 \(Unauthorized\)$/,
  // React's report of the error its boundary caught: Chromium 156.0.8078.129 gives it with React's
  // unformatted `%o … %s` pattern in front, earlier builds without.
  /^(?:%o\s+%s\s+%s\s+)?GraphQLAnswerError: The bearer token was refused: malformed \(UNAUTHENTICATED\)/,
];

let identity: SandboxIdentity;
let stack: Stack;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  if (!existsSync(join(galleryDir, 'index.html'))) {
    const built = spawnSync('npm', ['run', '-s', 'gallery'], { cwd: root, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`npm run gallery failed:\n${built.stdout}${built.stderr}`);
  }
  identity = await startSandboxIdentity();
  stack = await startStack({
    quotaPerDay: 20,
    generationCosts: { kinds: DEFAULT_COSTS, paths: new Map([[EXPENSIVE.path, EXPENSIVE.cost]]) },
    gateway: {
      galleryDir,
      tokens: { jwksUrl: identity.jwksUrl, issuer: identity.issuer, audience: identity.audience },
      gallerySignIn: { usersUrl: identity.usersUrl, tokenUrl: identity.tokenUrl },
    },
  });
  origin = new URL(await stack.listen()).origin;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await identity?.close();
});

interface Tab {
  page: Page;
  /** Uncaught errors and console errors. */
  errors: string[];
  /** Uncaught errors only: a crash. */
  uncaught: string[];
  /** Every request the page sent to /graphql. */
  graphql: Request[];
}

async function openTab(): Promise<Tab> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const graphql: Request[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/graphql') graphql.push(request);
  });
  const uncaught: string[] = [];
  page.on('pageerror', (error) => uncaught.push(error.message));
  const tab = { page, errors: collectPageErrors(page), uncaught, graphql };
  await page.goto(`${origin}/gallery/`);
  return tab;
}

const tiles = (page: Page) => page.locator('ul.grid button.tile');
const credits = (page: Page) => page.getByTestId('credits-remaining');
const generateForm = (page: Page) => page.getByRole('region', { name: 'Generate an image with Krea' });
const posts = () => stack.sandbox.controls.calls.filter((call) => call.method === 'POST');

async function signInAs(page: Page, name: string) {
  await page.getByRole('radio', { name }).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Picks a model, writes a prompt and presses Generate. */
async function generate(page: Page, model: string, prompt: string) {
  const form = generateForm(page);
  await form.getByLabel('Model').selectOption(model);
  await form.getByLabel('Prompt (required)').fill(prompt);
  await form.getByRole('button', { name: 'Generate' }).click();
}

describe('the gallery signed out', () => {
  it('offers the demo users, sends nothing without a token, and says to sign in when a token is refused', async () => {
    const { page, errors, uncaught, graphql } = await openTab();
    try {
      await page.getByRole('radio', { name: 'Reader (media:read)' }).waitFor();
      expect(await page.getByRole('radio').count()).toBe(2);
      await page.getByText('Sign in above to see the library').waitFor();
      // No provider keys on offer in this mode.
      expect(await page.getByRole('button', { name: 'Settings' }).count()).toBe(0);
      expect(await page.locator('input[type="password"]').count()).toBe(0);
      expect(graphql).toHaveLength(0);
      // The gateway itself asks for a token.
      const anonymous = await page.evaluate(async () => {
        const response = await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ assets(first: 1) { nodes { id } } }' }),
        });
        return { status: response.status, body: (await response.json()) as { errors: Array<{ extensions: object }> } };
      });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.errors.map((error) => error.extensions)).toEqual([{ code: 'UNAUTHENTICATED' }]);
      await page.screenshot({ path: join(shots, 'sign-in-01-signed-out.png') });

      // A token the gateway refuses (here: not a token at all): the page says to sign in again, and can.
      await page.evaluate(() => sessionStorage.setItem('mediagraph.accessToken', 'not-a-token'));
      await page.reload();
      await expect
        .poll(
          () => page.getByText('Your sign-in was refused or has expired: sign out, then sign in again.').count(),
          POLL,
        )
        .toBeGreaterThan(0);
      expect(await tiles(page).count()).toBe(0);
      await page.screenshot({ path: join(shots, 'sign-in-02-token-refused.png') });
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('radio', { name: 'Creator (read, write, generate)' }).waitFor();
      expect(await page.evaluate(() => ({ ...sessionStorage }))).toEqual({});
      expect(uncaught).toEqual([]);
      expect(errors.filter((error) => !EXPECTED_WHEN_REFUSED.some((line) => line.test(error)))).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('the gallery signed in', () => {
  let tab: Tab;
  beforeAll(async () => {
    tab = await openTab();
  });
  afterAll(async () => {
    await tab?.page.close();
  });

  it('shows the reader the feed, and a generate press says the account may not (nothing reaches Krea)', async () => {
    const { page } = tab;
    await signInAs(page, 'Reader (media:read)');
    await tiles(page).first().waitFor();
    await expect
      .poll(() => page.getByTestId('viewer-subject').textContent(), POLL)
      .toBe(`demo-reader@${identity.issuer}`);
    expect(await page.getByTestId('viewer-scopes').textContent()).toBe('media:read');
    expect(await credits(page).textContent()).toBe('20');
    expect(await page.getByTestId('credits-limit').textContent()).toBe('20');
    stack.sandbox.controls.resetCalls();
    await generate(page, 'bflFlux1Dev', 'a lighthouse at dawn');
    await generateForm(page).getByText('Your account may not generate (it lacks media:generate).').waitFor();
    // The gateway answered the refusal before sending anything: no POST reached the sandbox.
    expect(posts()).toEqual([]);
    expect(await generateForm(page).locator('.live-job').count()).toBe(0);
    await page.screenshot({ path: join(shots, 'sign-in-03-reader-refused.png') });
  });

  it('signs out, signs the creator in by keyboard, generates one picture, and the credits go from 20 to 19', async () => {
    const { page, errors, graphql } = tab;
    await page.getByRole('button', { name: 'Sign out' }).click();
    const reader = page.getByRole('radio', { name: 'Reader (media:read)' });
    await reader.focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radio', { name: 'Creator (read, write, generate)' }).isChecked()).toBe(true);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('viewer-subject').textContent(), POLL)
      .toBe(`demo-creator@${identity.issuer}`);
    expect(await page.getByTestId('viewer-scopes').textContent()).toBe('media:generate media:read media:write');
    expect(await credits(page).textContent()).toBe('20');
    await tiles(page).first().waitFor();

    stack.sandbox.controls.resetCalls();
    await generate(page, 'bflFlux1Dev', 'a lighthouse at dusk');
    const state = generateForm(page).getByTestId('generation-state');
    await expect.poll(() => state.textContent(), POLL).toBe('QUEUED');
    await expect.poll(() => credits(page).textContent(), POLL).toBe('19');
    const job = stack.sandbox.tenants[0]!.data.kreaJobs[0]!;
    for (let step = 0; step < 12 && job.status !== 'completed'; step++) stack.sandbox.advance();
    // Followed live (SSE, with the token) until the picture shows.
    await expect.poll(() => state.textContent(), POLL).toBe('SUCCEEDED');
    await page.waitForFunction(
      () => {
        const image = document.querySelector<HTMLImageElement>('img.generated');
        return image !== null && image.complete && image.naturalWidth > 0;
      },
      undefined,
      { timeout: 15_000 },
    );
    // One POST: a generation is never sent twice.
    expect(posts().map((call) => call.path)).toEqual(['/generate/image/bfl/flux-1-dev']);
    await page.screenshot({ path: join(shots, 'sign-in-04-creator-generated.png') });

    // A press that costs more than is left: refused with the credits and when they reset, nothing sent.
    await generate(page, EXPENSIVE.model, 'a lighthouse from above');
    const refusal = generateForm(page).getByText(/^Not enough credits: /);
    await refusal.waitFor();
    const reset = await page.locator('.account time').textContent();
    expect(await refusal.textContent()).toBe(
      `Not enough credits: this costs ${EXPENSIVE.cost}, and 19 of 20 are left today. They reset at ${reset}.`,
    );
    expect(posts()).toHaveLength(1);

    // An upload (multipart, with progress) carries the token as well.
    const png = gradientPng('signed-in-upload', 32, 32);
    const transfer = await page.evaluateHandle(
      (bytes) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(bytes)], 'dawn.png', { type: 'image/png' }));
        return data;
      },
      [...png],
    );
    await page.locator('.dropzone').dispatchEvent('drop', { dataTransfer: transfer });
    await page.getByText('Uploaded dawn.png.').waitFor();

    // The token is in this tab's session storage only; no provider key is anywhere in the page.
    const storage = await page.evaluate(() => ({
      session: { ...sessionStorage },
      local: { ...localStorage },
      cookie: document.cookie,
    }));
    expect(Object.keys(storage.session)).toEqual(['mediagraph.accessToken']);
    expect(storage.local).toEqual({});
    expect(storage.cookie).toBe('');
    const token = storage.session['mediagraph.accessToken']!;
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string };
    expect(claims.sub).toBe('demo-creator');
    const html = await page.content();
    for (const key of [DEFAULT_TENANT.kreaKey, DEFAULT_TENANT.argilKey]) {
      expect(html).not.toContain(key);
      expect(JSON.stringify(storage)).not.toContain(key);
    }
    // Every GraphQL request of the page (queries, the SSE stream, the upload) carried a bearer token, none a provider key.
    const kinds = new Set(graphql.map((request) => request.headers()['content-type']?.split(';')[0] ?? 'none'));
    expect(kinds).toEqual(new Set(['application/json', 'multipart/form-data']));
    expect(graphql.some((request) => request.headers().accept?.includes('text/event-stream'))).toBe(true);
    for (const request of graphql) {
      const headers = request.headers();
      expect(headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
      expect(headers['x-krea-token']).toBeUndefined();
      expect(headers['x-argil-api-key']).toBeUndefined();
    }
    // The gateway agrees: the creator spent one credit today.
    const viewer = await stack.query<{ viewer: { quota: { remaining: number; used: number } } }>(
      '{ viewer { quota { remaining used } } }',
      {},
      { authorization: `Bearer ${token}` },
    );
    expect(viewer.data?.viewer.quota).toEqual({ remaining: 19, used: 1 });
    await page.screenshot({ path: join(shots, 'sign-in-05-creator-refused-credits.png') });
    expect(errors).toEqual([]);
  });

  it('labels every control, the sign-in panel’s included, and fits a phone’s width signed in and out', async () => {
    await tab.page.setViewportSize({ width: 390, height: 844 });
    const overflow = () => tab.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await tab.page.screenshot({ path: join(shots, 'sign-in-06-phone.png') });
    const unlabelled = await tab.page
      .locator('input, select, textarea')
      .evaluateAll((controls) =>
        controls
          .filter(
            (control) => (control as HTMLInputElement).labels?.length === 0 && !control.getAttribute('aria-label'),
          )
          .map((control) => control.outerHTML),
      );
    expect(unlabelled).toEqual([]);
    await tab.page.getByRole('button', { name: 'Sign out' }).click();
    // The panel renders after the click's transition: read it once it is there.
    await tab.page.getByRole('radio', { name: 'Creator (read, write, generate)' }).waitFor();
    const radios = await tab.page
      .getByRole('radio')
      .evaluateAll((controls) => controls.map((control) => (control as HTMLInputElement).labels?.[0]?.textContent));
    expect(radios).toEqual(['Reader (media:read)', 'Creator (read, write, generate)']);
    expect(await overflow()).toBeLessThanOrEqual(0);
  });
});
