/**
 * The gallery (examples/gallery) as a person uses it: real Chromium, the
 * built app served by the gateway on a loopback socket, the sandbox behind
 * it over real HTTP. Each step leaves a screenshot in test-artifacts/gallery/.
 * `npm test` builds the app first (`npm run gallery`); run alone, this file
 * builds it when it is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { gradientPng } from '../../src/sandbox/png.js';
import { DEFAULT_TENANT } from '../../src/sandbox/tenants.js';
import { artifactDir, collectPageErrors, launchChromium } from '../helpers/browser.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const root = new URL('../..', import.meta.url).pathname;
const galleryDir = join(root, 'examples/gallery/dist');
const shots = artifactDir('gallery');
/** expect.poll waits 1 s by default: too short for a page's round trip on a busy machine. */
const POLL = { timeout: 15_000, interval: 50 };
/** Another customer's keys, with its own data in the sandbox. */
const SECOND_TENANT = { kreaKey: 'second-krea-key', argilKey: 'second-argil-key' };

let stack: Stack;
let browser: Browser;
let origin: string;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  if (!existsSync(join(galleryDir, 'index.html'))) {
    const built = spawnSync('npm', ['run', '-s', 'gallery'], { cwd: root, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`npm run gallery failed:\n${built.stdout}${built.stderr}`);
  }
  stack = await startStack({ sandbox: { tenants: [DEFAULT_TENANT, SECOND_TENANT] }, gateway: { galleryDir } });
  origin = new URL(await stack.listen()).origin;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

beforeEach(async () => {
  stack.sandbox.controls.resetCalls();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  pageErrors = collectPageErrors(page);
});

afterEach(async () => {
  await page.close();
});

const tiles = () => page.locator('ul.grid button.tile');
const tileIds = () => tiles().evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-asset-id')!));

/** The gateway's own answer, the oracle for what the grid must show. */
async function feedIds(first: number): Promise<string[]> {
  const answer = await stack.query<{ assets: { nodes: Array<{ id: string }> } }>(
    'query($first: Int!) { assets(first: $first) { nodes { id } } }',
    { first },
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.assets.nodes.map((node) => node.id);
}

async function openGallery() {
  await page.goto(`${origin}/gallery`);
  await tiles().first().waitFor();
}

/** Whether every picture in `selector` has loaded real pixels. */
const picturesLoaded = (selector: string) =>
  page.waitForFunction(
    (css) => {
      const images = [...document.querySelectorAll<HTMLImageElement>(css)];
      return images.length > 0 && images.every((image) => image.complete && image.naturalWidth > 0);
    },
    selector,
    { timeout: 15_000 },
  );

describe('the gallery in Chromium', () => {
  it('shows the merged feed as pictures from both providers, in the gateway’s order', async () => {
    await openGallery();
    expect(await tileIds()).toEqual(await feedIds(24));
    // Thumbnails of both providers are real pictures from the providers' file URLs.
    await picturesLoaded('ul.grid button.tile[data-provider="KREA"] img');
    await picturesLoaded('ul.grid button.tile[data-provider="ARGIL"] img');
    const alts = await page
      .locator('ul.grid img')
      .evaluateAll((images) => images.map((image) => image.getAttribute('alt')));
    expect(alts.every((alt) => typeof alt === 'string' && alt.length > 0)).toBe(true);
    await page.screenshot({ path: join(shots, '01-grid.png') });
    expect(pageErrors).toEqual([]);
  });

  it('loads the next page when the end of the grid scrolls into view, without duplicates', async () => {
    await openGallery();
    expect(await tiles().count()).toBe(24);
    await page.locator('.sentinel').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelectorAll('ul.grid button.tile').length >= 48);
    await page.locator('.sentinel').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelectorAll('ul.grid button.tile').length >= 72);
    const ids = await tileIds();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(await feedIds(ids.length));
    await page.screenshot({ path: join(shots, '02-scrolled.png') });
  });

  it('filters by provider and kind', async () => {
    await openGallery();
    await page.getByRole('checkbox', { name: 'Argil' }).check();
    await page.getByRole('checkbox', { name: 'Videos' }).check();
    // Both filters applied: each check is its own transition, so all-Argil tiles alone may still be the
    // first one's page (images too) on a busy machine.
    await page.waitForFunction(() => {
      const tiles = [...document.querySelectorAll('ul.grid button.tile')];
      return (
        document.querySelector('main')?.getAttribute('aria-busy') !== 'true' &&
        tiles.length > 0 &&
        tiles.every(
          (tile) =>
            tile.getAttribute('data-provider') === 'ARGIL' &&
            (tile.getAttribute('aria-label') ?? '').endsWith(', video from Argil'),
        )
      );
    });
    const expected = stack.sandbox.tenants[0]!.data.argilAssets.filter(
      (asset) => asset.type === 'VIDEO' && asset.status === 'READY',
    );
    const labels = await tiles().evaluateAll((nodes) => nodes.map((node) => node.getAttribute('aria-label')!));
    expect(labels.length).toBe(Math.min(24, expected.length));
    expect(labels.every((label) => label.endsWith('video from Argil'))).toBe(true);
  });

  it('opens an asset’s details through node, and refreshes them with one more call', async () => {
    await openGallery();
    const first = tiles().first();
    const id = await first.getAttribute('data-asset-id');
    // By keyboard: focus the first tile and press Enter.
    await first.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Asset details' });
    await dialog.waitFor();
    const providerId = Buffer.from(id!, 'base64').toString('utf8').split(':')[1];
    await expect.poll(() => dialog.locator('dd code').textContent(), POLL).toBe(providerId);
    const before = stack.sandbox.controls.calls.length;
    await dialog.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => stack.sandbox.controls.calls.length, POLL).toBeGreaterThan(before);
    await page.screenshot({ path: join(shots, '03-detail.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('uploads a dropped file to Krea and shows it at the top of the grid', async () => {
    await openGallery();
    const png = gradientPng('gallery-upload', 64, 64);
    stack.sandbox.controls.uploads.length = 0;
    // A real drop event carrying a File, as a person's drag from the desktop makes.
    const transfer = await page.evaluateHandle(
      (bytes) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(bytes)], 'sunset.png', { type: 'image/png' }));
        return data;
      },
      [...png],
    );
    await page.locator('.dropzone').dispatchEvent('drop', { dataTransfer: transfer });
    await page.getByText('Uploaded sunset.png.').waitFor();
    expect(stack.sandbox.controls.uploads).toHaveLength(1);
    expect(stack.sandbox.controls.uploads[0]).toMatchObject({
      filename: 'sunset.png',
      mimeType: 'image/png',
      size: png.length,
    });
    const newest = stack.sandbox.tenants[0]!.data.kreaAssets[0]!;
    const top = tiles().first();
    expect(Buffer.from((await top.getAttribute('data-asset-id'))!, 'base64').toString()).toBe(`KreaAsset:${newest.id}`);
    await picturesLoaded('ul.grid li:first-child img');
    // Nothing duplicated: the new asset is in the grid once.
    const ids = await tileIds();
    expect(new Set(ids).size).toBe(ids.length);
    await page.screenshot({ path: join(shots, '04-uploaded.png') });
  });

  it('imports a file from a URL into Argil', async () => {
    await openGallery();
    await page.getByLabel('File URL to import into Argil').fill('https://example.com/cat.jpg');
    await page.getByLabel('Name', { exact: true }).fill('cat from the web');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByText('Importing cat from the web…').waitFor();
    await expect
      .poll(() => tiles().first().getAttribute('aria-label'), POLL)
      .toBe('cat from the web, image from Argil');
    const imported = stack.sandbox.tenants[0]!.data.argilAssets.find((asset) => asset.name === 'cat from the web');
    expect(imported?.status).toBe('PROCESSING');
  });

  it('generates an image from a form built by introspection and follows its job live until the picture shows', async () => {
    await openGallery();
    const form = page.getByRole('region', { name: 'Generate an image with Krea' });
    // The models and their fields come from the schema: every option is a field of the @oneOf input.
    const models = await form
      .getByLabel('Model')
      .locator('option')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    expect(models.length).toBeGreaterThan(3);
    const schema = readFileSync(join(root, 'schema.graphql'), 'utf8');
    const oneOf = /input KreaImageGenerationInput @oneOf \{([\s\S]*?)\n\}/.exec(schema)![1]!;
    for (const model of models) expect(oneOf).toMatch(new RegExp(`\\n  ${model}: `));
    await form.getByLabel('Model').selectOption('bflFlux1Dev');
    await expect.poll(() => form.getByText('At most 1800 characters.').count(), POLL).toBe(1);
    await form.getByLabel('Prompt (required)').fill('a lighthouse at dawn');
    stack.sandbox.controls.resetCalls();
    await form.getByRole('button', { name: 'Generate' }).click();
    const state = form.getByTestId('generation-state');
    await expect.poll(() => state.textContent(), POLL).toBe('QUEUED');
    await page.screenshot({ path: join(shots, '05-generation-queued.png') });
    // The job the sandbox started for this press, and the state each of its statuses shows as.
    const job = stack.sandbox.tenants[0]!.data.kreaJobs[0]!;
    const shownId = await form.locator('.live-job').getAttribute('data-job-id');
    expect(Buffer.from(shownId!, 'base64').toString()).toBe(`KreaJob:${job.job_id}`);
    const SHOWN: Record<string, string> = {
      backlogged: 'QUEUED',
      queued: 'QUEUED',
      scheduled: 'QUEUED',
      processing: 'RUNNING',
      sampling: 'RUNNING',
      'intermediate-complete': 'RUNNING',
      completed: 'SUCCEEDED',
    };
    const seen = ['QUEUED'];
    for (let step = 0; step < 12 && job.status !== 'completed'; step++) {
      stack.sandbox.advance();
      // Each step waits until the page (gateway poller, then SSE) shows it, however slow the machine.
      const now = SHOWN[job.status];
      await expect.poll(() => state.textContent(), POLL).toBe(now);
      if (now && now !== seen.at(-1)) seen.push(now);
    }
    expect(seen[0]).toBe('QUEUED');
    expect(seen.at(-1)).toBe('SUCCEEDED');
    expect(seen).toContain('RUNNING');
    await picturesLoaded('img.generated');
    expect(await page.locator('img.generated').getAttribute('alt')).toBe('a lighthouse at dawn');
    // One POST to Krea: a generation is never sent twice.
    const posts = stack.sandbox.controls.calls.filter((call) => call.method === 'POST');
    expect(posts.map((call) => call.path)).toEqual(['/generate/image/bfl/flux-1-dev']);
    // The jobs list shows the job too, with its final state.
    await expect.poll(() => page.locator('ol.jobs li').first().getAttribute('data-state'), POLL).toBe('SUCCEEDED');
    await page.screenshot({ path: join(shots, '06-generation-succeeded.png') });
    expect(pageErrors).toEqual([]);
  });

  it('shows a banner naming the failed provider and its code, and the other provider’s items', async () => {
    // Every attempt of the first page fails (one try and three retries).
    stack.sandbox.controls.injectFault({ provider: 'krea', path: '/assets', kind: 'status', status: 503, times: 4 });
    await openGallery();
    const banner = page.getByRole('alert', { name: 'Problems' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Krea did not answer fully');
    expect(await banner.locator('code').allTextContents()).toEqual(['UPSTREAM_UNAVAILABLE']);
    const providers = await tiles().evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-provider')));
    expect(providers.length).toBeGreaterThan(0);
    expect(new Set(providers)).toEqual(new Set(['ARGIL']));
    await picturesLoaded('ul.grid img');
    await page.screenshot({ path: join(shots, '07-provider-fault.png') });
  });

  it('sends the session’s own provider key, shows that account’s media, and keeps the key in session storage only', async () => {
    await openGallery();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Krea token (X-Krea-Token)').fill(SECOND_TENANT.kreaKey);
    stack.sandbox.controls.resetCalls();
    await page.getByRole('button', { name: 'Save' }).click();
    const theirs = new Set(stack.sandbox.tenants[1]!.data.kreaAssets.map((asset) => `KreaAsset:${asset.id}`));
    const decoded = async () =>
      (await tileIds()).map((id) => Buffer.from(id, 'base64').toString()).filter((id) => id.startsWith('KreaAsset:'));
    await expect
      .poll(async () => (await decoded()).length > 0 && (await decoded()).every((id) => theirs.has(id)), POLL)
      .toBe(true);
    // Krea saw the session's key; Argil still the gateway's own (none was given for it).
    // (The browser's own fetches of the public file URLs carry no key at all.)
    const tenants = (provider: string) =>
      new Set(
        stack.sandbox.controls.calls
          .filter((call) => call.provider === provider && !/^(\/v1)?\/cdn\//.test(call.path))
          .map((call) => call.tenant),
      );
    expect(tenants('krea')).toEqual(new Set([1]));
    expect(tenants('argil')).toEqual(new Set([0]));
    const storage = await page.evaluate(() => ({
      session: { ...sessionStorage },
      local: { ...localStorage },
      cookie: document.cookie,
      url: location.href,
    }));
    expect(storage).toEqual({
      session: { 'mediagraph.kreaToken': SECOND_TENANT.kreaKey },
      local: {},
      cookie: '',
      url: `${origin}/gallery/`,
    });
    await page.screenshot({ path: join(shots, '08-own-keys.png') });
  });

  it('fits a phone’s width, every control labelled', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await openGallery();
    await picturesLoaded('ul.grid li:first-child img');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const unlabelled = await page
      .locator('input, select, textarea')
      .evaluateAll((controls) =>
        controls
          .filter(
            (control) => (control as HTMLInputElement).labels?.length === 0 && !control.getAttribute('aria-label'),
          )
          .map((control) => control.outerHTML),
      );
    expect(unlabelled).toEqual([]);
    await page.screenshot({ path: join(shots, '09-phone.png'), fullPage: false });
  });
});
