/**
 * The sandbox's stand-in for the providers' CDNs: every file URL in its data
 * (under a tenant's file origins, each provider's `cdnPath`) answers with
 * real media, so a browser shows pictures. Images are gradients seeded by
 * the path (stable per asset, differing between assets), clips the
 * sandbox's small MP4; other kinds (audio, 3D) 404.
 */
import { gradientPng } from './png.js';
import type { Reply, Router } from './routes.js';
import { SANDBOX_MP4 } from './video.js';

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

/** `router`, with the files under `cdnPath` served first (public, as a CDN's are: no key). */
export function withCdn(cdnPath: string, router: Router): Router {
  return async (request) =>
    request.method === 'GET' && request.path.startsWith(cdnPath) ? serveCdnFile(request.path) : router(request);
}
