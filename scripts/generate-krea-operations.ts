/**
 * `npm run generate`: writes src/generated/krea-operations.ts from
 * specs/krea-openapi.json (the mapping is scripts/krea-operations.ts) and
 * src/generated/argil-schemas.ts from Argil's document (scripts/argil-schemas.ts).
 * `npm test` fails when the checked-in module is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderArgilSchemas } from './argil-schemas.js';
import { renderKreaOperations } from './krea-operations.js';

const outputs: Array<[string, string, (text: string) => string]> = [
  ['../specs/krea-openapi.json', '../src/generated/krea-operations.ts', renderKreaOperations],
  ['../specs/argil-openapi.reconstructed.yaml', '../src/generated/argil-schemas.ts', renderArgilSchemas],
];
for (const [source, target, render] of outputs) {
  const to = new URL(target, import.meta.url);
  writeFileSync(to, render(readFileSync(new URL(source, import.meta.url), 'utf8')));
  console.log(`wrote ${to.pathname}`);
}
