/**
 * mediagraph in a federated graph: its subgraph SDL, entity resolution cost,
 * composition with a second subgraph, and a real Hive gateway runtime
 * serving the supergraph over HTTP in both directions, and enforcing the
 * scopes the subgraph declares (@requiresScopes, @authenticated).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import http from '@graphql-mesh/transport-http';
import { parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BOARDS_SDL, boardsServer } from '../../examples/boards/subgraph.js';
import type { Board } from '../../examples/boards/subgraph.js';
import { schema } from '../../src/schema/index.js';
import { subgraphSdl } from '../../src/schema/subgraph-sdl.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

let stack: Stack;
let mediagraphUrl: string;
let boardsUrl: string;
let closeBoards: () => Promise<void>;
let boards: Board[];

beforeAll(async () => {
  stack = await startStack({ sandbox: { kreaAssets: 300, argilAssets: 80, kreaJobs: 20 } });
  mediagraphUrl = await stack.listen();
  const data = stack.sandbox.tenants[0]!.data;
  const ready = data.argilAssets.filter((asset) => asset.status === 'READY');
  boards = [
    {
      id: 'b1',
      name: 'Moodboard',
      kreaAssetIds: data.kreaAssets.slice(0, 12).map((a) => a.id),
      argilAssetIds: [ready[0]!.id],
    },
    {
      id: 'b2',
      name: 'Launch',
      kreaAssetIds: [data.kreaAssets[3]!.id],
      argilAssetIds: ready.slice(1, 3).map((a) => a.id),
    },
  ];
  const server = createServer(boardsServer(boards));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  boardsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  closeBoards = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
});
afterAll(async () => {
  await closeBoards();
  await stack.close();
});
beforeEach(() => stack.sandbox.controls.resetCalls());

describe('the subgraph', () => {
  it('serves `_service { sdl }` equal to the checked-in subgraph.graphql (run `npm run schema` after a change)', async () => {
    const checkedIn = readFileSync(new URL('../../subgraph.graphql', import.meta.url), 'utf8');
    expect(checkedIn).toBe(`${await subgraphSdl(schema)}\n`);
    const served = await stack.query<{ _service: { sdl: string } }>('{ _service { sdl } }');
    expect(`${served.data!._service.sdl.trim()}\n`).toBe(checkedIn);
    for (const type of ['KreaAsset', 'ArgilAsset', 'KreaJob']) {
      expect(checkedIn).toMatch(
        new RegExp(`type ${type} [^{]*@key\\(fields: "id"\\)\\s*@key\\(fields: "providerId"\\)`),
      );
    }
  });

  it('resolves 50 representations by either key for what `nodes` with 50 ids costs', async () => {
    const ids = stack.sandbox.tenants[0]!.data.kreaAssets.slice(0, 50).map((asset) => asset.id);
    const representations = ids.map((id, i) =>
      i % 2 === 0 ? { __typename: 'KreaAsset', providerId: id } : { __typename: 'KreaAsset', id: gid('KreaAsset', id) },
    );
    const entities = await stack.query<{ _entities: Array<{ providerId: string } | null> }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on KreaAsset { providerId width } } }',
      { r: representations },
    );
    expect(entities.errors).toBeUndefined();
    expect(entities.data!._entities.map((entity) => entity?.providerId)).toEqual(ids);
    const entityCalls = stack.sandbox.controls.calls.map((call) => call.path);
    stack.sandbox.controls.resetCalls();
    await stack.query('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: ids.map((id) => gid('KreaAsset', id)),
    });
    const nodeCalls = stack.sandbox.controls.calls.map((call) => call.path);
    expect(entityCalls).toEqual(nodeCalls);
    expect(entityCalls).toEqual(['/assets']);
  });

  it('gives null for a representation of another type or a malformed key', async () => {
    const job = stack.sandbox.tenants[0]!.data.kreaJobs[0]!.job_id;
    const response = await stack.query<{ _entities: unknown[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
      {
        r: [
          { __typename: 'KreaAsset', id: gid('KreaJob', job) },
          { __typename: 'ArgilAsset', providerId: 'nope' },
          // `_Any` lets a key be anything JSON: these name nothing either (no INTERNAL_SERVER_ERROR).
          { __typename: 'KreaAsset', id: null },
          { __typename: 'KreaAsset', id: 7 },
          { __typename: 'ArgilAsset', providerId: { nested: true } },
        ],
      },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities).toEqual([null, null, null, null, null]);
    expect(stack.sandbox.controls.calls).toHaveLength(0);
  });
});

describe('composition and a federation gateway', () => {
  const supergraph = () => {
    const result = composeServices([
      {
        name: 'mediagraph',
        typeDefs: parse(readFileSync(new URL('../../subgraph.graphql', import.meta.url), 'utf8')),
        url: mediagraphUrl,
      },
      { name: 'boards', typeDefs: parse(BOARDS_SDL), url: boardsUrl },
    ]);
    return result;
  };

  it('composes mediagraph with the boards subgraph without errors', () => {
    const result = supergraph();
    expect(result.errors ?? []).toEqual([]);
    expect(result.supergraphSdl).toContain('pinnedBy');
  });

  it('carries the authorization directives into the supergraph, where a Hive gateway enforces them', async () => {
    const { supergraphSdl } = supergraph();
    expect(supergraphSdl).toContain('@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)');
    expect(supergraphSdl).toContain('@link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)');
    expect(supergraphSdl).toMatch(/\): KreaGenerationPayload! .*@requiresScopes\(scopes: \[\["media:generate"\]\]\)/);
    expect(supergraphSdl).toMatch(/\): KreaAssetConnection! .*@requiresScopes\(scopes: \[\["media:read"\]\]\)/);
    expect(supergraphSdl).toMatch(/ viewer: Viewer! .*@authenticated/);
    // The router's own users: their scopes in a header, as its JWT plugin would find them in a token.
    const gateway = createGatewayRuntime({
      supergraph: supergraphSdl!,
      transports: { http },
      logging: false,
      genericAuth: {
        mode: 'protect-granular',
        resolveUserFn: (context: { request: Request }) => ({ scope: context.request.headers.get('x-scopes') ?? '' }),
        rejectUnauthenticated: false,
      },
    });
    const ask = async (query: string, scopes: string) => {
      const response = await gateway.fetch('http://gateway/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-scopes': scopes },
        body: JSON.stringify({ query }),
      });
      return (await response.json()) as { data?: Record<string, unknown> | null; errors?: Array<{ path?: unknown[] }> };
    };
    try {
      const refused = await ask('{ kreaAssets(first: 1) { nodes { id } } }', 'media:write');
      expect(refused.errors?.map((error) => error.path)).toEqual([['kreaAssets']]);
      expect(stack.sandbox.controls.calls).toHaveLength(0);
      const read = await ask('{ kreaAssets(first: 1) { nodes { id } } }', 'media:read');
      expect(read.errors).toBeUndefined();
      expect(stack.sandbox.controls.count('krea', 'GET')).toBe(1);
    } finally {
      await gateway.dispose();
    }
  });

  it('answers queries that cross subgraphs in both directions through a Hive gateway, batching entities', async () => {
    const { supergraphSdl } = supergraph();
    const gateway = createGatewayRuntime({ supergraph: supergraphSdl!, transports: { http }, logging: false });
    const ask = async <T>(query: string) => {
      const response = await gateway.fetch('http://gateway/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      return (await response.json()) as { data?: T; errors?: unknown[] };
    };
    try {
      // boards → mediagraph: 13 Krea and 3 Argil assets resolved by providerId.
      const pinned = await ask<{
        boards: Array<{
          name: string;
          kreaAssets: Array<{ providerId: string; url: string; kind: string }>;
          argilAssets: Array<{ type: string }>;
        }>;
      }>('{ boards { name kreaAssets { providerId url kind } argilAssets { type name } } }');
      expect(pinned.errors).toBeUndefined();
      expect(pinned.data!.boards.map((board) => board.kreaAssets.map((asset) => asset.providerId))).toEqual(
        boards.map((board) => board.kreaAssetIds),
      );
      const files = new Map(stack.sandbox.tenants[0]!.data.kreaAssets.map((asset) => [asset.id, asset.image_url]));
      expect(pinned.data!.boards[0]!.kreaAssets.every((asset) => asset.url === files.get(asset.providerId))).toBe(true);
      // One _entities request for all of them: one Krea list page, singles for none, Argil singly (fewer than 10).
      expect(stack.sandbox.controls.count('krea')).toBe(1);
      expect(stack.sandbox.controls.count('argil')).toBe(3);

      // mediagraph → boards: who pinned the newest Krea assets.
      stack.sandbox.controls.resetCalls();
      const pinnedBy = await ask<{
        kreaAssets: { nodes: Array<{ providerId: string; pinnedBy: Array<{ name: string }> }> };
      }>('{ kreaAssets(first: 5) { nodes { providerId pinnedBy { name } } } }');
      expect(pinnedBy.errors).toBeUndefined();
      expect(pinnedBy.data!.kreaAssets.nodes.map((node) => node.pinnedBy.map((board) => board.name))).toEqual([
        ['Moodboard'],
        ['Moodboard'],
        ['Moodboard'],
        ['Moodboard', 'Launch'],
        ['Moodboard'],
      ]);
      expect(stack.sandbox.controls.count('krea')).toBe(1);
    } finally {
      await gateway.dispose();
    }
  });
});
