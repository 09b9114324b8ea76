/**
 * The built gateway, with yoga and what it is made of bundled and
 * tree-shaken by scripts/build.ts, still speaks every protocol yoga answers
 * for it: the GraphiQL page and its assets, a subscription over SSE, an
 * operation over graphql-ws, a multipart upload streamed to the provider,
 * and the probes. (Most tests run the gateway from src/; these run the
 * bundle `npm start` runs.)
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildGateway, startGateway } from '../helpers/gateway-process.js';
import type { GatewayProcess } from '../helpers/gateway-process.js';

// A build and a child process: on a busy 2-core machine each may take many seconds.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 });

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let gateway: GatewayProcess;
let base: string;

beforeAll(async () => {
  gateway = startGateway(buildGateway('e2e-bundle-protocols'), {
    PORT: '0',
    LOG_LEVEL: 'silent',
    SHUTDOWN_GRACE_MS: '0',
  });
  base = await gateway.listening;
});
afterAll(async () => {
  if (gateway?.child.exitCode === null) {
    gateway.child.kill('SIGTERM');
    await gateway.exited;
  }
});

describe('the bundled gateway', () => {
  it('serves GraphiQL and its script', async () => {
    const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<title>mediagraph</title>');
    const script = /src="(\/graphiql\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${base}${script!}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });

  it('answers a subscription over SSE, its error coded and the stream completed', async () => {
    const query = encodeURIComponent('subscription { jobUpdates(id: "not-a-job") { state } }');
    const response = await fetch(`${base}/graphql?query=${query}`, { headers: { accept: 'text/event-stream' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await response.text();
    const next = /event: next\ndata: (.+)\n/.exec(text)?.[1];
    expect(JSON.parse(next!)).toMatchObject({
      errors: [{ path: ['jobUpdates'], extensions: { code: 'BAD_USER_INPUT' } }],
    });
    expect(text).toMatch(/event: complete\n/);
  });

  it('runs an operation over graphql-ws', async () => {
    const client = createClient({
      url: `${base.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    try {
      const result = await new Promise<unknown>((resolve, reject) => {
        let last: unknown;
        client.subscribe(
          { query: '{ kreaAssets(first: 2) { nodes { id } } }' },
          { next: (value) => (last = value), error: reject, complete: () => resolve(last) },
        );
      });
      expect(result).toMatchObject({
        data: { kreaAssets: { nodes: [{ id: expect.any(String) }, { id: expect.any(String) }] } },
      });
    } finally {
      await client.dispose();
    }
  });

  it('streams a multipart upload to the provider', async () => {
    const form = new FormData();
    form.append(
      'operations',
      JSON.stringify({
        query:
          'mutation($file: File!) { uploadKreaAsset(input: { file: $file, description: "a dot" }) { asset { id mimeType sizeBytes } } }',
        variables: { file: null },
      }),
    );
    form.append('map', JSON.stringify({ 0: ['variables.file'] }));
    form.append('0', new Blob([PNG]), 'dot.png');
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'x-graphql-yoga-csrf': '1' },
      body: form,
    });
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      data: { uploadKreaAsset: { asset: { id: expect.any(String), mimeType: 'image/png', sizeBytes: PNG.length } } },
    });
  });

  it('answers the probes and the metrics scrape', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^# TYPE mediagraph_lane_requests_total counter$/m);
  });
});
