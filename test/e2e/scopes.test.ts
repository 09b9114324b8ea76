/**
 * Scopes on fields (issue 23), over HTTP (POST, GET, multipart, @defer over
 * SSE) with real tokens from a loopback issuer: a field the token lacks a
 * scope for is null with one FORBIDDEN error at its path, its siblings are
 * answered, and the sandbox sees no call for it. `viewer` answers any valid
 * token; a gateway key (GATEWAY_API_KEYS beside tokens) and a gateway
 * without tokens hold every scope.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUDIENCE, ISSUER, startIssuer } from '../helpers/jwks.js';
import type { TestIssuer } from '../helpers/jwks.js';
import { CSRF, pngOfSize, postMultipart } from '../helpers/multipart.js';
import { codes, startStack } from '../helpers/stack.js';
import type { GraphQLResponse, Stack } from '../helpers/stack.js';

const SERVICE_KEY = 'scopes-test-service-key';
const EVERY_SCOPE = ['media:read', 'media:write', 'media:generate'];
const READ = '{ kreaAssets(first: 2) { nodes { id } } }';
const GENERATE = 'generateKreaImage(input: { bflFlux1Dev: { prompt: "a fox" } }) { job { id } }';

let issuer: TestIssuer;
let stack: Stack;
let open: Stack;
let url: string;

beforeAll(async () => {
  issuer = await startIssuer();
  stack = await startStack({
    sandbox: { kreaAssets: 10, argilAssets: 10, kreaJobs: 5 },
    gateway: {
      tokens: { jwksUrl: issuer.jwksUrl, issuer: ISSUER, audience: AUDIENCE },
      gatewayApiKeys: [SERVICE_KEY],
    },
  });
  // The same providers behind a gateway without tokens or keys.
  open = await startStack({ sharedSandbox: stack.sandbox });
  url = await stack.listen();
});
afterAll(async () => {
  await open.close();
  await stack.close();
  await issuer.close();
});
beforeEach(() => stack.sandbox.controls.resetCalls());

/** The headers of a user whose token grants `scope` (space-separated). */
async function user(scope: string, sub = 'user-1'): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await issuer.sign({ scope, sub })}` };
}
const upstream = (method?: string) =>
  stack.sandbox.controls.count('krea', method) + stack.sandbox.controls.count('argil', method);
const refusals = (response: Pick<GraphQLResponse<unknown>, 'errors'>) =>
  (response.errors ?? []).map((error) => [error.path, error.extensions?.code, error.message]);
const gid = (typename: string, id: string) => Buffer.from(`${typename}:${id}`).toString('base64');
const data = () => stack.sandbox.tenants[0]!.data;

describe('over HTTP POST', () => {
  it('a reader reads, and its generation, delete and cancel are each null with FORBIDDEN, nothing sent', async () => {
    const read = await stack.query<{ kreaAssets: { nodes: unknown[] } }>(READ, {}, await user('media:read'));
    expect(read.errors).toBeUndefined();
    expect(read.data!.kreaAssets.nodes).toHaveLength(2);
    stack.sandbox.controls.resetCalls();
    const response = await stack.query(
      `mutation($asset: ID!, $job: ID!) { ${GENERATE} deleteAsset(id: $asset) { deletedId } cancel: deleteKreaJob(id: $job) { deletedId } }`,
      { asset: gid('KreaAsset', data().kreaAssets[0]!.id), job: gid('KreaJob', data().kreaJobs[0]!.job_id) },
      await user('media:read'),
    );
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ generateKreaImage: null, deleteAsset: null, cancel: null });
    expect(refusals(response)).toEqual([
      [['generateKreaImage'], 'FORBIDDEN', 'This field requires the scope media:generate'],
      [['deleteAsset'], 'FORBIDDEN', 'This field requires the scope media:write'],
      [['cancel'], 'FORBIDDEN', 'This field requires the scope media:write'],
    ]);
    expect(upstream()).toBe(0);
  });

  it("a writer's delete runs beside its refused generation, in the operation's field order", async () => {
    const id = gid('KreaAsset', data().kreaAssets[1]!.id);
    const response = await stack.query<Record<string, unknown>>(
      `mutation($id: ID!) { first: ${GENERATE} deleteAsset(id: $id) { deletedId } }`,
      { id },
      await user('media:read media:write'),
    );
    expect(Object.keys(response.data!)).toEqual(['first', 'deleteAsset']);
    expect(response.data).toEqual({ first: null, deleteAsset: { deletedId: id } });
    expect(refusals(response)).toEqual([[['first'], 'FORBIDDEN', 'This field requires the scope media:generate']]);
    expect(upstream('POST')).toBe(0);
    expect(stack.sandbox.controls.count('krea', 'DELETE')).toBe(1);
  });

  it('a token without media:read gets FORBIDDEN on reads, no GET, and viewer beside them', async () => {
    const response = await stack.query<Record<string, unknown>>(
      '{ a: kreaAssets(first: 1) { nodes { id } } viewer { subject scopes } b: argilAssets(first: 1) { nodes { id } } }',
      {},
      await user('media:generate'),
    );
    expect(Object.keys(response.data!)).toEqual(['a', 'viewer', 'b']);
    expect(response.data).toEqual({
      a: null,
      viewer: { subject: `user-1@${ISSUER}`, scopes: ['media:generate'] },
      b: null,
    });
    expect(refusals(response)).toEqual([
      [['a'], 'FORBIDDEN', 'This field requires the scope media:read'],
      [['b'], 'FORBIDDEN', 'This field requires the scope media:read'],
    ]);
    expect(upstream()).toBe(0);
  });

  it('follows fragments, aliases, @skip and @include with the variables', async () => {
    const query = `query($skip: Boolean!) { viewer { subject } ...Reads }
      fragment Reads on Query { mine: kreaAssets(first: 1) @skip(if: $skip) { nodes { id } } ... @include(if: true) { node(id: "x") { id } } }`;
    const headers = await user('media:write');
    const skipped = await stack.query<Record<string, unknown>>(query, { skip: true }, headers);
    expect(refusals(skipped)).toEqual([[['node'], 'FORBIDDEN', 'This field requires the scope media:read']]);
    expect(skipped.data).toEqual({ viewer: { subject: `user-1@${ISSUER}` }, node: null });
    const included = await stack.query<Record<string, unknown>>(query, { skip: false }, headers);
    expect(codes(included)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(Object.keys(included.data!)).toEqual(['viewer', 'mine', 'node']);
    expect(included.errors!.map((error) => error.path)).toEqual([['mine'], ['node']]);
    expect(upstream()).toBe(0);
  });
});

describe('over the other HTTP entry points', () => {
  const get = async (query: string, headers: Record<string, string>) => {
    const response = await fetch(`${url}?query=${encodeURIComponent(query)}`, {
      headers: { accept: 'application/json', ...headers },
    });
    return { status: response.status, ...((await response.json()) as Omit<GraphQLResponse, 'status' | 'headers'>) };
  };

  it('GET: a reader reads; without media:read the read is refused and nothing is fetched', async () => {
    const read = await get(READ, await user('media:read'));
    expect(read.errors).toBeUndefined();
    expect(upstream('GET')).toBe(1);
    stack.sandbox.controls.resetCalls();
    const refused = await get(READ, await user('media:write media:generate'));
    expect(refused.data).toEqual({ kreaAssets: null });
    expect(refusals(refused)).toEqual([[['kreaAssets'], 'FORBIDDEN', 'This field requires the scope media:read']]);
    expect(upstream()).toBe(0);
  });

  it("multipart: a reader's upload is refused, its file discarded, and nothing is sent to Krea", async () => {
    const response = await postMultipart(
      url,
      {
        query: 'mutation($f: File!) { uploadKreaAsset(input: { file: $f }) { asset { id } } }',
        variables: { f: null },
      },
      { 0: { paths: ['variables.f'], file: pngOfSize(300_000) } },
      { ...CSRF, ...(await user('media:read')) },
    );
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ uploadKreaAsset: null });
    expect(response.body.errors!.map((error) => [error.extensions?.code, error.message])).toEqual([
      ['FORBIDDEN', 'This field requires the scope media:write'],
    ]);
    expect(upstream()).toBe(0);
  });

  it('@defer over SSE: a deferred read the token lacks media:read for is refused up front, never run', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(await user('media:generate')) },
      body: JSON.stringify({ query: '{ viewer { subject } ... @defer { kreaAssets(first: 1) { nodes { id } } } }' }),
    });
    const events = (await response.text())
      .split('\n\n')
      .filter((block) => block.includes('event: next'))
      .map((block) => JSON.parse(block.slice(block.indexOf('data:') + 5)) as GraphQLResponse);
    expect(events[0]!.data).toEqual({ viewer: { subject: `user-1@${ISSUER}` }, kreaAssets: null });
    expect(refusals(events[0]!)).toEqual([[['kreaAssets'], 'FORBIDDEN', 'This field requires the scope media:read']]);
    expect(JSON.stringify(events.slice(1))).not.toContain('nodes');
    expect(upstream()).toBe(0);
  });
});

describe('viewer and the callers that hold every scope', () => {
  const VIEWER = '{ viewer { subject scopes quota { limit } } }';

  it('answers any valid token, one without a scope too', async () => {
    const response = await stack.query(VIEWER, {}, await user('', 'user-9'));
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ viewer: { subject: `user-9@${ISSUER}`, scopes: [], quota: null } });
  });

  it('a gateway key beside tokens is a service with every scope: its generation is sent, once', async () => {
    const headers = { authorization: `Bearer ${SERVICE_KEY}` };
    const viewer = await stack.query<{ viewer: { subject: string; scopes: string[] } }>(VIEWER, {}, headers);
    expect(viewer.data!.viewer.subject).toMatch(/^service:[0-9a-f]{16}$/);
    expect(viewer.data!.viewer.subject).not.toContain(SERVICE_KEY);
    expect([...viewer.data!.viewer.scopes].sort()).toEqual([...EVERY_SCOPE].sort());
    const generated = await stack.query(`mutation { ${GENERATE} }`, {}, headers);
    expect(generated.errors).toBeUndefined();
    expect(stack.sandbox.controls.count('krea', 'POST')).toBe(1);
  });

  it('without tokens or keys, viewer is the provider credential with every scope, and everything runs', async () => {
    const viewer = await open.query<{ viewer: { subject: string; scopes: string[] } }>(VIEWER);
    expect(viewer.errors).toBeUndefined();
    expect(viewer.data!.viewer.subject).toMatch(/^credential:/);
    expect([...viewer.data!.viewer.scopes].sort()).toEqual([...EVERY_SCOPE].sort());
    const both = await open.query(`mutation { ${GENERATE} }`);
    expect(both.errors).toBeUndefined();
    expect(stack.sandbox.controls.count('krea', 'POST')).toBe(1);
  });
});
