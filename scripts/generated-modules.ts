/**
 * Every generated module: which document it is made from, where it is
 * written and which renderer makes it. The one place to change an output
 * path (the import specifiers inside each module follow it). Read by
 * scripts/generate.ts (`npm run generate`) and by the staleness tests.
 */
import { readFileSync } from 'node:fs';
import type { ModuleTarget } from './openapi/render-module.js';
import { renderArgilModule } from './renderers/argil.js';
import { renderKreaModule } from './renderers/krea.js';

export interface GeneratedModule extends ModuleTarget {
  provider: string;
  render: (documentText: string, target: ModuleTarget) => string;
}

export const GENERATED_MODULES: readonly GeneratedModule[] = [
  {
    provider: 'krea',
    document: 'specs/krea-openapi.json',
    output: 'src/providers/krea/generated/operations.ts',
    renderer: 'scripts/renderers/krea.ts',
    render: renderKreaModule,
  },
  {
    provider: 'argil',
    document: 'specs/argil-openapi.reconstructed.yaml',
    output: 'src/providers/argil/generated/operations.ts',
    renderer: 'scripts/renderers/argil.ts',
    render: renderArgilModule,
  },
];

/** A path of the repository, from its root. */
export const repositoryFile = (path: string) => new URL(`../${path}`, import.meta.url);

/** What `npm run generate` writes for `module`, from its document as it is on disk now. */
export function renderGeneratedModule(module: GeneratedModule): string {
  return module.render(readFileSync(repositoryFile(module.document), 'utf8'), module);
}
