/**
 * Tenants never see each other's data, and no credential ever shows up in a
 * log line, an error, a metric or a response.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { pngOfSize, postMultipart } from '../helpers/multipart.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const A = { kreaKey: `krea-A-${randomUUID()}`, argilKey: `argil-A-${randomUUID()}` };
const B = { kreaKey: `krea-B-${randomUUID()}`, argilKey: `argil-B-${randomUUID()}` };
const headers = (tenant: typeof A) => ({ 'x-krea-token': tenant.kreaKey, 'x-argil-api-key': tenant.argilKey });

describe('tenant isolation', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      sandbox: { tenants: [A, B], kreaAssets: 60, argilAssets: 60, kreaJobs: 5 },
      kreaApiKey: null,
      argilApiKey: null,
      // 1,000 requests at once queue for their credential's budget, and the
      // deadline counts from the queue: this test is about isolation, not
      // speed, so no deadline a busy machine could reach.
      upstreamTimeoutMs: 120_000,
    });
  });
  afterAll(() => stack.close());

  it('answers 1,000 concurrent requests alternating two tenants with zero foreign items', async () => {
    const ids = stack.sandbox.tenants.map(
      (tenant) => new Set([...tenant.data.kreaAssets.map((a) => a.id), ...tenant.data.argilAssets.map((a) => a.id)]),
    );
    // Each tenant also asks for the other's newest ids by node: they must come back null.
    const probe = stack.sandbox.tenants.map((tenant) => [
      Buffer.from(`KreaAsset:${tenant.data.kreaAssets[0]!.id}`).toString('base64'),
      Buffer.from(`ArgilAsset:${tenant.data.argilAssets.find((a) => a.status === 'READY')!.id}`).toString('base64'),
    ]);
    const query = `query($ids: [ID!]!) {
      kreaAssets(first: 5) { nodes { providerId } }
      argilAssets(first: 5) { nodes { providerId } }
      assets(first: 6) { nodes { providerId } }
      nodes(ids: $ids) { ... on Asset { providerId } }
    }`;
    type Answer = {
      kreaAssets: { nodes: { providerId: string }[] };
      argilAssets: { nodes: { providerId: string }[] };
      assets: { nodes: { providerId: string }[] };
      nodes: Array<{ providerId: string } | null>;
    };
    const responses = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => {
        const tenant = i % 2;
        return stack
          .query<Answer>(query, { ids: [...probe[0]!, ...probe[1]!] }, headers(tenant === 0 ? A : B))
          .then((response) => ({ tenant, response }));
      }),
    );
    let foreign = 0;
    let seen = 0;
    for (const { tenant, response } of responses) {
      expect(response.errors).toBeUndefined();
      const data = response.data!;
      const found = [...data.kreaAssets.nodes, ...data.argilAssets.nodes, ...data.assets.nodes, ...data.nodes]
        .filter((node): node is { providerId: string } => node !== null)
        .map((node) => node.providerId);
      seen += found.length;
      foreign += found.filter((id) => !ids[tenant]!.has(id)).length;
      // Its own two probes resolve; the other tenant's two are null.
      const own = tenant === 0 ? data.nodes.slice(0, 2) : data.nodes.slice(2, 4);
      const other = tenant === 0 ? data.nodes.slice(2, 4) : data.nodes.slice(0, 2);
      expect(own.every((node) => node !== null)).toBe(true);
      expect(other).toEqual([null, null]);
    }
    expect(seen).toBeGreaterThan(1000 * 16);
    expect(foreign).toBe(0);
  });
});

describe('no secrets anywhere', () => {
  const server = { kreaKey: `krea-server-${randomUUID()}`, argilKey: `argil-server-${randomUUID()}` };
  const client = { kreaKey: `krea-client-${randomUUID()}`, argilKey: `argil-client-${randomUUID()}` };
  const wrong = { kreaKey: `krea-wrong-${randomUUID()}`, argilKey: `argil-wrong-${randomUUID()}` };
  const gatewayKey = `gateway-${randomUUID()}`;
  const secrets = [
    server.kreaKey,
    server.argilKey,
    client.kreaKey,
    client.argilKey,
    wrong.kreaKey,
    wrong.argilKey,
    gatewayKey,
  ];
  const logs: string[] = [];
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      sandbox: { tenants: [server, client], kreaAssets: 20, argilAssets: 20, kreaJobs: 10 },
      kreaApiKey: server.kreaKey,
      argilApiKey: server.argilKey,
      gateway: {
        gatewayApiKeys: [gatewayKey],
        logger: createLogger('debug', { write: (line: string) => void logs.push(line) }),
      },
    });
  });
  afterAll(() => stack.close());

  it('keeps every key out of logs, errors, metrics and responses over a full run', async () => {
    const auth = { authorization: `Bearer ${gatewayKey}` };
    const bodies: string[] = [];
    const run = async (query: string, variables: Record<string, unknown> = {}, extra: Record<string, string> = {}) => {
      const response = await stack.query(query, variables, { ...auth, ...extra });
      bodies.push(JSON.stringify(response));
      return response;
    };
    const everything = `{
      kreaAssets(first: 3) { nodes { id } } argilAssets(first: 3) { nodes { id } }
      assets(first: 3) { nodes { id } } kreaJobs(first: 3) { nodes { id status } }
    }`;
    await run(everything);
    await run(everything, {}, headers(client));
    const rejected = await run(everything, {}, headers(wrong));
    expect(rejected.errors?.length).toBeGreaterThan(0);
    bodies.push(JSON.stringify(await stack.query(everything, {}, { authorization: `Bearer ${wrong.kreaKey}` })));
    stack.sandbox.controls.injectFault({
      provider: 'krea',
      kind: 'status',
      status: 502,
      times: 8,
      body: `{"error":"${server.kreaKey}"}`,
    });
    await run(everything);
    stack.sandbox.controls.clearFaults();
    await run(
      'mutation { importArgilAsset(input: { url: "https://e.com/a.png", name: "a", type: IMAGE }) { asset { id } } }',
    );
    await run('mutation($id: ID!) { deleteAsset(id: $id) { deletedId } }', {
      id: Buffer.from(`KreaAsset:${randomUUID()}`).toString('base64'),
    });
    await run('{ nodes(ids: ["x"]) { id } }', {}, { 'x-request-id': 'trace-me' });
    const url = await stack.listen();
    bodies.push(
      JSON.stringify(
        await postMultipart(
          url,
          {
            query: 'mutation($f: File!) { uploadKreaAsset(input: { file: $f }) { asset { id } } }',
            variables: { f: null },
          },
          { 0: { paths: ['variables.f'], file: pngOfSize(5000) } },
          { 'x-graphql-yoga-csrf': '1', ...auth, ...headers(client) },
        ),
      ),
    );
    const job = stack.sandbox.tenants[0]!.data.kreaJobs.find((j) => j.status === 'queued')!;
    const sse = createClient({ url, headers: auth, retryAttempts: 0 });
    for await (const event of sse.iterate({
      query: 'subscription($id: ID!) { kreaJobUpdates(id: $id) { status } }',
      variables: { id: Buffer.from(`KreaJob:${job.job_id}`).toString('base64') },
    })) {
      bodies.push(JSON.stringify(event));
      break;
    }
    sse.dispose();
    const metrics = await (await stack.gateway.fetch('http://gateway/metrics')).text();

    expect(logs.length).toBeGreaterThan(8);
    expect(logs.some((line) => line.includes('"requestId":"trace-me"'))).toBe(true);
    expect(logs.some((line) => line.includes('"upstream":[{'))).toBe(true);
    const everywhere = [logs.join('\n'), bodies.join('\n'), metrics].join('\n');
    for (const secret of secrets) expect(everywhere.includes(secret), secret.slice(0, 12)).toBe(false);
  });
});
