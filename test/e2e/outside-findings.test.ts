/**
 * Regressions of an outside security and robustness test (issue 11), one
 * test per finding, named after the failure, against the real gateway on a
 * loopback socket in front of the sandbox providers.
 */
import { randomUUID } from 'node:crypto';
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
