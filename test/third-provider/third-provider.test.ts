/**
 * A provider is one folder and one registry line: Lumen, a provider written
 * only for this test (lumen.ts, schema.ts, and its simulated REST API in
 * sandbox/), is registered here with its simulated API, which the real
 * sandbox then serves beside Krea's and Argil's, and the real gateway
 * serves over HTTP and SSE beside them, with no file of src/ knowing it.
 * Its assets and jobs come in the merged `assets` and `jobs` feeds in the
 * feeds' order, it answers `node`/`nodes` by global id, `jobUpdates`
 * follows one of its jobs to the end as the sandbox's clock moves it, and
 * Krea's and Argil's seeded data is what it always was.
 *
 * Registered before the gateway is imported: the schema is built when
 * src/schema/index.ts is first imported (vitest gives each test file a
 * module graph of its own).
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from 'graphql-sse';
import type { ExecutionResult } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerProvider } from '../../src/providers/registry.js';
import { startSandbox } from '../../src/sandbox/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { lumen } from './lumen.js';
import { lumenSandbox } from './sandbox/index.js';
import type { LumenAsset, LumenJob } from './sandbox/simulation.js';
import { lumenSchema } from './schema.js';

registerProvider({ module: lumen, schema: lumenSchema, sandbox: lumenSandbox });
const { startStack } = await import('../helpers/stack.js');
type Stack = Awaited<ReturnType<typeof startStack>>;

const RANK: Record<string, number> = { KREA: 0, ARGIL: 1, LUMEN: 2 };
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

interface Entry {
  provider: string;
  id: string;
  ms: number;
}

/** The feeds' documented order: newest first, then the registry's order of providers, then the provider's id. */
const feedOrder = (entries: Entry[]) =>
  entries
    .sort((a, b) => b.ms - a.ms || RANK[a.provider]! - RANK[b.provider]! || (a.id < b.id ? -1 : 1))
    .map((entry) => `${entry.provider}:${entry.id}`);

let sandbox: Sandbox;
let stack: Stack;
let assets: LumenAsset[];
let jobs: LumenJob[];

beforeAll(async () => {
  sandbox = await startSandbox({ kreaAssets: 25, argilAssets: 25, kreaJobs: 12, lumenAssets: 18, lumenJobs: 9 });
  ({ lumenAssets: assets, lumenJobs: jobs } = sandbox.tenants[0]!.data);
  // The gateway is configured from the sandbox's settings, Lumen's (lumenBaseUrl, lumenApiKey) among them.
  stack = await startStack({ sharedSandbox: sandbox });
});

afterAll(async () => {
  await stack?.close();
  await sandbox?.close();
});

interface Page {
  edges: Array<{ node: { __typename: string; provider: string; id: string } }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Every page of `field` at `first`, as a client walks it with its cursor. */
async function walk(field: 'assets' | 'jobs', first: number): Promise<Page['edges']> {
  const edges: Page['edges'] = [];
  let after: string | undefined;
  for (let page = 0; page < 200; page++) {
    const { data, errors } = await stack.query<Record<string, Page>>(
      `query ($first: Int, $after: String) {
        ${field}(first: $first, after: $after) {
          edges { node { __typename provider id } }
          pageInfo { hasNextPage endCursor }
        }
      }`,
      { first, after },
    );
    expect(errors, JSON.stringify(errors)).toBeUndefined();
    edges.push(...data![field]!.edges);
    if (!data![field]!.pageInfo.hasNextPage) return edges;
    after = data![field]!.pageInfo.endCursor!;
  }
  throw new Error('the walk did not end');
}

/** `PROVIDER:providerId` of each edge, read off its global id (the Job interface has no providerId). */
const seen = (edges: Page['edges']) =>
  edges.map(({ node }) => `${node.provider}:${Buffer.from(node.id, 'base64').toString('utf8').split(':')[1]}`);

describe('a third provider, registered by a test', () => {
  it('is a value of the Provider enum', async () => {
    const { data } = await stack.query<{ __type: { enumValues: Array<{ name: string }> } }>(
      '{ __type(name: "Provider") { enumValues { name } } }',
    );
    expect(data!.__type.enumValues.map((value) => value.name).sort()).toEqual(['ARGIL', 'KREA', 'LUMEN']);
  });

  it('has its assets in the merged feed, in the feed’s order, at several page sizes', async () => {
    const data = sandbox.tenants[0]!.data;
    // Lumen's seeded instants sit on the grid Krea's and Argil's do: ties the feeds' order must settle.
    const theirs = new Set([...data.kreaAssets.map((a) => a.uploaded_at), ...data.argilAssets.map((a) => a.createdAt)]);
    expect(assets.filter((asset) => theirs.has(asset.created)).length).toBeGreaterThan(1);
    const expected = feedOrder([
      ...data.kreaAssets.map((asset) => ({ provider: 'KREA', id: asset.id, ms: Date.parse(asset.uploaded_at) })),
      ...data.argilAssets
        .filter((asset) => asset.status === 'READY')
        .map((asset) => ({ provider: 'ARGIL', id: asset.id, ms: Date.parse(asset.createdAt) })),
      ...assets.map((asset) => ({ provider: 'LUMEN', id: asset.uid, ms: Date.parse(asset.created) })),
    ]);
    for (const first of [3, 8, 100]) {
      const edges = await walk('assets', first);
      expect(seen(edges), `first: ${first}`).toEqual(expected);
      expect(new Set(edges.filter(({ node }) => node.provider === 'LUMEN').map(({ node }) => node.__typename))).toEqual(
        new Set(['LumenAsset']),
      );
    }
  });

  it('has its jobs in the merged job feed, in the feed’s order, at several page sizes', async () => {
    const data = sandbox.tenants[0]!.data;
    const expected = feedOrder([
      ...data.kreaJobs.map((job) => ({ provider: 'KREA', id: job.job_id, ms: Date.parse(job.created_at) })),
      ...data.argilVideos.map((video) => ({ provider: 'ARGIL', id: video.id, ms: Date.parse(video.createdAt) })),
      ...jobs.map((job) => ({ provider: 'LUMEN', id: job.uid, ms: Date.parse(job.created) })),
    ]);
    for (const first of [4, 11, 100]) {
      const edges = await walk('jobs', first);
      expect(seen(edges), `first: ${first}`).toEqual(expected);
      expect(edges.find(({ node }) => node.provider === 'LUMEN')?.node.__typename).toBe('LumenJob');
    }
  });

  it('answers node and nodes by its global ids (null for one it does not know)', async () => {
    const asset = assets.find((candidate) => candidate.title !== null)!;
    const job = jobs.find((candidate) => candidate.state === 'finished')!;
    const { data, errors } = await stack.query<{
      node: { __typename: string; providerId: string; title: string | null; kind: string };
      nodes: Array<{ __typename: string; providerId: string; state?: string } | null>;
    }>(
      `query ($asset: ID!, $ids: [ID!]!) {
        node(id: $asset) { __typename ... on LumenAsset { providerId title kind } }
        nodes(ids: $ids) { __typename ... on Asset { providerId } ... on LumenJob { providerId state } }
      }`,
      {
        asset: gid('LumenAsset', asset.uid),
        ids: [gid('LumenJob', job.uid), gid('LumenAsset', randomUUID()), gid('LumenAsset', assets[1]!.uid)],
      },
    );
    expect(errors, JSON.stringify(errors)).toBeUndefined();
    expect(data!.node).toEqual({
      __typename: 'LumenAsset',
      providerId: asset.uid,
      title: asset.title,
      kind: asset.media === 'image' ? 'IMAGE' : 'VIDEO',
    });
    expect(data!.nodes).toEqual([
      { __typename: 'LumenJob', providerId: job.uid, state: 'SUCCEEDED' },
      null,
      { __typename: 'LumenAsset', providerId: assets[1]!.uid },
    ]);
  });

  it('follows one of its jobs to the end with jobUpdates over SSE, as the sandbox’s clock moves it', async () => {
    const watched = jobs.find((job) => job.state === 'waiting')!;
    const client = createClient({ url: await stack.listen(), retryAttempts: 0 });
    try {
      type Update = {
        __typename: string;
        provider: string;
        state: string;
        providerStatus: string;
        isTerminal: boolean;
      };
      const events = client.iterate<{ jobUpdates: Update }>({
        query:
          'subscription ($id: ID!) { jobUpdates(id: $id) { __typename provider state providerStatus isTerminal } }',
        variables: { id: gid('LumenJob', watched.uid) },
      }) as AsyncIterableIterator<ExecutionResult<{ jobUpdates: Update }>>;
      const updates: Update[] = [];
      for await (const event of events) {
        expect(event.errors).toBeUndefined();
        updates.push(event.data!.jobUpdates);
        // Each state seen, the clock takes one step: the job moves on only then.
        sandbox.advance();
      }
      expect(updates).toEqual([
        { __typename: 'LumenJob', provider: 'LUMEN', state: 'QUEUED', providerStatus: 'waiting', isTerminal: false },
        { __typename: 'LumenJob', provider: 'LUMEN', state: 'RUNNING', providerStatus: 'working', isTerminal: false },
        { __typename: 'LumenJob', provider: 'LUMEN', state: 'SUCCEEDED', providerStatus: 'finished', isTerminal: true },
      ]);
    } finally {
      client.dispose();
    }
  });

  it('lives under test/ only: no file of src/ names it', () => {
    const root = new URL('../..', import.meta.url).pathname;
    const named = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((path) => /\.[cm]?[jt]s$/.test(path))
      .filter((path) => /lumen/i.test(readFileSync(join(root, 'src', path), 'utf8')));
    expect(named).toEqual([]);
  });
});
