/**
 * What every asset has, whichever provider holds it: the Asset interface, the
 * enums it uses, and the merged `assets` feed over both providers.
 */
import type { AssetModel } from '../models/assets.js';
import { builder } from './builder.js';
import { emptyConnection } from './connections.js';
import { withFallback } from './errors.js';
import { resolveFeed } from './feed.js';

export const ProviderEnum = builder.enumType('Provider', {
  description: 'Which platform holds an object.',
  values: {
    KREA: { description: 'Krea (api.krea.ai).' },
    ARGIL: { description: 'Argil (api.argil.ai).' },
  } as const,
});

export const AssetKindEnum = builder.enumType('AssetKind', {
  description: 'What a file is, across providers (Krea: from mime_type; Argil: from type).',
  values: {
    IMAGE: { description: 'A still image.' },
    VIDEO: { description: 'A video.' },
    AUDIO: { description: 'Sound only.' },
    MODEL_3D: { description: 'A 3D model (Krea: a model/* mime type).' },
    OTHER: { description: 'Anything else.' },
  } as const,
});

export const AssetStatusEnum = builder.enumType('AssetStatus', {
  description: 'Processing state. Krea assets are READY once uploaded.',
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
    provider: t.expose('provider', { type: ProviderEnum, description: 'Which provider holds it.' }),
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

const AssetFilterInput = builder.inputType('AssetFilter', {
  description: 'Narrows the merged feed; every condition must hold.',
  fields: (t) => ({
    providers: t.field({
      type: [ProviderEnum],
      required: false,
      description: 'Only these providers (default: every provider the caller has credentials for).',
    }),
    kinds: t.field({ type: [AssetKindEnum], required: false, description: 'Only these kinds.' }),
    status: t.field({ type: AssetStatusEnum, required: false, description: "Default: READY (Argil's own default)." }),
    createdAfter: t.field({ type: 'DateTime', required: false, description: 'Strictly after this instant.' }),
    createdBefore: t.field({ type: 'DateTime', required: false, description: 'Strictly before this instant.' }),
  }),
});

builder.queryField('assets', (t) =>
  t.connection(
    {
      type: AssetRef,
      description: 'Both providers merged into one feed, newest first, with one opaque cursor.',
      args: {
        filter: t.arg({
          type: AssetFilterInput,
          required: false,
          description: 'Which assets; all READY ones by default.',
        }),
      },
      resolve: (_root, args, context, info) =>
        withFallback(
          context,
          info,
          () => resolveFeed(args, context, info),
          () => ({
            ...emptyConnection<AssetModel>(),
            totalCount: null,
          }),
        ),
    },
    {
      name: 'AssetConnection',
      description: 'A page of the merged feed: assets of one or both providers, newest first.',
      fields: (t) => ({
        totalCount: t.int({
          nullable: true,
          description:
            'Known when every provider in the connection reports a total (Argil does, Krea does not); null otherwise.',
          resolve: (connection) => (connection as unknown as { totalCount: number | null }).totalCount,
        }),
      }),
    },
    { name: 'AssetEdge', description: 'An asset of either provider and its cursor.' },
  ),
);
