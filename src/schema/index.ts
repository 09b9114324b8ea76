/**
 * Builds the schema. Each module registers its types on the builder when
 * imported; the order below is the order they were designed in, and the
 * printed schema is sorted, so it does not leak into schema.graphql.
 */
import { specifiedDirectives } from 'graphql';
import { builder } from './builder.js';
import { finishSchema } from './finish.js';
import { AUTHORIZATION_DIRECTIVES } from './scopes.js';
import './node.js';
import './asset.js';
import './krea.js';
import './job.js';
import './krea-jobs.js';
import './argil.js';
import './mutations.js';
import './krea-generation.js';
import './krea-styles.js';
import './krea-node-apps.js';
import './argil-avatars.js';
import './argil-voices.js';
import './argil-videos.js';
import './argil-webhooks.js';
import './argil-subtitles.js';
import './jobs-feed.js';
import './subscriptions.js';
import './viewer.js';
import './federation.js';

builder.queryType({ description: 'Reading: assets, jobs, styles, node apps, avatars and voices of both providers.' });

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

finishSchema(schema);
