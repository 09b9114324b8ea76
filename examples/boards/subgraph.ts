/**
 * "boards": a small Apollo Federation v2 subgraph that pins mediagraph's
 * assets by the provider's UUID (what other services usually store) and adds
 * `pinnedBy` to KreaAsset and ArgilAsset. Used by the composition and
 * gateway tests, and as the README's example of composing mediagraph.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import { createYoga } from 'graphql-yoga';

export interface Board {
  id: string;
  name: string;
  kreaAssetIds: string[];
  argilAssetIds: string[];
}

export const BOARDS_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  scalar UUID

  type Board @key(fields: "id") {
    id: ID!
    name: String!
    kreaAssets: [KreaAsset!]!
    argilAssets: [ArgilAsset!]!
  }

  type KreaAsset @key(fields: "providerId") {
    providerId: UUID!
    pinnedBy: [Board!]!
  }

  type ArgilAsset @key(fields: "providerId") {
    providerId: UUID!
    pinnedBy: [Board!]!
  }

  type Query {
    boards: [Board!]!
  }
`;

export function boardsSchema(boards: readonly Board[]): GraphQLSchema {
  const pinning = (field: 'kreaAssetIds' | 'argilAssetIds') => (asset: { providerId: string }) =>
    boards.filter((board) => board[field].includes(asset.providerId));
  return buildSubgraphSchema({
    typeDefs: parse(BOARDS_SDL),
    resolvers: {
      Query: { boards: () => boards },
      Board: {
        __resolveReference: (reference: { id: string }) => boards.find((board) => board.id === reference.id) ?? null,
        kreaAssets: (board: Board) => board.kreaAssetIds.map((providerId) => ({ providerId })),
        argilAssets: (board: Board) => board.argilAssetIds.map((providerId) => ({ providerId })),
      },
      KreaAsset: { pinnedBy: pinning('kreaAssetIds') },
      ArgilAsset: { pinnedBy: pinning('argilAssetIds') },
    },
  });
}

export function boardsServer(boards: readonly Board[]) {
  return createYoga({ schema: boardsSchema(boards), logging: false, graphiql: false, landingPage: false });
}
