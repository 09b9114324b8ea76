/**
 * `npm run generate`: writes src/generated/krea-operations.ts from
 * specs/krea-openapi.json (the mapping is scripts/krea-operations.ts).
 * `npm test` fails when the checked-in module is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderKreaOperations } from './krea-operations.js';

const source = new URL('../specs/krea-openapi.json', import.meta.url);
const target = new URL('../src/generated/krea-operations.ts', import.meta.url);
writeFileSync(target, renderKreaOperations(readFileSync(source, 'utf8')));
console.log(`wrote ${target.pathname}`);
