/**
 * The import graph of src/ obeys the layer rules of docs/architecture.md, as
 * .dependency-cruiser.cjs writes them: no circles, no import against the
 * layer map. A violation fails the test with one line each, `rule: from → to`.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cruise, describeViolation, ROOT } from './depcruise.js';

/**
 * Violations in files another change of issue 24 rewrites (the HTTP modules
 * are being split, which removes this circle). Remove a line once its
 * violation is gone: a line that no longer matches fails the test.
 */
const KNOWN_VIOLATIONS: readonly string[] = [];

/** The files dependency-cruiser should have read (`.js`-suffixed imports name `.ts` files). */
function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => relative(ROOT, join(folder, name)))
    .sort();
}

// Cruising ~250 modules with the TypeScript parser: seconds alone, longer on a busy machine.
const CRUISE_MS = 180_000;

describe('the import graph of src/', () => {
  it('breaks no layer rule and has no circle', { timeout: CRUISE_MS }, async () => {
    const result = await cruise(ROOT);
    // Every file was read: rules over an empty or partial graph would pass by saying nothing.
    const cruised = result.modules.map((module) => module.source).filter((source) => source.startsWith('src/'));
    expect(cruised.sort()).toEqual(sourceFiles(join(ROOT, 'src')));

    const found = result.summary.violations.map(describeViolation);
    expect(found.filter((line) => !KNOWN_VIOLATIONS.includes(line))).toEqual([]);
    expect(
      KNOWN_VIOLATIONS.filter((line) => !found.includes(line)),
      'known violations that are gone',
    ).toEqual([]);
  });

  it(
    'has rules that fire: a tree breaking each rule is refused where it breaks them, and only there',
    { timeout: CRUISE_MS },
    async () => {
      // test/architecture/fixture/src: plain JavaScript, bad imports marked with the rule they break, and the exceptions the rules allow.
      const result = await cruise(join(ROOT, 'test/architecture/fixture'));
      // Rule and importer: where an npm package resolves to is the package's business.
      const found = result.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from}`);
      expect(found.sort()).toEqual([
        'config-only-at-entry: src/sandbox/reads-config.js',
        'core-not-on-a-provider: src/live/uses-provider.js',
        'core-not-on-a-provider: src/sandbox/uses-provider.js',
        'gateway-not-on-sandbox: src/live/starts-sandbox.js',
        'gateway-not-on-sandbox: src/providers/registry.js',
        'layer-map-placed: src/unplaced.js',
        'layer-map: src/loaders/uses-server.js',
        'layer-map: src/models/uses-context.js',
        'layer-map: src/providers/uses-loader.js',
        'layer-map: src/shared/reaches-up.js',
        'no-circular: src/models/circle-a.js',
        'pagination-pure: src/pagination/does-io.js',
        'provider-not-on-another: src/providers/argil/uses-krea.js',
        'providers-no-graphql: src/providers/knows-graphql.js',
        'sandbox-shares-no-code: src/providers/krea/sandbox/uses-client.js',
        'sandbox-shares-no-code: src/sandbox/reads-registry.js',
        'sandbox-shares-no-code: src/sandbox/registered.js',
        'sandbox-shares-no-code: src/sandbox/uses-client.js',
        'schema-no-http: src/schema/speaks-http.js',
        'shared-nothing-above: src/shared/reaches-up.js',
      ]);
    },
  );
});
