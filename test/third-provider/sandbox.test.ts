/**
 * A provider's simulated API is one folder and one registry line too:
 * Lumen's (test/third-provider/sandbox/), registered with Lumen's module, is
 * started by the real sandbox beside Krea's and Argil's with no file of src/
 * knowing it: on a port of its own, with a key per tenant, in the settings
 * the gateway is configured from, in the call log and the CDN, with sizes
 * its folder declares (and the variables that set them), and drawing its
 * data after theirs, so theirs is what it always was.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { registerProvider } from '../../src/providers/registry.js';
import { startSandbox } from '../../src/sandbox/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { lumen } from './lumen.js';
import { lumenSandbox } from './sandbox/index.js';
import { lumenSchema } from './schema.js';

registerProvider({ module: lumen, schema: lumenSchema, sandbox: lumenSandbox });

/**
 * sha256 (first 16 hex digits) of each of Krea's and Argil's fields of the
 * first tenant's data at the default seed and these sizes, file origins
 * written KREA and ARGIL, as the sandbox made them before providers brought
 * their own simulated APIs.
 */
const SIZES = { kreaAssets: 25, argilAssets: 25, kreaJobs: 12 };
const DIGESTS = {
  argilAssets: 'bfbe386707143fa9',
  argilAvatars: 'd6e278422be070e8',
  argilSubtitleStyles: '55a25b64605e3524',
  argilVideos: 'ea309cc87f6ef67e',
  argilVoiceSyncs: '4f53cda18c2baa0c',
  argilVoices: '39b4bb0e005ffd16',
  kreaAssets: '38fd4036158df067',
  kreaJobs: '176d2d5f936db254',
  kreaNodeApps: 'e66b104f1a7ea7cb',
  kreaStyles: 'fbd06b6c45e1de95',
};

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ ...SIZES, lumenAssets: 6, tenants: [{}, { lumenKey: 'lumen-second' }] });
});
afterAll(() => sandbox.close());

describe('a simulated API a test registers', () => {
  // First, before any step of the clock moves a job.
  it('draws its data from the seeded stream after Krea’s and Argil’s, which stay as they always were', async () => {
    const data = sandbox.tenants[0]!.data;
    // The same seed, the same Lumen data.
    const again = await startSandbox({ ...SIZES, lumenAssets: 6 });
    const uids = (assets: ReadonlyArray<{ uid: string }>) => assets.map((asset) => asset.uid);
    expect(uids(data.lumenAssets)).toHaveLength(6);
    expect(uids(again.tenants[0]!.data.lumenAssets)).toEqual(uids(data.lumenAssets));
    await again.close();
    const krea = new URL(sandbox.kreaUrl).origin;
    const argil = new URL(sandbox.argilUrl).origin;
    const digest = (value: unknown) =>
      createHash('sha256')
        .update(JSON.stringify(value).replaceAll(krea, 'KREA').replaceAll(argil, 'ARGIL'))
        .digest('hex')
        .slice(0, 16);
    const fields = Object.keys(DIGESTS) as Array<keyof typeof DIGESTS>;
    expect(Object.fromEntries(fields.map((field) => [field, digest(data[field])]))).toEqual(DIGESTS);
  });

  it('is served on a port of its own, and named in the settings and start-up lines', () => {
    const { settings, origins, lumenUrl, kreaUrl, argilUrl } = sandbox;
    expect(new Set([lumenUrl, kreaUrl, new URL(argilUrl).origin].map((url) => new URL(url).port)).size).toBe(3);
    expect(settings).toMatchObject({ lumenBaseUrl: lumenUrl, lumenApiKey: 'sandbox-lumen-key' });
    expect(origins.map(({ name }) => name)).toEqual(['Krea', 'Argil', 'Lumen']);
    expect(origins[2]).toEqual({ name: 'Lumen', url: lumenUrl, credential: 'Authorization: Token sandbox-lumen-key' });
  });

  it('answers each tenant’s key with that tenant’s data, and no key with 401, in the call log', async () => {
    sandbox.controls.resetCalls();
    const list = (key?: string) =>
      fetch(`${sandbox.lumenUrl}/assets?per_page=100`, { headers: key ? { authorization: `Token ${key}` } : {} });
    expect((await list()).status).toBe(401);
    expect((await list('sandbox-krea-key')).status).toBe(401);
    const first = (await (await list('sandbox-lumen-key')).json()) as { items: Array<{ uid: string }> };
    const second = (await (await list('lumen-second')).json()) as { items: Array<{ uid: string }> };
    const [one, two] = sandbox.tenants.map((tenant) => tenant.data.lumenAssets.map((asset) => asset.uid));
    expect(first.items.map((item) => item.uid)).toEqual(one);
    expect(second.items.map((item) => item.uid)).toEqual(two);
    expect(one).toHaveLength(6);
    expect(one).not.toEqual(two);
    expect(sandbox.controls.calls.map(({ provider, status, tenant }) => [provider, status, tenant])).toEqual([
      ['lumen', 401, -1],
      ['lumen', 401, -1],
      ['lumen', 200, 0],
      ['lumen', 200, 1],
    ]);
  });

  it('has its files on its own origin, served by the sandbox’s CDN without a key', async () => {
    const image = sandbox.tenants[0]!.data.lumenAssets.find((asset) => asset.media === 'image')!;
    expect(new URL(image.href).origin).toBe(new URL(sandbox.lumenUrl).origin);
    const response = await fetch(image.href);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
  });

  it('moves its jobs on with the sandbox’s clock', () => {
    const jobs = sandbox.tenants[0]!.data.lumenJobs;
    const waiting = jobs.filter((job) => job.state === 'waiting').map((job) => job.uid);
    expect(waiting.length).toBeGreaterThan(0);
    sandbox.advance();
    sandbox.advance();
    const finished = jobs.filter((job) => waiting.includes(job.uid) && job.state === 'finished');
    expect(finished.map((job) => job.uid)).toEqual(waiting);
    expect(finished.every((job) => job.outputs.length === 1)).toBe(true);
  });

  it('has the sizes its folder declares, set by the variables it names, and a port variable of its own', () => {
    const { sandboxData } = loadConfig({ SANDBOX_LUMEN_JOBS: '3' });
    expect(sandboxData).toMatchObject({
      lumenAssets: 20,
      lumenJobs: 3,
      kreaPort: 4100,
      argilPort: 4101,
      lumenPort: 4102,
    });
    expect(loadConfig({ SANDBOX_LUMEN_PORT: '4300' }).sandboxData.lumenPort).toBe(4300);
    expect(() => loadConfig({ SANDBOX_LUMEN_ASSETS: 'many' })).toThrow(/^SANDBOX_LUMEN_ASSETS: expected an integer/);
  });
});
