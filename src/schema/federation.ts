/**
 * mediagraph as an Apollo Federation v2 subgraph: KreaAsset, ArgilAsset and
 * KreaJob are entities with two keys, the global `id` and the provider's
 * `providerId` (the UUID other subgraphs usually store). References resolve
 * through the request's loaders, so `_entities` with 50 representations
 * costs what `nodes` with 50 ids costs.
 */
import type { RequestContext } from '../context.js';
import type { BatchedLoader } from '../loaders/index.js';
import { UUID_PATTERN } from '../providers/shapes.js';
import { ArgilAssetRef } from './argil.js';
import { builder } from './builder.js';
import { decodeGlobalId, encodeGlobalId } from './global-id.js';
import { ArgilVideoRef } from './argil-videos.js';
import { KreaNodeAppRef } from './krea-node-apps.js';
import { KreaStyleRef } from './krea-styles.js';
import type { NodeTypeName } from './global-id.js';
import { KreaJobRef } from './krea-jobs.js';
import { KreaAssetRef } from './krea.js';

/** A representation names its entity by one key or the other. */
type Reference = { id: string } | { providerId: string };

const keys = [builder.selection<{ id: string }>('id'), builder.selection<{ providerId: string }>('providerId')];

/** The provider id a representation names, or undefined when it names nothing of `typename`. */
function providerIdOf(reference: Reference, typename: NodeTypeName): string | undefined {
  if ('providerId' in reference) {
    // Krea's style and node app ids are its own strings; everything else is a UUID.
    if (typename === 'KreaStyle' || typename === 'KreaNodeApp') {
      return decodeGlobalId(encodeGlobalId(typename, reference.providerId))?.id;
    }
    return UUID_PATTERN.test(reference.providerId) ? reference.providerId.toLowerCase() : undefined;
  }
  const decoded = decodeGlobalId(reference.id);
  return decoded?.typename === typename ? decoded.id : undefined;
}

function resolveWith<T>(typename: NodeTypeName, loaderOf: (context: RequestContext) => BatchedLoader<T>) {
  return (reference: Reference, context: RequestContext) => {
    const id = providerIdOf(reference, typename);
    return id === undefined ? null : loaderOf(context).load(id);
  };
}

builder.asEntity(KreaAssetRef, {
  key: keys,
  resolveReference: resolveWith('KreaAsset', (context) => context.loaders.kreaAsset),
});

builder.asEntity(ArgilAssetRef, {
  key: keys,
  resolveReference: resolveWith('ArgilAsset', (context) => context.loaders.argilAsset),
});

builder.asEntity(KreaJobRef, {
  key: keys,
  resolveReference: resolveWith('KreaJob', (context) => context.loaders.kreaJob),
});

builder.asEntity(KreaStyleRef, {
  key: keys,
  resolveReference: resolveWith('KreaStyle', (context) => context.loaders.kreaStyle),
});

builder.asEntity(KreaNodeAppRef, {
  key: keys,
  resolveReference: resolveWith('KreaNodeApp', (context) => context.loaders.kreaNodeApp),
});

builder.asEntity(ArgilVideoRef, {
  key: keys,
  resolveReference: resolveWith('ArgilVideo', (context) => context.loaders.argilVideo),
});
