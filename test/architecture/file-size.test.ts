/**
 * No source file under src/ (outside a generated/ folder) has more than 300 lines:
 * one job a module, split rather than grown.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './depcruise.js';

const MAX_LINES = 300;

/**
 * Files another change of issue 24 is splitting right now. Remove a line once
 * its file is under the limit: a line that no longer applies fails the test.
 */
const KNOWN_LONG: readonly string[] = [];

/** Lines as `wc -l` counts them, plus a last line without its newline. */
const linesOf = (text: string) => text.split('\n').length - (text.endsWith('\n') || text === '' ? 1 : 0);

function longFiles(): string[] {
  const src = join(ROOT, 'src');
  return readdirSync(src, { recursive: true, encoding: 'utf8' })
    .map((name) => `src/${name}`)
    .filter((path) => !path.includes('/generated/') && /\.[cm]?[jt]s$/.test(path))
    .filter((path) => linesOf(readFileSync(join(ROOT, path), 'utf8')) > MAX_LINES)
    .sort();
}

describe('files under src/', () => {
  it(`have at most ${MAX_LINES} lines each (generated/ aside)`, () => {
    const long = longFiles();
    expect(long.filter((path) => !KNOWN_LONG.includes(path))).toEqual([]);
    expect(
      KNOWN_LONG.filter((path) => !long.includes(path)),
      'listed as long, but no longer are',
    ).toEqual([]);
  });
});
