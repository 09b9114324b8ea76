/**
 * Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it when
 * missing), driven by playwright-core: no browser download. The flags keep
 * it off the network it has no business with (this machine's is closed) and
 * off the GPU; a fresh profile every launch.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const root = new URL('../..', import.meta.url).pathname;

/** Where a test's screenshots go (kept by CI as artifacts; not in git). */
export function artifactDir(name: string): string {
  const dir = join(root, 'test-artifacts', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The page's uncaught errors and console errors, to assert there were none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}
