/**
 * What every asset has, whichever provider holds it: the Asset interface and
 * the enums it uses. (The merged `assets` feed joins this module later.)
 */
import type { AssetModel } from '../models/assets.js';
import { builder } from './builder.js';

export const ProviderEnum = builder.enumType('Provider', { values: ['KREA', 'ARGIL'] as const });

export const AssetKindEnum = builder.enumType('AssetKind', {
  description: 'What a file is, across providers (Krea: from mime_type; Argil: from type).',
  values: ['IMAGE', 'VIDEO', 'AUDIO', 'MODEL_3D', 'OTHER'] as const,
});

export const AssetStatusEnum = builder.enumType('AssetStatus', {
  description: 'Processing state. Krea assets are READY once uploaded.',
  values: ['PROCESSING', 'READY', 'FAILED'] as const,
});

export const AssetRef = builder.interfaceRef<AssetModel>('Asset').implement({
  description: 'A media file held by one provider, seen through one shape.',
  interfaces: [builder.nodeInterfaceRef()],
  fields: (t) => ({
    provider: t.expose('provider', { type: ProviderEnum }),
    providerId: t.expose('providerId', {
      type: 'UUID',
      description: "The provider's own id (a UUID), as its REST API spells it.",
    }),
    kind: t.expose('kind', { type: AssetKindEnum }),
    status: t.expose('status', { type: AssetStatusEnum }),
    url: t.expose('url', {
      type: 'URL',
      nullable: true,
      description: 'Where the file can be fetched; null while it is processing.',
    }),
    thumbnailUrl: t.expose('thumbnailUrl', { type: 'URL', nullable: true }),
    name: t.exposeString('name', { nullable: true }),
    mimeType: t.exposeString('mimeType', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});
