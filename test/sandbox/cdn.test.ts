import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function fetchFile(url: string): Promise<{ status: number; type: string | null; bytes: Uint8Array }> {
  const response = await fetch(url);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
}

describe('the sandbox CDN', () => {
  it('serves a picture for every seeded image and thumbnail URL, on its own origins, without a key', async () => {
    const data = sandbox.tenants[0]!.data;
    const images = [
      ...data.kreaAssets.filter((asset) => asset.mime_type?.startsWith('image/')).map((asset) => asset.image_url),
      ...data.argilAssets.flatMap((asset) => (asset.thumbnailUrl ? [asset.thumbnailUrl] : [])),
      ...data.kreaJobs.flatMap((job) => job.result?.urls ?? []),
    ];
    expect(images.length).toBeGreaterThan(100);
    const origins = new Set(images.map((url) => new URL(url).origin));
    expect(origins).toEqual(new Set([new URL(sandbox.kreaUrl).origin, new URL(sandbox.argilUrl).origin]));
    const seen = new Set<string>();
    for (const url of images.slice(0, 40)) {
      const file = await fetchFile(url);
      expect(file.status).toBe(200);
      expect(file.type).toBe('image/png');
      expect([...file.bytes.slice(0, 8)]).toEqual(PNG_SIGNATURE);
      seen.add(Buffer.from(file.bytes).toString('base64'));
    }
    // Each picture differs (seeded by its path).
    expect(seen.size).toBe(40);
  });

  it('serves the clip for video URLs and refuses kinds it has no media for', async () => {
    const video = sandbox.tenants[0]!.data.argilAssets.find((asset) => asset.type === 'VIDEO' && asset.fileUrl)!;
    const clip = await fetchFile(video.fileUrl!);
    expect(clip.status).toBe(200);
    expect(clip.type).toBe('video/mp4');
    expect(new TextDecoder().decode(clip.bytes.slice(4, 8))).toBe('ftyp');
    const audio = sandbox.tenants[0]!.data.argilAssets.find((asset) => asset.type === 'AUDIO' && asset.fileUrl)!;
    expect((await fetchFile(audio.fileUrl!)).status).toBe(404);
  });
});
