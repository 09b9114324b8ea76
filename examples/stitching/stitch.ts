/**
 * Schema stitching: mediagraph (remote, over HTTP) stitched with a local
 * "ratings" schema, with type merging on KreaAsset by `providerId` both ways:
 * mediagraph resolves a KreaAsset by `kreaAsset(id:)`, ratings by
 * `kreaAssetRating(providerId:)`. Batched delegation turns many merges into
 * one request to mediagraph, where its loaders batch them again.
 */
import { readFileSync } from 'node:fs';
import { buildHTTPExecutor } from '@graphql-tools/executor-http';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { stitchSchemas } from '@graphql-tools/stitch';
import { buildSchema } from 'graphql';
import type { GraphQLSchema } from 'graphql';

export const RATINGS_SDL = /* GraphQL */ `
  scalar UUID
  type KreaAsset {
    providerId: UUID!
    stars: Int!
  }
  type Query {
    kreaAssetRating(providerId: UUID!): KreaAsset!
    topRated(limit: Int!): [KreaAsset!]!
  }
`;

export function ratingsSchema(stars: ReadonlyMap<string, number>): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs: RATINGS_SDL,
    resolvers: {
      Query: {
        kreaAssetRating: (_root: unknown, { providerId }: { providerId: string }) => ({
          providerId,
          stars: stars.get(providerId) ?? 0,
        }),
        topRated: (_root: unknown, { limit }: { limit: number }) =>
          [...stars.entries()]
            .sort((a, b) => b[1] - a[1])
            .slice(0, limit)
            .map(([providerId, value]) => ({ providerId, stars: value })),
      },
    },
  });
}

export function stitchWithMediagraph(options: {
  mediagraphUrl: string;
  headers?: Record<string, string>;
  ratings: GraphQLSchema;
}): GraphQLSchema {
  // mediagraph's own printed schema, so no introspection round trip is needed.
  const mediagraph = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));
  return stitchSchemas({
    subschemas: [
      {
        schema: mediagraph,
        executor: buildHTTPExecutor({ endpoint: options.mediagraphUrl, headers: options.headers ?? {} }),
        batch: true,
        merge: {
          KreaAsset: {
            selectionSet: '{ providerId }',
            fieldName: 'kreaAsset',
            args: (asset: { providerId: string }) => ({ id: asset.providerId }),
          },
        },
      },
      {
        schema: options.ratings,
        merge: {
          KreaAsset: {
            selectionSet: '{ providerId }',
            fieldName: 'kreaAssetRating',
            args: (asset: { providerId: string }) => ({ providerId: asset.providerId }),
          },
        },
      },
    ],
  });
}
