/**
 * What GraphiQL opens on: a query a newcomer can run at once against the
 * sandbox, made of every provider's example (its schema contribution's).
 */
import { providerDisplayName } from '../providers/names.js';
import { registeredEntries } from '../providers/registry.js';
import { andList } from '../schema/wording.js';

const entries = registeredEntries();
const examples = entries.flatMap(({ schema }) => (schema.example ? [schema.example] : []));
const names = entries.map(({ module }) => providerDisplayName(module.name));
const next = [...examples.flatMap((example) => example.next ?? []), 'node(id: "...")'];

export const EXAMPLE_QUERY = `# mediagraph: ${andList(names)} assets through one GraphQL API.
# Press the run button; then try ${next.join(' or ')}.
query NewestAssets {
${examples.map((example) => example.fields).join('')}}
`;
