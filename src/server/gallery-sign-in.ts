/**
 * SANDBOX_AUTH's sign-in for the gallery (server/plugins/use-gallery.ts):
 * where the demo identity provider lists its users and issues tokens, served
 * as /gallery/sign-in.json, and the two changes the page needs to use it.
 *
 * - The page gets a `<meta name="mediagraph-sign-in">` naming that file, so
 *   the app asks for it only when it exists: in the normal mode the page is
 *   byte for byte what the build made, and no request answers 404 (a browser
 *   reports every 404 as a console error).
 * - The page's `connect-src` adds the identity provider's origin (the page
 *   POSTs to its token endpoint itself), and nothing else.
 */
import { makeAsset } from './static-assets.js';
import type { StaticAsset } from './static-assets.js';

export interface GallerySignIn {
  /** GET: `{ users: [{ id, name, scope }] }`. */
  usersUrl: string;
  /** POST `{ "user": id }` → `{ access_token, … }`. */
  tokenUrl: string;
}

/** Beside the page (/gallery/sign-in.json); the meta names it relative to the page. */
export const SIGN_IN_FILE = 'sign-in.json';
export const SIGN_IN_META = 'mediagraph-sign-in';

/** The origins the page may connect to besides its own: the identity provider's. */
export function signInOrigins(signIn: GallerySignIn | undefined): string[] {
  if (!signIn) return [];
  return [...new Set([signIn.usersUrl, signIn.tokenUrl].map((url) => new URL(url).origin))];
}

/** The page, naming sign-in.json in its head (or right after its doctype, when it has no head). */
export function withSignInMeta(page: Buffer): Buffer {
  const meta = `<meta name="${SIGN_IN_META}" content="${SIGN_IN_FILE}" />`;
  const html = page.toString('utf8');
  const marked = /<\/head>/i.test(html)
    ? html.replace(/<\/head>/i, `${meta}</head>`)
    : html.replace(/^(\s*<!doctype[^>]*>)?/i, (doctype) => `${doctype}${meta}`);
  return Buffer.from(marked, 'utf8');
}

/** sign-in.json: revalidated on every use (the identity provider's port changes with each start). */
export function signInAsset(path: string, signIn: GallerySignIn): Promise<StaticAsset> {
  const body = { usersUrl: signIn.usersUrl, tokenUrl: signIn.tokenUrl };
  return makeAsset(path, 'application/json', Buffer.from(JSON.stringify(body)), 'no-cache', {
    'x-content-type-options': 'nosniff',
  });
}
