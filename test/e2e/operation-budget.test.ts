/**
 * One operation cannot drain the providers (issue 22, item 5): the ids it
 * names (each an upstream call on the server's keys) and the paid mutations
 * it runs are counted across the whole document, aliases, repeated
 * selections and fragments included, with its variables; over the limit the
 * operation is QUERY_TOO_COMPLEX and the sandbox sees no call at all.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { codes, startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ sandbox: { kreaAssets: 10, argilAssets: 10, kreaJobs: 5 } });
});
afterAll(() => stack.close());
beforeEach(() => stack.sandbox.controls.resetCalls());

const gid = (typename: string, id: string) => Buffer.from(`${typename}:${id}`).toString('base64');
const unknownIds = (typename: string, n: number) =>
  Array.from({ length: n }, () => gid(typename, typename === 'KreaStyle' ? `style-${randomUUID()}` : randomUUID()));
const list = (ids: string[]) => `[${ids.map((id) => JSON.stringify(id)).join(', ')}]`;

function expectRefused(response: Awaited<ReturnType<Stack['query']>>, message: RegExp): void {
  expect(codes(response)).toEqual(['QUERY_TOO_COMPLEX']);
  expect(response.errors![0]!.message).toMatch(message);
  expect(response.data ?? null).toBeNull();
  expect(stack.sandbox.controls.calls).toHaveLength(0);
}

describe('ids per operation (MAX_IDS_PER_OPERATION, 100 by default)', () => {
  for (const typename of ['ArgilAsset', 'KreaJob', 'ArgilVideo', 'KreaStyle']) {
    it(`refuses 20 aliases of nodes with 100 unknown ${typename} ids each, before any call`, async () => {
      const aliases = Array.from(
        { length: 20 },
        (_, i) => `a${i}: nodes(ids: ${list(unknownIds(typename, 100))}) { id }`,
      );
      const response = await stack.query(`{ ${aliases.join(' ')} }`);
      expectRefused(response, /names 2000 ids .*at most 100 per operation/);
    });
  }

  it('counts ids given as variables, and lets exactly 100 through', async () => {
    const query = 'query($a: [ID!]!, $b: [ID!]!) { a: nodes(ids: $a) { id } b: nodes(ids: $b) { id } }';
    expectRefused(
      await stack.query(query, { a: unknownIds('KreaAsset', 60), b: unknownIds('KreaAsset', 41) }),
      /names 101 ids/,
    );
    const allowed = await stack.query<{ a: unknown[]; b: unknown[] }>(query, {
      a: unknownIds('KreaAsset', 60),
      b: unknownIds('KreaAsset', 40),
    });
    expect(allowed.errors).toBeUndefined();
    expect([allowed.data!.a.length, allowed.data!.b.length]).toEqual([60, 40]);
  });

  it('counts every spread of a fragment, and a default value when the variable is left out', async () => {
    const spread = await stack.query(
      'query($ids: [ID!]!) { ...Ids again: nodes(ids: $ids) { id } } fragment Ids on Query { nodes(ids: $ids) { id } }',
      { ids: unknownIds('KreaAsset', 51) },
    );
    expectRefused(spread, /names 102 ids/);
    const defaults = await stack.query(
      `query($ids: [ID!]! = ${list(unknownIds('KreaAsset', 51))}) { a: nodes(ids: $ids) { id } b: nodes(ids: $ids) { id } }`,
    );
    expectRefused(defaults, /names 102 ids/);
  });

  it('counts node(id:), the single-object queries and federation representations', async () => {
    const singles = Array.from({ length: 11 }, (_, i) =>
      i % 2 === 0
        ? `s${i}: kreaAsset(id: "${randomUUID()}") { id }`
        : `s${i}: argilVideo(id: "${randomUUID()}") { id }`,
    );
    const mixed = await stack.query(
      `query($ids: [ID!]!, $one: ID!) { nodes(ids: $ids) { id } node(id: $one) { id } ${singles.join(' ')} }`,
      { ids: unknownIds('KreaJob', 89), one: unknownIds('ArgilAsset', 1)[0] },
    );
    expectRefused(mixed, /names 101 ids/);

    const representations = Array.from({ length: 101 }, () => ({ __typename: 'KreaAsset', providerId: randomUUID() }));
    const entities = await stack.query(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on KreaAsset { id } } }',
      { r: representations },
    );
    expectRefused(entities, /names 101 ids/);
  });

  it('is enforced over WebSocket too', async () => {
    const url = await stack.listen();
    const client = createClient({ url: url.replace(/^http/, 'ws'), retryAttempts: 0, webSocketImpl: WebSocket });
    try {
      const result = await client
        .iterate({
          query: 'query($ids: [ID!]!) { a: nodes(ids: $ids) { id } b: nodes(ids: $ids) { id } }',
          variables: { ids: unknownIds('ArgilVideo', 51) },
        })
        .next();
      const errors = (result.value as { errors?: Array<{ extensions?: { code?: string } }> }).errors ?? [];
      expect(errors.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    } finally {
      await client.dispose();
    }
    expect(stack.sandbox.controls.calls).toHaveLength(0);
  });
});

describe('paid mutations per operation (MAX_PAID_MUTATIONS_PER_OPERATION, 5 by default)', () => {
  const image = (alias: string) =>
    `${alias}: generateKreaImage(input: { bflFlux1Dev: { prompt: "a cat" } }) { job { id } }`;

  it('refuses 20 aliased generations without a single POST, and lets 5 through, each sent once', async () => {
    const refused = await stack.query(`mutation { ${Array.from({ length: 20 }, (_, i) => image(`g${i}`)).join(' ')} }`);
    expectRefused(refused, /runs 20 paid mutations.*at most 5 per operation/);
    const allowed = await stack.query(`mutation { ${Array.from({ length: 5 }, (_, i) => image(`g${i}`)).join(' ')} }`);
    expect(allowed.errors).toBeUndefined();
    expect(stack.sandbox.controls.count('krea', 'POST')).toBe(5);
  });

  it('counts every kind (generations, trainings, node-app runs, renders) and every spread', async () => {
    const response = await stack.query(
      `mutation($train: KreaStyleTrainingInput!, $video: ID!) {
        ...Twice
        ${image('three')}
        train: trainKreaStyle(input: $train) { job { id } }
        run: executeKreaNodeApp(id: "app", input: {}) { jobs { id } }
        render: renderArgilVideo(id: $video) { video { id } }
      }
      fragment Twice on Mutation { ${image('one')} ${image('two')} }`,
      {
        train: { flux: { name: 'my style', urls: ['https://example.com/1.png'], maxTrainSteps: 100 } },
        video: gid('ArgilVideo', randomUUID()),
      },
    );
    expectRefused(response, /runs 6 paid mutations/);
  });
});

describe('configured limits', () => {
  let small: Stack;
  beforeAll(async () => {
    small = await startStack({
      sandbox: { kreaAssets: 3, argilAssets: 3, kreaJobs: 2 },
      gateway: { limits: { maxIdsPerOperation: 3, maxPaidMutationsPerOperation: 1 } },
    });
  });
  afterAll(() => small.close());

  it('refuses a fourth id and a second paid mutation', async () => {
    const ids = await small.query('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: unknownIds('KreaAsset', 4),
    });
    expect(codes(ids)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(ids.errors![0]!.message).toMatch(/names 4 ids .*at most 3 per operation/);
    const paid = await small.query(
      'mutation { a: generateKreaImage(input: { bflFlux1Dev: { prompt: "a" } }) { job { id } } b: generateKreaImage(input: { bflFlux1Dev: { prompt: "b" } }) { job { id } } }',
    );
    expect(codes(paid)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(small.sandbox.controls.calls).toHaveLength(0);
  });
});
