/**
 * Builds the schema. Each module registers its types on the builder when
 * imported: first the core's own types (node, the Asset and Job interfaces,
 * the mutation type), then every registered provider's contribution (the
 * registry imports them), then the core fields that span providers (the
 * merged feeds, node/nodes, deleteAsset, the subscriptions, federation),
 * which read the registry. The printed schema is sorted, so this order does
 * not leak into schema.graphql.
 *
 * The registry is sealed here: a provider registered later could not be in
 * this schema (providers/registry.ts).
 */
import { specifiedDirectives } from 'graphql';
import { registeredEntries, sealProviders } from '../providers/registry.js';
import { builder } from './builder.js';
import { finishSchema } from './finish.js';
import { defineProviderEnum } from './provider-enum.js';
import { AUTHORIZATION_DIRECTIVES } from './scopes.js';
import { everyProvider, wordCoreTypes } from './wording.js';
import './node.js';
import './asset.js';
import './job.js';
import './mutations.js';
import './feed.js';
import './jobs-feed.js';
import './delete-asset.js';
import './subscriptions.js';
import './viewer.js';
import './federation.js';

const providers = sealProviders('the schema (src/schema/index.ts)');
const worded = providers.map(({ module, schema }) => ({ name: module.name, wording: schema.wording }));
defineProviderEnum(worded);

const reads = providers.flatMap(({ schema }) => schema.wording.reads ?? []);
builder.queryType({
  description: `Reading: ${['assets', 'jobs', ...reads].join(', ')} of ${everyProvider(providers.length)}.`,
});

/**
 * One schema, served at /graphql: the public API plus what makes it an
 * Apollo Federation v2 subgraph (`_service`, `_entities`). `npm run schema`
 * prints it to schema.graphql (printSchema) and its subgraph SDL to
 * subgraph.graphql (`_service { sdl }`).
 */
export const schema = builder.toSubGraphSchema({
  // 2.6 includes 2.5's authorization directives.
  linkUrl: 'https://specs.apollo.dev/federation/v2.6',
  federationDirectives: ['@key', '@authenticated', '@requiresScopes'],
  directives: [...specifiedDirectives, ...AUTHORIZATION_DIRECTIVES],
  sortSchema: true,
});

wordCoreTypes(schema, worded);
finishSchema(
  schema,
  registeredEntries().flatMap(({ schema: contribution }) => contribution.forwardOnly ?? []),
);
