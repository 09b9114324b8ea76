/**
 * What every asset has, whichever provider holds it: the Asset interface and
 * the enums it uses. (The merged `assets` feed is feed.ts.) The providers'
 * notes in these descriptions are worded in once the schema is built
 * (wording.ts).
 */
import type { AssetModel } from '../models/assets.js';
import { builder } from './builder.js';
import { providerEnum } from './provider-enum.js';

export const AssetKindEnum = builder.enumType('AssetKind', {
  description: 'What a file is, across providers.',
  values: {
    IMAGE: { description: 'A still image.' },
    VIDEO: { description: 'A video.' },
    AUDIO: { description: 'Sound only.' },
    MODEL_3D: { description: 'A 3D model.' },
    OTHER: { description: 'Anything else.' },
  } as const,
});

export const AssetStatusEnum = builder.enumType('AssetStatus', {
  description: 'Processing state.',
  values: {
    PROCESSING: { description: 'Still being made or imported; no URL yet.' },
    READY: { description: 'Done: the file can be fetched.' },
    FAILED: { description: 'The provider gave up on it.' },
  } as const,
});

export const AssetRef = builder.interfaceRef<AssetModel>('Asset').implement({
  description: 'A media file held by one provider, seen through one shape.',
  interfaces: [builder.nodeInterfaceRef()],
  fields: (t) => ({
    provider: t.expose('provider', { type: providerEnum(), description: 'Which provider holds it.' }),
    providerId: t.expose('providerId', {
      type: 'UUID',
      description: "The provider's own id (a UUID), as its REST API spells it.",
    }),
    kind: t.expose('kind', { type: AssetKindEnum, description: 'What the file is.' }),
    status: t.expose('status', { type: AssetStatusEnum, description: 'Whether it can be fetched yet.' }),
    url: t.expose('url', {
      type: 'URL',
      nullable: true,
      description: 'Where the file can be fetched; null while it is processing.',
    }),
    thumbnailUrl: t.expose('thumbnailUrl', {
      type: 'URL',
      nullable: true,
      description: 'A small preview, when the provider makes one.',
    }),
    name: t.exposeString('name', { nullable: true, description: 'Its name, when it has one.' }),
    mimeType: t.exposeString('mimeType', { nullable: true, description: 'Its media type (image/png…), when known.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the provider created it.' }),
  }),
});
