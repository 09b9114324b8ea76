/**
 * A typed client of mediagraph: the documents come from `npm run codegen`
 * (examples/operations → examples/generated), so results and variables are
 * typed from schema.graphql, and `tsc` fails when a schema change breaks an
 * operation.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { ArgilAssetsPageDocument, AssetByIdDocument, NewestKreaAssetsDocument } from '../generated/graphql.js';

export class GraphQLRequestError extends Error {
  constructor(readonly errors: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>) {
    super(errors.map((error) => error.message).join('; '));
  }
}

export async function request<Result, Variables>(
  url: string,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
  headers: Record<string, string> = {},
): Promise<Result> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: Result; errors?: GraphQLRequestError['errors'] };
  if (body.errors?.length || !body.data) throw new GraphQLRequestError(body.errors ?? []);
  return body.data;
}

/** Every Krea asset id, newest first, walking the connection page by page. */
export async function allKreaAssetIds(url: string, pageSize = 50): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null | undefined;
  for (;;) {
    const data = await request(url, NewestKreaAssetsDocument, { first: pageSize, after });
    ids.push(...data.kreaAssets.edges.map((edge) => edge.node.providerId));
    if (!data.kreaAssets.pageInfo.hasNextPage) return ids;
    after = data.kreaAssets.pageInfo.endCursor;
  }
}

/** The last `count` Argil videos with their total. */
export async function lastArgilVideos(url: string, count: number) {
  const data = await request(url, ArgilAssetsPageDocument, { last: count, types: ['VIDEO'] });
  return { total: data.argilAssets.totalCount, names: data.argilAssets.nodes.map((node) => node.name ?? '(unnamed)') };
}

/** One asset by global id, or null. */
export async function assetKind(url: string, id: string): Promise<string | null> {
  const data = await request(url, AssetByIdDocument, { id });
  const node = data.node;
  return node && 'kind' in node ? node.kind : null;
}
