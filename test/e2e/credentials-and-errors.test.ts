import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { codes, startStack } from '../helpers/stack.js';
import type { GraphQLResponse, Stack } from '../helpers/stack.js';

const BOTH = /* GraphQL */ `
  {
    kreaAssets(first: 2) {
      nodes {
        providerId
      }
    }
    argilAssets(first: 2) {
      totalCount
      nodes {
        providerId
      }
    }
  }
`;

interface Both {
  kreaAssets: { nodes: { providerId: string }[] };
  argilAssets: { totalCount: number; nodes: { providerId: string }[] };
}

const TENANT_A = { kreaKey: 'krea-tenant-a', argilKey: 'argil-tenant-a' };
const TENANT_B = { kreaKey: 'krea-tenant-b', argilKey: 'argil-tenant-b' };

function errorFor(response: GraphQLResponse<unknown>, field: string) {
  return response.errors?.find((error) => error.path?.[0] === field);
}

describe('credentials', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      sandbox: { tenants: [TENANT_A, TENANT_B], kreaAssets: 30, argilAssets: 30, kreaJobs: 0 },
      kreaApiKey: null,
      argilApiKey: TENANT_A.argilKey,
    });
  });
  afterAll(() => stack.close());
  afterEach(() => stack.sandbox.controls.resetCalls());

  it('answers UNAUTHENTICATED at the fields of a provider without a credential, and the other provider’s data', async () => {
    const response = await stack.query<Both>(BOTH);
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    expect(errorFor(response, 'kreaAssets')!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', provider: 'KREA' });
    expect(response.data!.kreaAssets.nodes).toEqual([]);
    expect(response.data!.argilAssets.nodes).toHaveLength(2);
    expect(stack.sandbox.controls.count('krea')).toBe(0);
  });

  it('uses per-request credentials over the server-held ones, and never across requests', async () => {
    const a = stack.sandbox.tenants[0]!.data;
    const b = stack.sandbox.tenants[1]!.data;
    const headersB = { 'X-Krea-Token': TENANT_B.kreaKey, 'X-Argil-Api-Key': TENANT_B.argilKey };
    const [withB, withServerKeys, withB2] = await Promise.all([
      stack.query<Both>(BOTH, {}, headersB),
      stack.query<Both>(BOTH),
      stack.query<Both>(BOTH, {}, headersB),
    ]);
    for (const response of [withB, withB2]) {
      expect(response.errors).toBeUndefined();
      expect(response.data!.kreaAssets.nodes.map((n) => n.providerId)).toEqual(
        b.kreaAssets.slice(0, 2).map((x) => x.id),
      );
      expect(response.data!.argilAssets.nodes.map((n) => n.providerId)).toEqual(
        b.argilAssets
          .filter((x) => x.status === 'READY')
          .slice(0, 2)
          .map((x) => x.id),
      );
    }
    expect(withServerKeys.data!.argilAssets.nodes.map((n) => n.providerId)).toEqual(
      a.argilAssets
        .filter((x) => x.status === 'READY')
        .slice(0, 2)
        .map((x) => x.id),
    );
    expect(codes(withServerKeys)).toEqual(['UNAUTHENTICATED']);
  });

  it('turns an upstream 401 into UNAUTHENTICATED without echoing the credential', async () => {
    const secret = 'krea-wrong-secret-123';
    const response = await stack.query<Both>(BOTH, {}, { 'X-Krea-Token': secret });
    expect(errorFor(response, 'kreaAssets')!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', provider: 'KREA' });
    expect(stack.sandbox.controls.calls.find((call) => call.provider === 'krea')!.status).toBe(401);
    expect(JSON.stringify(response)).not.toContain(secret);
    expect(response.data!.argilAssets.nodes).toHaveLength(2);
  });

  it('gives a nullable field null with its error when its provider has no credential', async () => {
    const id = stack.sandbox.tenants[0]!.data.kreaAssets[0]!.id;
    const response = await stack.query<{ kreaAsset: null; argilAssets: { totalCount: number } }>(
      'query($id: UUID!) { kreaAsset(id: $id) { id } argilAssets(first: 1) { totalCount } }',
      { id },
    );
    expect(response.data!.kreaAsset).toBeNull();
    expect(response.data!.argilAssets.totalCount).toBeGreaterThan(0);
    expect(errorFor(response, 'kreaAsset')!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', provider: 'KREA' });
  });
});

describe('coalescing identical upstream calls', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      sandbox: { tenants: [TENANT_A, TENANT_B], kreaAssets: 30, argilAssets: 30, kreaJobs: 0, latencyMs: 80 },
      kreaApiKey: null,
      argilApiKey: null,
    });
  });
  afterAll(() => stack.close());

  const query = '{ kreaAssets(first: 3) { nodes { providerId } } }';
  const as = (tenant: typeof TENANT_A) => ({ 'X-Krea-Token': tenant.kreaKey });

  it('makes one upstream call for identical concurrent requests of one credential, one per credential', async () => {
    stack.sandbox.controls.resetCalls();
    const responses = await Promise.all([
      ...Array.from({ length: 10 }, () => stack.query<Both>(query, {}, as(TENANT_A))),
      ...Array.from({ length: 10 }, () => stack.query<Both>(query, {}, as(TENANT_B))),
    ]);
    const ids = (tenant: number) => stack.sandbox.tenants[tenant]!.data.kreaAssets.slice(0, 3).map((a) => a.id);
    responses.forEach((response, i) => {
      expect(response.data!.kreaAssets.nodes.map((n) => n.providerId)).toEqual(ids(i < 10 ? 0 : 1));
    });
    expect(stack.sandbox.controls.calls.map((call) => call.tenant).sort()).toEqual([0, 1]);
  });

  it('keeps serving the others when one of the requests sharing a call goes away', async () => {
    stack.sandbox.controls.resetCalls();
    const gone = new AbortController();
    const leaving = Promise.resolve(
      stack.gateway.fetch('http://gateway/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...as(TENANT_A) },
        body: JSON.stringify({ query }),
        signal: gone.signal,
      }),
    ).catch(() => 'aborted');
    const staying = Array.from({ length: 3 }, () => stack.query<Both>(query, {}, as(TENANT_A)));
    setTimeout(() => gone.abort(), 20);
    await leaving;
    for (const response of await Promise.all(staying)) {
      expect(response.errors).toBeUndefined();
      expect(response.data!.kreaAssets.nodes).toHaveLength(3);
    }
    expect(stack.sandbox.controls.count('krea')).toBe(1);
  });
});
