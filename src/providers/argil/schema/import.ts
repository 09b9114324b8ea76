/**
 * `importArgilAsset`: Argil's POST /assets, which downloads the file from a
 * URL. Every argument is checked before any upstream call; a POST is never
 * retried. The imported asset primes the request's loader.
 */
import { builder } from '../../../schema/builder.js';
import { checkHttpUrl, checkLength, INPUT_LIMITS } from '../../../schema/input-limits.js';
import { fromArgilAsset } from '../models/assets.js';
import type { ArgilAssetModel } from '../models/assets.js';
import { ArgilAssetRef } from './assets.js';
import { argilOf } from './context.js';

const ArgilImportTypeEnum = builder.enumType('ArgilImportType', {
  description: 'What Argil can import (its POST /assets accepts IMAGE or VIDEO, not AUDIO).',
  values: {
    IMAGE: { description: 'A still image.' },
    VIDEO: { description: 'A video.' },
  } as const,
});

const ImportArgilAssetInput = builder.inputType('ImportArgilAssetInput', {
  description: "A file for Argil to import from a URL (Argil's POST /assets).",
  fields: (t) => ({
    url: t.field({
      type: 'URL',
      required: true,
      description: `A public http(s) URL that Argil downloads (Argil's POST /assets takes a URL, not bytes); at most ${INPUT_LIMITS.urlLength} characters.`,
    }),
    name: t.string({ required: true, description: `1 to ${INPUT_LIMITS.nameLength} characters.` }),
    type: t.field({ description: 'What the URL holds.', type: ArgilImportTypeEnum, required: true }),
  }),
});

const ImportArgilAssetPayload = builder.objectRef<{ asset: ArgilAssetModel }>('ImportArgilAssetPayload').implement({
  description: 'What importArgilAsset answers.',
  fields: (t) => ({
    asset: t.expose('asset', {
      type: ArgilAssetRef,
      description: 'Usually PROCESSING at first; watch it with assetUpdates.',
    }),
  }),
});

builder.mutationFields((t) => ({
  importArgilAsset: t.field({
    type: ImportArgilAssetPayload,
    description: "Argil's POST /assets: Argil downloads the file from the URL.",
    args: {
      input: t.arg({
        description: 'Where Argil downloads the file from, and what it is.',
        type: ImportArgilAssetInput,
        required: true,
      }),
    },
    resolve: async (_root, { input }, context) => {
      checkLength('input.name', input.name, INPUT_LIMITS.nameLength, 1);
      // The URL scalar parses to a URL, but not every executor applies it to literals in input objects.
      const url = checkHttpUrl('input.url', String(input.url));
      const imported = await argilOf(context).client.importAsset({ name: input.name, type: input.type, url: url.href });
      const asset = fromArgilAsset(imported);
      argilOf(context).loaders.asset.remember([asset]);
      return { asset };
    },
  }),
}));
