/**
 * Runs dependency-cruiser's CLI (a devDependency) with the repository's
 * .dependency-cruiser.cjs and returns what it found. The CLI, not the API: its
 * JSON answer is the same, and the type checker need not know the package.
 */
import { execFile } from 'node:child_process';
import { delimiter, join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;

export interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: Array<{ name: string }>;
}

export interface Cruise {
  modules: Array<{ source: string }>;
  summary: { violations: Violation[]; totalCruised: number };
}

/** `rule: from → to` (a circle: `rule: a → b → … → a`), one line a violation. */
export function describeViolation(violation: Violation): string {
  const path = violation.cycle
    ? [violation.from, ...violation.cycle.map((step) => step.name)]
    : [violation.from, violation.to];
  return `${violation.rule.name}: ${path.join(' → ')}`;
}

/** Cruises `folder` (relative to `cwd`, whose paths the rules see) with the repository's rules. */
export function cruise(cwd: string, folder = 'src'): Promise<Cruise> {
  const args = [folder, '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json'];
  // The package's own binary first, as `npm test` finds it.
  const env = { ...process.env, PATH: `${join(ROOT, 'node_modules/.bin')}${delimiter}${process.env.PATH ?? ''}` };
  return new Promise((resolve, reject) => {
    execFile('depcruise', args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && 'code' in error && error.code === 'ENOENT') {
        reject(new Error('dependency-cruiser is not installed: npm install --save-dev dependency-cruiser@17'));
      } else if (error) {
        reject(new Error(`depcruise failed: ${stderr || error.message}`));
      } else {
        resolve(JSON.parse(stdout) as Cruise);
      }
    });
  });
}
