/**
 * Krea's schema contribution: its types and root fields (each module here
 * registers its own on the builder when imported), and what the core's
 * fields need of it: how its Node types load, which are federation
 * entities, which can be watched or deleted as assets, and its words in the
 * core's descriptions.
 */
import type { SchemaContribution } from '../../../schema/contribution.js';
import { KreaAssetRef } from './assets.js';
import { kreaOf } from './context.js';
import './generation.js';
import { KreaJobRef } from './jobs.js';
import { KreaNodeAppRef } from './node-apps.js';
import { KreaStyleRef } from './styles.js';
import './upload.js';

/** Krea's style and node app ids are strings of its own, not UUIDs. */
const KREA_ID = /^[A-Za-z0-9_-]{1,100}$/;

export const kreaSchema: SchemaContribution = {
  nodes: {
    KreaAsset: {
      load: (context, id) => kreaOf(context).loaders.asset.load(id),
      entity: KreaAssetRef,
      watched: 'asset',
      deleteAsset: async (context, id) => {
        const krea = kreaOf(context);
        await krea.client.deleteAsset(id);
        krea.loaders.asset.forget(id);
      },
    },
    KreaJob: {
      load: (context, id) => kreaOf(context).loaders.job.load(id),
      entity: KreaJobRef,
      watched: 'job',
      changes: true,
    },
    KreaStyle: {
      idPattern: KREA_ID,
      load: (context, id) => kreaOf(context).loaders.style.load(id),
      entity: KreaStyleRef,
    },
    KreaNodeApp: {
      idPattern: KREA_ID,
      load: (context, id) => kreaOf(context).loaders.nodeApp.load(id),
      entity: KreaNodeAppRef,
    },
  },
  example: {
    fields: `  kreaAssets(first: 5) {
    edges {
      cursor
      node { id providerId kind mimeType width height url createdAt }
    }
    pageInfo { hasNextPage endCursor }
  }
`,
  },
  // Krea pages by an "older than" timestamp cursor.
  forwardOnly: ['kreaAssets', 'kreaJobs', 'kreaStyles'],
  wording: {
    enumValue: 'Krea (api.krea.ai).',
    assetKind: 'from mime_type',
    model3d: 'a model/* mime type',
    assetStatus: 'Krea assets are READY once uploaded.',
    job: 'a Krea job (generation, enhance, style training, node app)',
    jobsFeed: { items: 'Krea jobs', held: "Krea's jobs" },
    reads: 'styles, node apps',
  },
};
