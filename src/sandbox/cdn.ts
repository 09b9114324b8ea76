/**
 * The sandbox's stand-in for the providers' CDNs: every file URL in its data
 * (under FileOrigins) answers with real media, so a browser shows pictures.
 * Images are gradients seeded by the path (stable per asset, differing
 * between assets), clips the sandbox's small MP4; other kinds (audio, 3D) 404.
 */
import { gradientPng } from './png.js';
import type { Reply } from './server.js';
import { SANDBOX_MP4 } from './video.js';

/** The path prefix of the files on each provider's origin. */
export const CDN_PATHS = { krea: '/cdn/', argil: '/v1/cdn/' } as const;

const IMAGE = /\.(png|jpe?g|webp)$/i;
const VIDEO = /\.mp4$/i;
/** Public and unchanging, as a CDN's are. */
const CACHE = 'public, max-age=86400';

export function serveCdnFile(path: string): Reply {
  if (IMAGE.test(path)) {
    // 320 px: thumbnails stay sharp on a phone's 2x screen at grid size.
    return {
      status: 200,
      body: gradientPng(path, 320, 320),
      headers: { 'content-type': 'image/png', 'cache-control': CACHE },
    };
  }
  if (VIDEO.test(path))
    return { status: 200, body: SANDBOX_MP4, headers: { 'content-type': 'video/mp4', 'cache-control': CACHE } };
  return { status: 404, body: { error: 'File not found' } };
}
