/**
 * Writes: upload to Krea (streamed), import into Argil, delete on either.
 * Every argument is checked before any upstream call; a POST is never
 * retried. A written object primes the request's loader; a deleted one
 * leaves it.
 */
import { fromArgilAsset, fromKreaAsset } from '../models/assets.js';
import type { ArgilAssetModel, KreaAssetModel } from '../models/assets.js';
import { uploadToKrea } from '../uploads/krea-upload.js';
import { ArgilAssetRef } from './argil.js';
import { builder } from './builder.js';
import { NAMES_UPSTREAM_OBJECTS } from './operation-cost.js';
import { userInputError } from './errors.js';
import { decodeGlobalId } from './global-id.js';
import { checkHttpUrl, checkLength, INPUT_LIMITS } from './input-limits.js';
import { KreaAssetRef } from './krea.js';

const UploadKreaAssetInput = builder.inputType('UploadKreaAssetInput', {
  description: 'A file to upload to Krea, sent as a GraphQL multipart request.',
  fields: (t) => ({
    file: t.field({
      type: 'File',
      required: true,
      description: 'JPEG, PNG, WebP, HEIC, MP4, MOV, WebM, GLB, WAV or MP3; at most 75 MB.',
    }),
    description: t.string({ required: false, description: `At most ${INPUT_LIMITS.descriptionLength} characters.` }),
  }),
});

const UploadKreaAssetPayload = builder.objectRef<{ asset: KreaAssetModel }>('UploadKreaAssetPayload').implement({
  description: 'What uploadKreaAsset answers.',
  fields: (t) => ({
    asset: t.expose('asset', { type: KreaAssetRef, description: 'The asset Krea made of the file.' }),
  }),
});

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

export const DeletePayloadRef = builder.objectRef<{ deletedId: string }>('DeletePayload').implement({
  description: 'What a delete answers.',
  fields: (t) => ({ deletedId: t.exposeID('deletedId', { description: 'The global id of what was deleted.' }) }),
});

builder.mutationType({
  description: 'Making and changing media: generations, uploads, imports, videos, styles, deletes.',
});

builder.mutationFields((t) => ({
  uploadKreaAsset: t.field({
    type: UploadKreaAssetPayload,
    description: "A GraphQL multipart upload, streamed to Krea's POST /assets.",
    args: {
      input: t.arg({ description: 'The file and its description.', type: UploadKreaAssetInput, required: true }),
    },
    resolve: async (_root, { input }, context) => {
      if (input.description != null)
        checkLength('input.description', input.description, INPUT_LIMITS.descriptionLength);
      const uploaded = await uploadToKrea(context.krea, input.file, {
        description: input.description,
        timeoutMs: context.uploadTimeoutMs,
      });
      const asset = fromKreaAsset(uploaded);
      context.loaders.kreaAsset.remember([asset]);
      return { asset };
    },
  }),
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
      const imported = await context.argil.importAsset({ name: input.name, type: input.type, url: url.href });
      const asset = fromArgilAsset(imported);
      context.loaders.argilAsset.remember([asset]);
      return { asset };
    },
  }),
  deleteAsset: t.field({
    type: DeletePayloadRef,
    description: 'Deletes a KreaAsset or an ArgilAsset, whichever the global id names.',
    args: {
      id: t.arg.id({
        description: 'A KreaAsset or ArgilAsset global id.',
        required: true,
        extensions: NAMES_UPSTREAM_OBJECTS,
      }),
    },
    resolve: async (_root, { id }, context) => {
      const decoded = decodeGlobalId(String(id));
      if (decoded?.typename === 'KreaAsset') {
        await context.krea.deleteAsset(decoded.id);
        context.loaders.kreaAsset.forget(decoded.id);
      } else if (decoded?.typename === 'ArgilAsset') {
        await context.argil.deleteAsset(decoded.id);
        context.loaders.argilAsset.forget(decoded.id);
      } else {
        throw userInputError('`id` must be the global id of a KreaAsset or an ArgilAsset');
      }
      return { deletedId: String(id) };
    },
  }),
  deleteKreaJob: t.field({
    type: DeletePayloadRef,
    description: "Krea's DELETE /jobs/{id}: cancels a queued or processing job.",
    args: { id: t.arg.id({ description: 'A KreaJob global id.', required: true, extensions: NAMES_UPSTREAM_OBJECTS }) },
    resolve: async (_root, { id }, context) => {
      const decoded = decodeGlobalId(String(id));
      if (decoded?.typename !== 'KreaJob') throw userInputError('`id` must be the global id of a KreaJob');
      await context.krea.deleteJob(decoded.id);
      context.loaders.kreaJob.forget(decoded.id);
      return { deletedId: String(id) };
    },
  }),
}));
