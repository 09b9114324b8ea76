/**
 * Regressions of an outside security and robustness test (issue 11), one
 * test per finding, named after the failure, against the real gateway on a
 * loopback socket in front of the sandbox providers.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pngOfSize, postMultipart } from '../helpers/multipart.js';
import { codes, startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';
import { expectNoLeak } from '../helpers/leaks.js';

let stack: Stack;
let url: string;

beforeAll(async () => {
  stack = await startStack({ sandbox: { kreaAssets: 20, argilAssets: 20, kreaJobs: 10 } });
  url = await stack.listen();
});
afterAll(() => stack.close());
beforeEach(() => stack.sandbox.controls.resetCalls());

const UPLOAD = 'mutation($file: File!) { uploadKreaAsset(input: { file: $file }) { asset { id } } }';

async function post(body: string | Buffer, headers: Record<string, string> = {}) {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body,
  });
  const text = await response.body.text();
  return { status: response.statusCode, text };
}

describe('1. a multipart map path reaching a prototype killed the process', () => {
  const hostile = [
    'variables.__proto__.pwned',
    'variables.constructor.prototype.pwned',
    'variables.file.__proto__',
    'variables.toString',
    'variables.nothing.here',
    'variables',
    'query',
  ];
  for (const path of hostile) {
    it(`refuses "${path}" with BAD_USER_INPUT, pollutes nothing, and /metrics still answers`, async () => {
      const response = await postMultipart(
        url,
        { query: UPLOAD, variables: { file: null } },
        { 0: { paths: [path], file: pngOfSize(1_000) } },
      );
      expect(response.status).toBe(400);
      expect(response.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expectNoLeak(JSON.stringify(response.body));
      expect(({} as Record<string, unknown>).pwned).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('pwned');
      const metrics = await request(url.replace('/graphql', '/metrics'));
      expect(metrics.statusCode).toBe(200);
      expect(await metrics.body.text()).toContain('mediagraph_graphql_errors_total{code="BAD_USER_INPUT"}');
      expect(stack.sandbox.controls.calls).toHaveLength(0);
    });
  }
});

describe('2. unexpected errors reached clients with their stack, and invalid JSON was echoed back', () => {
  it('answers a 1.9 MB invalid JSON body with a short coded error that echoes nothing', async () => {
    const body = `{"query":"${'a'.repeat(1_900_000)}`;
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(response.text.length).toBeLessThan(1_000);
    const parsed = JSON.parse(response.text) as { errors: Array<{ extensions: Record<string, unknown> }> };
    expect(parsed.errors.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
    expect(response.text).not.toContain('aaaaaaaaaa');
    expect(response.text).not.toContain('originalError');
  });

  it('never echoes a huge variable value back in a coercion error', async () => {
    const response = await post(
      JSON.stringify({
        query: 'query($id: UUID!) { kreaAsset(id: $id) { id } }',
        variables: { id: 'b'.repeat(100_000) },
      }),
    );
    expect(response.text.length).toBeLessThan(1_000);
    expect(response.text).not.toContain('bbbbbbbbbb');
    expect(codes(JSON.parse(response.text))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('3. a multipart request naming two files never answered', () => {
  it('answers 400 at once for a map with two entries, sending both files', async () => {
    const response = await postMultipart(
      url,
      { query: UPLOAD, variables: { file: null } },
      {
        0: { paths: ['variables.file'], file: pngOfSize(200_000, 1) },
        1: { paths: ['variables.file'], file: pngOfSize(200_000, 2) },
      },
    );
    expect(response.status).toBe(400);
    expect(response.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(stack.sandbox.controls.calls).toHaveLength(0);
  });

  it('answers a map whose one path another entry took, and a file no map entry names', async () => {
    const taken = await postMultipart(
      url,
      { query: UPLOAD, variables: { file: null } },
      { 0: { paths: ['variables.file', 'variables.file'], file: pngOfSize(1_000) } },
    );
    expect(taken.status).toBe(400);
    expect(codes({ ...taken.body, status: taken.status, headers: new Headers() })).toEqual(['BAD_USER_INPUT']);
  });
});

describe('10. protocol: GET queries work for every common client', () => {
  it('runs a GET query without a preflight header (urql’s default)', async () => {
    const response = await request(`${url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('never runs a mutation over GET', async () => {
    const id = Buffer.from(`KreaJob:${randomUUID()}`).toString('base64');
    const query = `mutation { deleteKreaJob(id: "${id}") { deletedId } }`;
    const response = await request(`${url}?query=${encodeURIComponent(query)}`, {
      headers: { accept: 'application/json' },
    });
    expect(response.statusCode).toBe(405);
    const body = (await response.body.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
    expect(stack.sandbox.controls.calls).toHaveLength(0);
  });

  it('still refuses an unpreflighted multipart POST, naming the header to send', async () => {
    const response = await postMultipart(
      url,
      { query: UPLOAD, variables: { file: null } },
      { 0: { paths: ['variables.file'], file: pngOfSize(1_000) } },
      {},
    );
    expect(response.status).toBe(403);
    expect(response.body.errors?.[0]?.message).toContain('x-graphql-yoga-csrf');
    expect(response.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});

const IMPORT =
  'mutation($url: URL!, $name: String!) { importArgilAsset(input: { url: $url, name: $name, type: IMAGE }) { asset { status } } }';

describe('4. one oversized POST broke the next POST for every tenant', () => {
  it('refuses a 1.5 MB url before any upstream call; the next import, of another tenant too, reaches Argil', async () => {
    const huge = await stack.query(IMPORT, { url: `https://example.com/${'a'.repeat(1_500_000)}`, name: 'huge' });
    expect(codes(huge)).toEqual(['BAD_USER_INPUT']);
    expect(huge.errors?.[0]?.message.length).toBeLessThan(200);
    const literal = await stack.query(
      `mutation { importArgilAsset(input: { url: "https://example.com/${'b'.repeat(3_000)}", name: "x", type: IMAGE }) { asset { status } } }`,
    );
    expect(codes(literal)).toEqual(['BAD_USER_INPUT']);
    const tooLongName = await stack.query(IMPORT, { url: 'https://example.com/a.png', name: 'n'.repeat(257) });
    expect(codes(tooLongName)).toEqual(['BAD_USER_INPUT']);
    expect(tooLongName.errors?.[0]?.extensions?.field).toBe('input.name');
    expect(stack.sandbox.controls.calls).toHaveLength(0);
    for (let i = 0; i < 3; i++) {
      const next = await stack.query(IMPORT, { url: 'https://example.com/a.png', name: `next-${i}` });
      expect(next.errors).toBeUndefined();
      expect(next.data).toEqual({ importArgilAsset: { asset: { status: 'PROCESSING' } } });
    }
    expect(stack.sandbox.controls.count('argil', 'POST')).toBe(3);
  });
});

describe('5. repeated fields burned the event loop in validation', () => {
  const corpus: Array<[string, string]> = [
    ['4,900 repeated id fields', `{ kreaAssets(first: 1) { nodes { ${'id '.repeat(4_900)} } } }`],
    ['600 repeated __typename', `{ ${'__typename '.repeat(600)} }`],
    [
      'a fragment of 30 fields spread 20 times',
      `{ kreaAssets(first: 1) { nodes { ${'...F '.repeat(20)} } } } fragment F on KreaAsset { ${'id '.repeat(30)} }`,
    ],
  ];
  for (const [name, query] of corpus) {
    it(`answers QUERY_TOO_COMPLEX for ${name}, before validation and any upstream call`, async () => {
      const response = await stack.query(query);
      expect(codes(response)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(stack.sandbox.controls.calls).toHaveLength(0);
    });
  }

  it('still runs 250 repeated __typename', async () => {
    const response = await stack.query(`{ ${'__typename '.repeat(250)} }`);
    expect(response.data).toEqual({ __typename: 'Query' });
  });
});

describe('6. the per-client subscription cap could be bypassed with an unused credential header', () => {
  it('counts a Krea subscription by its Krea credential and the address, whatever X-Argil-Api-Key says', async () => {
    const capped = await startStack({
      sandbox: { kreaJobs: 20 },
      maxSubscriptionsPerClient: 3,
      pollIntervalMs: 5_000,
      pollMaxIntervalMs: 5_000,
    });
    const capUrl = await capped.listen();
    const job = capped.sandbox.tenants[0]!.data.kreaJobs.find((j) => j.status === 'queued')!;
    const id = Buffer.from(`KreaJob:${job.job_id}`).toString('base64');
    const open: Array<Awaited<ReturnType<typeof request>>> = [];
    try {
      const statuses: string[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await request(capUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'text/event-stream',
            'x-argil-api-key': `varying-${i}`,
          },
          body: JSON.stringify({
            query: 'subscription($id: ID!) { kreaJobUpdates(id: $id) { status } }',
            variables: { id },
          }),
        });
        open.push(response);
        // The first event (or the refusal) of each stream, past keep-alive comments.
        // The stream stays open (and read): the subscription must keep counting.
        const first = await new Promise<string>((resolve) => {
          let text = '';
          response.body.on('data', (chunk) => {
            text += String(chunk);
            if (text.includes('data:')) resolve(text);
          });
          response.body.on('end', () => resolve(text));
        });
        statuses.push(first.includes('RATE_LIMITED') ? 'RATE_LIMITED' : first.includes('QUEUED') ? 'QUEUED' : first);
      }
      expect(statuses).toEqual(['QUEUED', 'QUEUED', 'QUEUED', 'RATE_LIMITED', 'RATE_LIMITED']);
    } finally {
      for (const response of open) response.body.destroy();
      await capped.close();
    }
  });
});

describe('7. first: 100000 answered QUERY_TOO_COMPLEX instead of the documented BAD_USER_INPUT', () => {
  const queries = [
    '{ kreaAssets(first: 100000) { nodes { id } } }',
    '{ argilAssets(last: 100000) { nodes { id } } }',
    '{ assets(first: 100000) { nodes { id } } }',
    '{ kreaJobs(first: 2147483647) { nodes { id } } }',
    '{ kreaAssets(first: -5) { nodes { id } } }',
  ];
  for (const query of queries) {
    it(`answers BAD_USER_INPUT for ${query}`, async () => {
      const response = await stack.query(query);
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(stack.sandbox.controls.calls).toHaveLength(0);
    });
  }

  it('still answers QUERY_TOO_COMPLEX for sizes in range that cost too much together', async () => {
    const fields = Array.from(
      { length: 12 },
      (_, i) => `a${i}: kreaAssets(first: 100) { nodes { id url width height mimeType } }`,
    );
    expect(codes(await stack.query(`{ ${fields.join(' ')} }`))).toEqual(['QUERY_TOO_COMPLEX']);
  });
});

describe('8. provider values that fit no scalar gave uncoded "Invalid URL" errors', () => {
  it('makes such a field null with UPSTREAM_UNAVAILABLE at its path, in a list and alone', async () => {
    const asset = stack.sandbox.tenants[0]!.data.argilAssets.find((a) => a.status === 'READY')!;
    const saved = { fileUrl: asset.fileUrl, thumbnailUrl: asset.thumbnailUrl };
    asset.fileUrl = 'not a url';
    asset.thumbnailUrl = '::also not';
    try {
      const one = await stack.query<{ argilAsset: { url: string | null; thumbnailUrl: string | null; name: string } }>(
        'query($id: UUID!) { argilAsset(id: $id) { name url thumbnailUrl } }',
        { id: asset.id },
      );
      expect(one.data?.argilAsset).toEqual({ name: asset.name, url: null, thumbnailUrl: null });
      expect(one.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([
        ['UPSTREAM_UNAVAILABLE', 'argilAsset.url'],
        ['UPSTREAM_UNAVAILABLE', 'argilAsset.thumbnailUrl'],
      ]);
      const list = await stack.query('{ argilAssets(first: 100) { nodes { providerId url } } }');
      expect(codes(list)).toEqual(['UPSTREAM_UNAVAILABLE']);
      const metrics = await (await request(url.replace('/graphql', '/metrics'))).body.text();
      expect(metrics).not.toContain('code="UNKNOWN"');
      expect(metrics).not.toContain('code="INTERNAL_SERVER_ERROR"');
    } finally {
      Object.assign(asset, saved);
    }
  });
});

describe('9. items older than 1970, negative totals and upper-case UUIDs', () => {
  it('walks kreaAssets through items from before 1970 without losing one', async () => {
    const assets = stack.sandbox.tenants[0]!.data.kreaAssets;
    const saved = assets.map((a) => a.uploaded_at);
    // The oldest six, in order, moved to 1969 (ties included).
    const old = [
      '1969-12-31T23:00:00.000Z',
      '1969-12-31T23:00:00.000Z',
      '1969-06-01T00:00:00.000Z',
      '1969-06-01T00:00:00.000Z',
      '1950-01-01T00:00:00.000Z',
      '1900-01-01T00:00:00.000Z',
    ];
    old.forEach((at, i) => (assets[assets.length - old.length + i]!.uploaded_at = at));
    try {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 30; page++) {
        const response: Awaited<
          ReturnType<
            typeof stack.query<{
              kreaAssets: {
                nodes: { providerId: string }[];
                pageInfo: { hasNextPage: boolean; endCursor: string | null };
              };
            }>
          >
        > = await stack.query(
          'query($after: String) { kreaAssets(first: 3, after: $after) { nodes { providerId } pageInfo { hasNextPage endCursor } } }',
          { after },
        );
        expect(response.errors).toBeUndefined();
        seen.push(...response.data!.kreaAssets.nodes.map((n) => n.providerId));
        if (!response.data!.kreaAssets.pageInfo.hasNextPage) break;
        after = response.data!.kreaAssets.pageInfo.endCursor;
      }
      expect([...seen].sort()).toEqual(assets.map((a) => a.id).sort());
      expect(new Set(seen).size).toBe(assets.length);
    } finally {
      saved.forEach((at, i) => (assets[i]!.uploaded_at = at));
    }
  });

  it('says that a negative X-Total-Count is not a count (not that it is missing)', async () => {
    stack.sandbox.controls.injectFault({
      provider: 'argil',
      method: 'GET',
      path: '/v1/assets',
      kind: 'status',
      status: 200,
      body: '[]',
      headers: { 'X-Total-Count': '-3' },
    });
    const response = await stack.query('{ argilAssets(first: 5) { totalCount } }');
    expect(codes(response)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(response.errors?.[0]?.message).toContain('not a count');
  });

  it('gives an object asked for by an upper-case UUID the one global id it has', async () => {
    const asset = stack.sandbox.tenants[0]!.data.kreaAssets[0]!;
    const lower = Buffer.from(`KreaAsset:${asset.id}`).toString('base64');
    const upper = Buffer.from(`KreaAsset:${asset.id.toUpperCase()}`).toString('base64');
    const response = await stack.query<{ byUuid: { id: string; providerId: string }; byNode: { id: string } }>(
      'query($uuid: UUID!, $gid: ID!) { byUuid: kreaAsset(id: $uuid) { id providerId } byNode: node(id: $gid) { id } }',
      { uuid: asset.id.toUpperCase(), gid: upper },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ byUuid: { id: lower, providerId: asset.id }, byNode: { id: lower } });
  });
});

describe('protocol: listener timeouts', () => {
  it('closes sockets that never finish their headers (silent or trickling), and keeps serving', async () => {
    const timed = await startStack({
      sandbox: { kreaAssets: 1, argilAssets: 1, kreaJobs: 1 },
      listener: { headersTimeoutMs: 400, requestTimeoutMs: 2_000, keepAliveTimeoutMs: 400 },
    });
    const { hostname, port } = new URL(await timed.listen());
    const sockets: Socket[] = [];
    const timers: NodeJS.Timeout[] = [];
    try {
      const closed = Array.from({ length: 200 }, (_, i) => {
        const socket = connect(Number(port), hostname);
        sockets.push(socket);
        socket.on('error', () => undefined);
        socket.on('data', () => undefined);
        if (i % 2 === 1) {
          // A slowloris: the request line, then one header line every 100 ms, forever.
          socket.write('GET /graphql HTTP/1.1\r\nHost: x\r\n');
          const timer = setInterval(() => socket.writable && socket.write(`X-${i}: y\r\n`), 100);
          timers.push(timer);
        }
        return new Promise<void>((resolve) => socket.once('close', () => resolve()));
      });
      const alive = await request(`http://${hostname}:${port}/healthz`);
      expect(alive.statusCode).toBe(200);
      await alive.body.text();
      await Promise.all(closed);
      expect(sockets.every((socket) => socket.destroyed)).toBe(true);
    } finally {
      timers.forEach(clearInterval);
      sockets.forEach((socket) => socket.destroy());
      await timed.close();
    }
  });
});

describe('protocol: the GraphiQL page was 9 MB uncompressed on every load', () => {
  it('serves a small page whose same-origin assets are compressed, immutable and revalidated by ETag', async () => {
    const page = await request(url, { headers: { accept: 'text/html', 'accept-encoding': 'br, gzip' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-encoding']).toBe('br');
    const compressedPage = Buffer.from(await page.body.arrayBuffer());
    const html = brotliDecompressSync(compressedPage).toString('utf8');
    expect(html).toContain('NewestAssets');
    expect(html.length).toBeLessThan(20_000);
    const sources = [...html.matchAll(/(?:src|href)="(\/graphiql\/[^"]+)"/g)].map((m) => m[1]!);
    const workers = Object.values(JSON.parse(/const workers = (\{[^}]+\})/.exec(html)![1]!) as Record<string, string>);
    expect(sources.length).toBe(3);
    expect(workers.length).toBe(3);
    let compressed = compressedPage.length;
    let identity = html.length;
    for (const path of [...sources, ...workers]) {
      const asset = await request(new URL(path, url), { headers: { 'accept-encoding': 'gzip' } });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['content-encoding']).toBe('gzip');
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const body = Buffer.from(await asset.body.arrayBuffer());
      compressed += body.length;
      identity += gunzipSync(body).length;
      const again = await request(new URL(path, url), { headers: { 'if-none-match': String(asset.headers.etag) } });
      expect(again.statusCode).toBe(304);
      expect((await again.body.arrayBuffer()).byteLength).toBe(0);
    }
    // The whole of GraphiQL, and what a first load costs compressed.
    expect(identity).toBeGreaterThan(5_000_000);
    expect(compressed).toBeLessThan(identity / 3);
    const revalidated = await request(url, {
      headers: { accept: 'text/html', 'if-none-match': String(page.headers.etag) },
    });
    expect(revalidated.statusCode).toBe(304);
    await revalidated.body.text();
  });

  it('answers 404 for an asset it does not have', async () => {
    const missing = await request(new URL('/graphiql/nothing.js', url));
    expect(missing.statusCode).toBe(404);
    await missing.body.text();
  });
});

describe('a body that ends inside a file part nobody reads', () => {
  it('is answered, and throws nothing at the process (found by the fuzz test)', async () => {
    const boundary = `cut-${randomUUID()}`;
    const operations = JSON.stringify({ query: '{ __typename }', variables: { file: null } });
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.file"]}\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      Buffer.alloc(5_000, 0x89),
    ]);
    const errors: unknown[] = [];
    const record = (error: unknown) => errors.push(error);
    process.on('uncaughtException', record);
    try {
      for (const headers of [{ 'x-graphql-yoga-csrf': '1' }, { 'x-graphql-yoga-csrf': '1', 'x-request-id': 'again' }]) {
        const response = await request(url, {
          method: 'POST',
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...headers },
          body,
        });
        expect(response.statusCode).toBeLessThan(500);
        await response.body.text();
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(errors).toEqual([]);
    } finally {
      process.off('uncaughtException', record);
    }
  });
});
