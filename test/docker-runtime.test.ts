/**
 * The Docker image's runtime stage, as far as a machine without a Docker
 * engine can check it: the Dockerfile builds in one stage and runs another
 * that holds production dependencies and the two builds only (dist/ and the gallery's); and that runtime,
 * reproduced in a scratch folder (the build stage's `npm run build`, the
 * deps stage's `npm ci --omit=dev`, nothing else), starts with
 * `node dist/main.js` and makes media.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBuildScript } from './helpers/gateway-process.js';

const root = new URL('..', import.meta.url).pathname;
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

/** The Dockerfile's stages by name, each its instructions (continuation lines joined). */
function stages(text: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  let current: string[] = [];
  for (const line of text.replace(/\\\n\s*/g, ' ').split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const from = /^FROM \S+ AS (\S+)$/i.exec(trimmed);
    if (from) result.set(from[1]!, (current = []));
    else current.push(trimmed);
  }
  return result;
}

describe('the Dockerfile', () => {
  const byName = stages(dockerfile);
  const runtime = byName.get('runtime') ?? [];

  it('builds in one stage and runs in another, with production dependencies and the two builds only', () => {
    expect([...byName.keys()]).toEqual(['build', 'deps', 'runtime']);
    expect(byName.get('build')).toContain('RUN npm run -s build');
    // The build script bundles with esbuild's API (scripts/build.ts).
    expect(byName.get('build')).toContain('COPY scripts/build.ts ./scripts/');
    expect(byName.get('build')).toContain('RUN npm run -s gallery');
    expect(byName.get('deps')!.some((step) => step.includes('npm ci --omit=dev'))).toBe(true);
    const copies = runtime.filter((step) => step.startsWith('COPY'));
    expect(copies).toEqual([
      'COPY --from=deps /app/node_modules ./node_modules',
      'COPY --from=build /app/dist ./dist',
      'COPY --from=build /app/examples/gallery/dist ./examples/gallery/dist',
      'COPY package.json ./',
    ]);
    expect(runtime.filter((step) => step.startsWith('RUN'))).toEqual([]);
    expect(runtime.at(-1)).toBe(
      'CMD ["node", "--expose-gc", "--max-semi-space-size=8", "--heap-growing-percent=100", "--v8-pool-size=1", "dist/main.js"]',
    );
    // The image starts the gateway as `npm start` does, with the same V8 flags.
    const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } })
      .scripts.start;
    expect(JSON.parse(runtime.at(-1)!.slice('CMD '.length))).toEqual(start.split(/\s+/));
  });

  it('needs neither tsx nor esbuild at run time: both are development dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    for (const tool of ['tsx', 'esbuild', 'typescript', 'vitest']) {
      expect(pkg.dependencies![tool], tool).toBeUndefined();
      expect(pkg.devDependencies![tool], tool).toBeDefined();
    }
  });
});

describe('the runtime stage, reproduced', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'mediagraph-runtime-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('starts from production dependencies and the builds, generates an image and serves the gallery', async () => {
    // `npm run build`, written straight into the scratch folder (other tests start the repo's own dist/).
    expect(runBuildScript(join(scratch, 'dist'))).toEqual({ ok: true });
    for (const file of ['package.json', 'package-lock.json']) cpSync(join(root, file), join(scratch, file));
    // The build stage's gallery (`npm test` builds it before this runs).
    cpSync(join(root, 'examples/gallery/dist'), join(scratch, 'examples/gallery/dist'), { recursive: true });
    const install = spawnSync(
      'npm',
      ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'],
      { cwd: scratch, encoding: 'utf8' },
    );
    expect(install.status, install.stderr).toBe(0);
    for (const tool of ['tsx', 'esbuild', 'typescript'])
      expect(existsSync(join(scratch, 'node_modules', tool)), tool).toBe(false);

    // The image's command, which the first test holds equal to `npm start`'s: node, its V8 flags, dist/main.js.
    const [, ...startArgs] = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }
    ).scripts.start.split(/\s+/);
    expect(startArgs.at(-1)).toBe('dist/main.js');
    const child = spawn(process.execPath, startArgs, {
      cwd: scratch,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'silent',
        SHUTDOWN_GRACE_MS: '0',
      },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => reject(new Error(`no start: ${output}`)), 30_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const listening = /listening on (http:\/\/\S+\/graphql)/.exec(output);
          if (listening) {
            clearTimeout(timer);
            resolve(listening[1]!);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
      });
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            'mutation { generateKreaImage(input: { bflFlux1Dev: { prompt: "from the image" } }) { job { state } } }',
        }),
      });
      expect(await response.json()).toEqual({ data: { generateKreaImage: { job: { state: 'QUEUED' } } } });
      const gallery = await fetch(url.replace(/\/graphql$/, '/gallery/'));
      expect(gallery.status).toBe(200);
      expect(await gallery.text()).toContain('/gallery/assets/');
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    // A bundle and an `npm ci` beside the other test files.
  }, 300_000);
});
