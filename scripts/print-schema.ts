/**
 * `npm run schema`: prints the code-first schema to schema.graphql (with the
 * authorization directives where they apply: schema/print-schema.ts) and its
 * federation subgraph SDL (what `_service { sdl }` answers) to
 * subgraph.graphql. `npm test` fails when either is stale.
 */
import { writeFileSync } from 'node:fs';
import { schema } from '../src/schema/index.js';
import { printSchemaWithAuthorization } from '../src/schema/print-schema.js';
import { subgraphSdl } from '../src/schema/subgraph-sdl.js';

const outputs: Array<[string, string]> = [
  ['../schema.graphql', `${printSchemaWithAuthorization(schema)}\n`],
  ['../subgraph.graphql', `${await subgraphSdl(schema)}\n`],
];
for (const [path, text] of outputs) {
  const target = new URL(path, import.meta.url);
  writeFileSync(target, text);
  console.log(`wrote ${target.pathname}`);
}
