/**
 * Schema stitching (@graphql-tools/stitch): mediagraph over HTTP stitched
 * with a local ratings schema, merging KreaAsset by providerId both ways.
 */
import { execute, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratingsSchema, stitchWithMediagraph } from '../../examples/stitching/stitch.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ sandbox: { kreaAssets: 40, argilAssets: 5, kreaJobs: 0 } });
});
afterAll(() => stack.close());

describe('schema stitching', () => {
  it('merges KreaAsset by providerId in both directions', async () => {
    const assets = stack.sandbox.tenants[0]!.data.kreaAssets;
    const stars = new Map(assets.slice(0, 6).map((asset, i) => [asset.id, 5 - (i % 5)]));
    const stitched = stitchWithMediagraph({ mediagraphUrl: await stack.listen(), ratings: ratingsSchema(stars) });

    // mediagraph → ratings: stars on mediagraph's own list.
    const fromMediagraph = await execute({
      schema: stitched,
      document: parse('{ kreaAssets(first: 3) { nodes { providerId width stars } } }'),
    });
    expect(fromMediagraph.errors).toBeUndefined();
    const nodes = (fromMediagraph.data as { kreaAssets: { nodes: Array<{ providerId: string; stars: number }> } })
      .kreaAssets.nodes;
    expect(nodes.map((node) => node.stars)).toEqual(assets.slice(0, 3).map((asset) => stars.get(asset.id)));

    // ratings → mediagraph: the top rated, with mediagraph's fields, in one batched request.
    const operations = async () => {
      const metric = await stack.services.metrics.registry
        .getSingleMetric('mediagraph_graphql_operations_total')!
        .get();
      return metric.values.reduce((sum, value) => sum + value.value, 0);
    };
    const before = await operations();
    stack.sandbox.controls.resetCalls();
    const fromRatings = await execute({
      schema: stitched,
      document: parse('{ topRated(limit: 5) { providerId stars url mimeType } }'),
    });
    expect(fromRatings.errors).toBeUndefined();
    const top = (fromRatings.data as { topRated: Array<{ providerId: string; stars: number; url: string }> }).topRated;
    expect(top).toHaveLength(5);
    expect(top.every((asset) => asset.url === assets.find((a) => a.id === asset.providerId)!.image_url)).toBe(true);
    // Five merges in one operation on mediagraph, whose loader fetched the five singly (fewer than 10 ids).
    expect((await operations()) - before).toBe(1);
    expect(stack.sandbox.controls.count('krea', 'GET', /^\/assets\//)).toBe(5);
  });
});
