/**
 * The core names no provider. Outside the providers' own folders
 * (src/providers/<name>/, their simulated APIs included), no identifier and
 * no string of src/ says "krea" or "argil", in any case: comments may (as
 * examples), code may not. What the core knows of a provider it learns from
 * the registry (src/providers/registry.ts); so does the sandbox
 * (src/sandbox/), which starts every simulated API the registry lists.
 * Read with TypeScript's own parser, so a comment is never taken for code
 * nor a string for a comment.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './depcruise.js';

const NAMES = /krea|argil/i;

/** A provider's own folder (any folder of providers/ but the HTTP plumbing's) is not the core. */
const NOT_CORE = /^src\/providers\/(?!http\/)[^/]+\//;

/**
 * The core files that must name providers, and why. A line that no longer
 * applies fails the test too, so the list only shrinks.
 */
const EXCEPTIONS: Readonly<Record<string, string>> = {
  'src/providers/registry.ts': 'the list of providers itself: one line each',
};

function coreFiles(): string[] {
  return readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
    .map((name) => `src/${name}`)
    .filter((path) => /\.[cm]?ts$/.test(path) && !NOT_CORE.test(path))
    .sort();
}

/** `line: text` of every identifier and string literal of `text` (the file `path`) that names a provider. */
function namings(path: string, text = readFileSync(join(ROOT, path), 'utf8')): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const text =
      ts.isIdentifier(node) || ts.isPrivateIdentifier(node)
        ? node.text
        : ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)
          ? node.text
          : undefined;
    if (text !== undefined && NAMES.test(text)) {
      found.push(`${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${text.slice(0, 80)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the core', () => {
  const files = coreFiles();

  it('is most of src/ (the check reads what it should)', () => {
    expect(files).toContain('src/context.ts');
    expect(files).toContain('src/schema/feed.ts');
    expect(files).toContain('src/providers/http/upstream.ts');
    expect(files).toContain('src/sandbox/index.ts');
    expect(files).toContain('src/config/sandbox.ts');
    expect(files.some((path) => path.startsWith('src/providers/krea/'))).toBe(false);
  });

  it('names no provider in code, but where listed with a reason', () => {
    const named = Object.fromEntries(
      files.flatMap((path) => {
        const found = namings(path);
        return found.length > 0 ? [[path, found]] : [];
      }),
    );
    const unexplained = Object.fromEntries(Object.entries(named).filter(([path]) => !(path in EXCEPTIONS)));
    expect(unexplained).toEqual({});
    expect(
      Object.keys(EXCEPTIONS).filter((path) => !(path in named)),
      'listed as naming a provider, but no longer do',
    ).toEqual([]);
  });

  it('is read for code, not comments: identifiers, strings and templates name a provider, a comment does not', () => {
    const text = [
      '// Krea, for example: a comment may say so.',
      '/** And Argil in a doc comment. */',
      'const kreaClient = 1;',
      "const header = 'x-argil-api-key';",
      'const path = `/webhooks/${"krea"}/${kreaClient}`;',
      'const plain = `no provider here`;',
    ].join('\n');
    expect(namings('example.ts', text)).toEqual(['3: kreaClient', '4: x-argil-api-key', '5: krea', '5: kreaClient']);
  });
});
