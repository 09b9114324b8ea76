/**
 * Finding 4 of issue 11, at the provider client: a provider that answers a
 * large POST before reading it (Argil's 400 for a body over its limit)
 * leaves the socket unusable, and the next POST written onto it was lost
 * (UPSTREAM_UNAVAILABLE or a timeout without reaching Argil). Such a POST
 * now goes on a socket of its own; the ones after it all reach Argil.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgilClient } from '../../src/providers/argil/client.js';
import { Upstream } from '../../src/providers/http/upstream.js';
import { startSandbox } from '../../src/sandbox/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { DEFAULT_TENANT } from '../../src/sandbox/tenants.js';

const OTHER = { kreaKey: 'krea-other', argilKey: 'argil-other' };

let sandbox: Sandbox;
let upstream: Upstream;

beforeAll(async () => {
  sandbox = await startSandbox({ kreaAssets: 1, argilAssets: 1, kreaJobs: 1, tenants: [DEFAULT_TENANT, OTHER] });
  upstream = new Upstream({ provider: 'argil', baseUrl: sandbox.argilUrl, timeoutMs: 3_000 });
});
afterAll(async () => {
  await upstream.close();
  await sandbox.close();
});

describe('a POST the provider answered before reading it', () => {
  it('does not break the POSTs after it, of this tenant or another', async () => {
    const first = new ArgilClient(upstream, DEFAULT_TENANT.argilKey);
    const other = new ArgilClient(upstream, OTHER.argilKey);
    const huge = `https://example.com/${'a'.repeat(1_500_000)}`;
    await expect(first.importAsset({ name: 'huge', type: 'IMAGE', url: huge })).rejects.toMatchObject({
      kind: 'bad-request',
    });
    for (const client of [other, first, other, first]) {
      const asset = await client.importAsset({ name: 'next', type: 'IMAGE', url: 'https://example.com/a.png' });
      expect(asset.status).toBe('PROCESSING');
    }
    expect(sandbox.controls.count('argil', 'POST')).toBe(5);
  });
});
