/**
 * Argil's schema contribution: its types and root fields (each module here
 * registers its own on the builder when imported), and what the core's
 * fields need of it: how its Node types load, which are federation
 * entities, which can be watched or deleted as assets, and its words in the
 * core's descriptions.
 */
import type { SchemaContribution } from '../../../schema/contribution.js';
import { ArgilAssetRef } from './assets.js';
import './avatars.js';
import { argilOf } from './context.js';
import './import.js';
import './subtitles.js';
import { ArgilVideoRef } from './videos.js';
import './voices.js';
import './webhooks.js';

export const argilSchema: SchemaContribution = {
  nodes: {
    ArgilAsset: {
      load: (context, id) => argilOf(context).loaders.asset.load(id),
      entity: ArgilAssetRef,
      watched: 'asset',
      deleteAsset: async (context, id) => {
        const argil = argilOf(context);
        await argil.client.deleteAsset(id);
        argil.loaders.asset.forget(id);
      },
    },
    ArgilVideo: {
      load: (context, id) => argilOf(context).loaders.video.load(id),
      entity: ArgilVideoRef,
      watched: 'job',
      changes: true,
    },
    // Its training state moves.
    ArgilAvatar: { load: (context, id) => argilOf(context).loaders.avatar.load(id), changes: true },
    ArgilVoice: { load: (context, id) => argilOf(context).loaders.voice.load(id) },
    ArgilWebhook: { load: (context, id) => argilOf(context).loaders.webhook.load(id) },
    ArgilSubtitleStyle: { load: (context, id) => argilOf(context).loaders.subtitleStyle.load(id) },
  },
  example: {
    fields: `  argilAssets(first: 5, types: [IMAGE, VIDEO]) {
    totalCount
    nodes { id name type status url thumbnailUrl createdAt }
    pageInfo { hasNextPage endCursor }
  }
`,
    next: 'argilAssets(last: 5)',
  },
  wording: {
    enumValue: 'Argil (api.argil.ai).',
    assetKind: 'from type',
    statusDefault: "Argil's own default",
    draftJob: 'an Argil video before renderArgilVideo',
    job: 'an Argil video render',
    jobsFeed: { items: 'Argil videos', held: "Argil's videos" },
    reads: 'avatars and voices',
  },
};
