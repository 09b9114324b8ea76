/**
 * The gateway as `npm start` runs it, in a child process: bundled by the
 * package's own `build` script (into a folder of the caller's, so that test
 * files building in parallel never share a file) and started with the
 * `start` script's node flags, with the environment a test gives it.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('../..', import.meta.url).pathname;
const scripts = (JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { scripts: Record<string, string> })
  .scripts;

/** `npm start`'s node flags, as its `node --expose-gc … dist/main.js` lists them. */
export const startFlags = scripts.start!.split(/\s+/).slice(1, -1);

/** Runs the package's `build` script with its `--outdir=dist` replaced by `outdir`; what it printed on failure. */
export function runBuildScript(outdir: string): { ok: true } | { ok: false; stderr: string } {
  const script = scripts.build!;
  if (!script.includes('--outdir=dist')) throw new Error(`the build script names no --outdir=dist: ${script}`);
  const built = spawnSync('sh', ['-c', script.replace('--outdir=dist', `--outdir=${outdir}`)], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${root}/node_modules/.bin:${process.env.PATH}` },
  });
  return built.status === 0 ? { ok: true } : { ok: false, stderr: built.stderr };
}

/** Bundles src/main.ts to dist/<name>/main.js (and its chunks) as `npm run build` does; its path. */
export function buildGateway(name: string): string {
  const built = runBuildScript(`dist/${name}`);
  if (!built.ok) throw new Error(`build failed: ${built.stderr}`);
  return `dist/${name}/main.js`;
}

export interface GatewayProcess {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** The origin it serves, once it says it listens. */
  listening: Promise<string>;
  /** Its exit code. */
  exited: Promise<number | null>;
}

export function startGateway(entry: string, env: Record<string, string>): GatewayProcess {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(KREA|ARGIL|SANDBOX|PORT|HOST|GATEWAY|LOG_)/.test(key)),
  );
  // `node --expose-gc … dist/main.js`: the start script's flags, this entry.
  const child = spawn(process.execPath, [...startFlags, entry], { cwd: root, env: { ...clean, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const seen = () => {
      const match = /listening on (http:\/\/[^\s]+)\/graphql/.exec(stdout);
      if (match) {
        child.stdout.off('data', seen);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', seen);
    void exited.then(() => reject(new Error(`exited before listening: ${stderr}`)));
  });
  // Handled here too: a test that never awaits it must not see an unhandled rejection at exit.
  listening.catch(() => undefined);
  return { child, stdout: () => stdout, stderr: () => stderr, listening, exited };
}
