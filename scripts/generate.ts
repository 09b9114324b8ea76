/**
 * `npm run generate`: writes each provider's generated module from its
 * OpenAPI document (the list is scripts/generated-modules.ts). The only
 * writer of those files; `npm test` fails while any of them is stale.
 */
import { writeFileSync } from 'node:fs';
import { GENERATED_MODULES, renderGeneratedModule, repositoryFile } from './generated-modules.js';

for (const module of GENERATED_MODULES) {
  writeFileSync(repositoryFile(module.output), renderGeneratedModule(module));
  console.log(`wrote ${module.output} from ${module.document}`);
}
