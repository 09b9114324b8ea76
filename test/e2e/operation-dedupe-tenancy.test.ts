/**
 * Operation de-duplication never mixes tenants or callers: 1,200 concurrent
 * mixed requests — three credentials (two tenants' keys and the server-held
 * ones) crossed with four users of different subjects and scopes (one
 * without media:read, so refused) and queries that depend on each — are
 * each answered exactly as a gateway without de-duplication answers the
 * same request alone. Many of them did share an execution (the request
 * log says which), so the sharing was exercised, not avoided.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { DEFAULT_TENANT } from '../../src/sandbox/tenants.js';
import { AUDIENCE, ISSUER, startIssuer } from '../helpers/jwks.js';
import type { TestIssuer } from '../helpers/jwks.js';
import { startStack } from '../helpers/stack.js';
import type { GraphQLResponse, Stack } from '../helpers/stack.js';

const A = { kreaKey: 'dedupe-mix-krea-a', argilKey: 'dedupe-mix-argil-a' };
const B = { kreaKey: 'dedupe-mix-krea-b', argilKey: 'dedupe-mix-argil-b' };
const credentials: ReadonlyArray<Record<string, string>> = [
  { 'x-krea-token': A.kreaKey, 'x-argil-api-key': A.argilKey },
  { 'x-krea-token': B.kreaKey, 'x-argil-api-key': B.argilKey },
  {},
];
const users = [
  { sub: 'alice', scope: 'media:read' },
  { sub: 'bob', scope: 'media:read' },
  { sub: 'carol', scope: 'media:generate' },
  { sub: 'dave', scope: 'media:read media:write' },
];
const KREA = 'query($n: Int!) { kreaAssets(first: $n) { nodes { id url } } }';
const FEED =
  'query($n: Int!) { assets(first: $n) { nodes { __typename ... on KreaAsset { url } ... on ArgilAsset { url } } } viewer { subject } }';
const VIEWER = 'query($n: Int!) { viewer { subject scopes } argilAssets(first: $n) { totalCount } }';
const queries = [KREA, FEED, VIEWER];

let issuer: TestIssuer;
let deduped: Stack;
let plain: Stack;
const shared: string[] = [];

beforeAll(async () => {
  issuer = await startIssuer();
  const tokens = { jwksUrl: issuer.jwksUrl, issuer: ISSUER, audience: AUDIENCE };
  const logger = createLogger('info', {
    write: (line: string) => {
      const entry = JSON.parse(line) as { msg: string; deduplicated?: boolean; requestId?: string };
      if (entry.msg === 'request' && entry.deduplicated === true) shared.push(entry.requestId ?? '');
    },
  });
  // 1,200 requests at once on a busy machine: deadlines that prove tenancy, not speed.
  deduped = await startStack({
    sandbox: { tenants: [A, B, DEFAULT_TENANT], kreaAssets: 30, argilAssets: 30, kreaJobs: 4 },
    upstreamTimeoutMs: 30_000,
    gateway: { tokens, logger },
  });
  // The oracle: the same sandbox behind a gateway without de-duplication.
  plain = await startStack({
    sharedSandbox: deduped.sandbox,
    upstreamTimeoutMs: 30_000,
    gateway: { tokens, operationDedupe: false },
  });
});
afterAll(async () => {
  await plain?.close();
  await deduped?.close();
  await issuer?.close();
});

const comparable = (answer: GraphQLResponse<unknown>) =>
  JSON.stringify({ status: answer.status, data: answer.data, errors: answer.errors });

describe('de-duplication and tenancy', () => {
  it('1,200 concurrent mixed requests of three credentials and four users each get their own answer', async () => {
    const bearers = await Promise.all(
      users.map(async (user) => `Bearer ${await issuer.sign({ sub: user.sub, scope: user.scope })}`),
    );
    const cases = Array.from({ length: 1_200 }, (_, i) => ({
      credential: i % 3,
      user: Math.floor(i / 3) % 4,
      query: Math.floor(i / 12) % 3,
      n: 1 + (Math.floor(i / 36) % 2),
    }));
    const headersOf = (each: (typeof cases)[number], id: string) => ({
      ...credentials[each.credential],
      authorization: bearers[each.user]!,
      'x-request-id': id,
    });
    const expected = new Map<string, string>();
    for (const each of cases) {
      const key = JSON.stringify(each);
      if (expected.has(key)) continue;
      const answer = await plain.query(queries[each.query]!, { n: each.n }, headersOf(each, 'oracle'));
      expected.set(key, comparable(answer));
    }
    // 72 distinct cases; credentials and users do change the answers.
    expect(expected.size).toBe(72);
    const byCredential = [0, 1, 2].map((credential) =>
      expected.get(JSON.stringify({ credential, user: 0, query: 0, n: 1 })),
    );
    expect(new Set(byCredential).size).toBe(3);
    const byUser = [0, 1, 2, 3].map((user) => expected.get(JSON.stringify({ credential: 0, user, query: 2, n: 1 })));
    expect(new Set(byUser).size).toBe(4);
    expect(expected.get(JSON.stringify({ credential: 0, user: 2, query: 0, n: 1 }))).toContain('FORBIDDEN');

    shared.length = 0;
    const answers = await Promise.all(
      cases.map((each, i) => deduped.query(queries[each.query]!, { n: each.n }, headersOf(each, `mix-${i}`))),
    );
    answers.forEach((answer, i) => expect(comparable(answer)).toBe(expected.get(JSON.stringify(cases[i]))));
    // The sharing happened: some requests were answered from another's execution.
    expect(shared.filter((id) => id.startsWith('mix-')).length).toBeGreaterThan(0);
  });
});
