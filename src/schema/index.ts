/**
 * Builds the schema. Each module registers its types on the builder when
 * imported; the order below is the order they were designed in, and the
 * printed schema is sorted, so it does not leak into schema.graphql.
 */
import { builder } from './builder.js';
import './node.js';
import './asset.js';
import './krea.js';
import './krea-jobs.js';
import './argil.js';
import './mutations.js';
import './subscriptions.js';

builder.queryType({});

export const schema = builder.toSchema({ sortSchema: true });
