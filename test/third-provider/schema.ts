/**
 * Lumen's schema contribution, the GraphQL side of test/third-provider/lumen.ts:
 * LumenAsset (a Node and an Asset) and LumenJob (a Node and a Job), how they
 * load by global id, what the core's subscriptions may watch, and Lumen's
 * words in the core's descriptions. No root field of its own: the core's
 * `assets`, `jobs`, `node`/`nodes` and `jobUpdates` serve it.
 */
import type { RequestContext } from '../../src/context.js';
import type { AssetModel } from '../../src/models/assets.js';
import type { JobModel } from '../../src/models/jobs.js';
import { AssetRef } from '../../src/schema/asset.js';
import { builder } from '../../src/schema/builder.js';
import type { SchemaContribution } from '../../src/schema/contribution.js';
import { JobRef } from '../../src/schema/job.js';
import { nodeIdField } from '../../src/schema/node-id.js';
import { lumen } from './lumen.js';
import type { LumenAssetModel, LumenJobModel, LumenPart } from './lumen.js';

const lumenOf = (context: RequestContext): LumenPart => context.providers.partOf(lumen);

builder.objectType(builder.objectRef<LumenAssetModel>('LumenAsset'), {
  description: 'An asset of Lumen, the provider the tests add.',
  interfaces: [builder.nodeInterfaceRef(), AssetRef],
  isTypeOf: (value) => (value as AssetModel).provider === 'LUMEN' && 'kind' in (value as object),
  fields: (t) => ({
    id: nodeIdField(t, 'LumenAsset', (asset) => asset.providerId),
    title: t.exposeString('title', { nullable: true, description: "Lumen's title of the asset." }),
  }),
});

builder.objectType(builder.objectRef<LumenJobModel>('LumenJob'), {
  description: 'A job of Lumen, the provider the tests add.',
  interfaces: [builder.nodeInterfaceRef(), JobRef],
  isTypeOf: (value) =>
    (value as JobModel).provider === 'LUMEN' && 'isTerminal' in (value as object) && !('kind' in (value as object)),
  fields: (t) => ({
    id: nodeIdField(t, 'LumenJob', (job) => job.providerId),
    providerId: t.expose('providerId', { type: 'UUID', description: "Lumen's job id." }),
  }),
});

export const lumenSchema: SchemaContribution = {
  nodes: {
    LumenAsset: { load: (context, id) => lumenOf(context).assets.load(id), watched: 'asset' },
    LumenJob: { load: (context, id) => lumenOf(context).jobs.load(id), watched: 'job', changes: true },
  },
  wording: {
    enumValue: 'Lumen (the tests’ own provider).',
    job: 'a Lumen job',
    jobsFeed: { items: 'Lumen jobs', held: "Lumen's jobs" },
  },
};
