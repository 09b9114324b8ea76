import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codes, startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

const NODES = /* GraphQL */ `
  query Nodes($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      id
      ... on Asset {
        providerId
        provider
        kind
        status
        createdAt
      }
      ... on KreaAsset {
        width
        description
      }
      ... on ArgilAsset {
        type
        name
      }
    }
  }
`;

type NodeResult = { __typename: string; id: string; providerId: string; provider: string } | null;

let stack: Stack;
let kreaIds: string[];
let argilReady: string[];
let argilOther: string[];

beforeAll(async () => {
  // 1,100 Krea assets: the oldest 100 are outside one newest-first page of 1,000.
  stack = await startStack({ sandbox: { kreaAssets: 1100, argilAssets: 160, kreaJobs: 0 } });
  const data = stack.sandbox.tenants[0]!.data;
  kreaIds = data.kreaAssets.map((asset) => asset.id);
  argilReady = data.argilAssets.filter((asset) => asset.status === 'READY').map((asset) => asset.id);
  argilOther = data.argilAssets.filter((asset) => asset.status !== 'READY').map((asset) => asset.id);
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.sandbox.controls.resetCalls();
  stack.sandbox.controls.latencyMs = 0;
});

const calls = (provider: 'krea' | 'argil', path: string | RegExp) =>
  stack.sandbox.controls.count(provider, 'GET', path);
const SINGLE = /^\/assets\/|^\/v1\/assets\//;
const LIST = /^\/assets$|^\/v1\/assets$/;

describe('node and nodes', () => {
  it('refetches a node of either provider by the global id a list gave', async () => {
    const list = await stack.query<{ kreaAssets: { nodes: { id: string; width: number | null }[] } }>(
      '{ kreaAssets(first: 1) { nodes { id width } } }',
    );
    const krea = list.data!.kreaAssets.nodes[0]!;
    const refetched = await stack.query<{ node: { id: string; width: number | null } }>(
      'query($id: ID!) { node(id: $id) { id ... on KreaAsset { width } } }',
      { id: krea.id },
    );
    expect(refetched.data!.node).toEqual(krea);

    const argil = await stack.query<{ node: { providerId: string; type: string } }>(
      'query($id: ID!) { node(id: $id) { ... on ArgilAsset { providerId type } } }',
      { id: gid('ArgilAsset', argilOther[0]!) },
    );
    expect(argil.data!.node.providerId).toBe(argilOther[0]);
  });

  it('gives null for unknown, malformed and foreign ids, calling upstream only for the well-formed unknown one', async () => {
    const unknown = randomUUID();
    const response = await stack.query<{ nodes: NodeResult[] }>(NODES, {
      ids: [
        gid('KreaAsset', unknown),
        'not base64!',
        gid('User', kreaIds[0]!),
        gid('KreaAsset', 'not-a-uuid'),
        'S3JlYUFzc2V0',
      ],
    });
    expect(response.errors).toBeUndefined();
    expect(response.data!.nodes).toEqual([null, null, null, null, null]);
    expect(stack.sandbox.controls.calls.map((call) => call.path)).toEqual([`/assets/${unknown}`]);
  });

  it('refuses more than 100 ids', async () => {
    const ids = Array.from({ length: 101 }, () => gid('KreaAsset', randomUUID()));
    const response = await stack.query(NODES, { ids });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(stack.sandbox.controls.calls).toHaveLength(0);
  });
});

describe('per-request loaders', () => {
  it('costs one upstream call for an id asked for many times', async () => {
    const id = kreaIds[5]!;
    const response = await stack.query<{ nodes: NodeResult[]; a: { providerId: string } }>(
      `query($ids: [ID!]!, $id: UUID!) { nodes(ids: $ids) { id } a: kreaAsset(id: $id) { providerId } b: kreaAsset(id: $id) { providerId } }`,
      { ids: [gid('KreaAsset', id), gid('KreaAsset', id), gid('KreaAsset', id)], id },
    );
    expect(response.data!.nodes.every((node) => node !== null)).toBe(true);
    expect(response.data!.a.providerId).toBe(id);
    expect(stack.sandbox.controls.calls.map((call) => call.path)).toEqual([`/assets/${id}`]);
  });

  it('serves a node a list call of the same request returned, without a call of its own', async () => {
    const response = await stack.query<{ kreaAsset: { providerId: string }; argilAsset: { providerId: string } }>(
      `query($k: UUID!, $a: UUID!) {
        kreaAssets(first: 5) { nodes { id } }
        argilAssets(first: 5) { nodes { id } }
        kreaAsset(id: $k) { providerId }
        argilAsset(id: $a) { providerId }
      }`,
      { k: kreaIds[2]!, a: argilReady[3]! },
    );
    expect(response.data!.kreaAsset.providerId).toBe(kreaIds[2]);
    expect(response.data!.argilAsset.providerId).toBe(argilReady[3]);
    expect(calls('krea', LIST)).toBe(1);
    expect(calls('argil', LIST)).toBe(1);
    expect(calls('krea', SINGLE) + calls('argil', SINGLE)).toBe(0);
  });

  it('reads one largest list page for a batch of 10 or more, then fetches singly only what it lacked', async () => {
    const newest = kreaIds.slice(0, 7);
    const oldest = kreaIds.slice(-4);
    const unknown = [randomUUID()];
    const ids = [...newest, ...oldest, ...unknown].map((id) => gid('KreaAsset', id));
    const response = await stack.query<{ nodes: NodeResult[] }>(NODES, { ids });
    expect(response.data!.nodes.map((node) => node?.providerId ?? null)).toEqual([...newest, ...oldest, null]);
    const lists = stack.sandbox.controls.calls.filter((call) => call.path === '/assets');
    expect(lists.map((call) => call.query.get('limit'))).toEqual(['1000']);
    expect(calls('krea', SINGLE)).toBe(oldest.length + unknown.length);
  });

  it('fetches a batch of fewer than 10 ids singly', async () => {
    const ids = kreaIds.slice(0, 9).map((id) => gid('KreaAsset', id));
    await stack.query(NODES, { ids });
    expect(calls('krea', LIST)).toBe(0);
    expect(calls('krea', SINGLE)).toBe(9);
  });

  it('does the same for Argil with its largest page (100), and serves both providers in one nodes call', async () => {
    const ready = argilReady.slice(0, 8);
    const beyond = argilReady.slice(100, 102);
    const processing = argilOther.slice(0, 2);
    const argil = [...ready, ...beyond, ...processing];
    const krea = kreaIds.slice(0, 2);
    const ids = [...argil.map((id) => gid('ArgilAsset', id)), ...krea.map((id) => gid('KreaAsset', id))];
    const response = await stack.query<{ nodes: NodeResult[] }>(NODES, { ids });
    expect(response.data!.nodes.map((node) => node?.providerId)).toEqual([...argil, ...krea]);
    expect(response.data!.nodes.map((node) => node?.__typename)).toEqual([
      ...argil.map(() => 'ArgilAsset'),
      ...krea.map(() => 'KreaAsset'),
    ]);
    const lists = stack.sandbox.controls.calls.filter((call) => call.path === '/v1/assets');
    expect(lists.map((call) => call.query.get('pageSize'))).toEqual(['100']);
    expect(calls('argil', SINGLE)).toBe(beyond.length + processing.length);
    expect(calls('krea', SINGLE)).toBe(2);
  });

  it('keeps at most 8 single fetches in flight per provider per request', async () => {
    stack.sandbox.controls.latencyMs = 25;
    const ids = Array.from({ length: 30 }, () => gid('KreaAsset', randomUUID()));
    const response = await stack.query<{ nodes: NodeResult[] }>(NODES, { ids });
    expect(response.data!.nodes).toEqual(ids.map(() => null));
    expect(calls('krea', SINGLE)).toBe(30);
    expect(stack.sandbox.controls.peakInFlight.krea).toBe(8);
  });

  it('never shares a loader between requests', async () => {
    const id = kreaIds[0]!;
    for (let i = 0; i < 3; i++) await stack.query('query($id: UUID!) { kreaAsset(id: $id) { id } }', { id });
    expect(calls('krea', SINGLE)).toBe(3);
  });
});
