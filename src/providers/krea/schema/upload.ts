/**
 * `uploadKreaAsset`: a GraphQL multipart upload, streamed to Krea's POST
 * /assets. Every argument is checked before any upstream call; a POST is
 * never retried. The written asset primes the request's loader.
 */
import { builder } from '../../../schema/builder.js';
import { checkLength, INPUT_LIMITS } from '../../../schema/input-limits.js';
import { fromKreaAsset } from '../models/assets.js';
import type { KreaAssetModel } from '../models/assets.js';
import { uploadToKrea } from '../uploads/upload.js';
import { KreaAssetRef } from './assets.js';
import { kreaOf } from './context.js';

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
      const uploaded = await uploadToKrea(kreaOf(context).client, input.file, {
        description: input.description,
        timeoutMs: context.uploadTimeoutMs,
      });
      const asset = fromKreaAsset(uploaded);
      kreaOf(context).loaders.asset.remember([asset]);
      return { asset };
    },
  }),
}));
