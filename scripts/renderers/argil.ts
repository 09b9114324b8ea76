/**
 * Argil's generated module: every operation of its reconstructed document,
 * with parameters, `x-confidence`, and the JSON request body schemas the
 * gateway checks bodies against before it calls ($refs resolved). Nothing
 * beyond the shared section yet: Argil's inputs are written by hand.
 */
import { listOperations } from '../openapi/list-operations.js';
import { readDocument } from '../openapi/read-document.js';
import { header, importPath, operationsSection } from '../openapi/render-module.js';
import type { ModuleTarget } from '../openapi/render-module.js';

export function renderArgilModule(text: string, target: ModuleTarget): string {
  const { sha256, root } = readDocument(text, target.document);
  const shared = operationsSection('ARGIL', listOperations(root), sha256);
  return `${header(target, sha256)}import type { DocumentOperation, JsonSchema } from '${importPath(target, 'src/openapi/types.ts')}';

${shared.text}`;
}
