/**
 * A variable the schema cannot take is refused before anything runs, the
 * way graphql-js' executor finds it, and answered as a request error: one
 * BAD_USER_INPUT per problem that says where inside the variable it is and
 * what was expected, never the value itself; HTTP 200 to `application/json`
 * clients (as for an invalid document) and 400 to
 * `application/graphql-response+json` ones (GraphQL over HTTP).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

let stack: Stack;
let style: string;

beforeAll(async () => {
  stack = await startStack({ sandbox: { kreaAssets: 5, argilAssets: 5, kreaJobs: 5 } });
  style = stack.sandbox.tenants[0]!.data.kreaStyles[0]!.id;
});
afterAll(async () => {
  await stack.close();
});

/** A value no answer may contain. */
const ECHO = 'echo-me-not';

const STYLE = 'mutation($id: String!, $i: UpdateKreaStyleInput!) { updateKreaStyle(id: $id, input: $i) { id } }';
const IMAGE = 'mutation($i: KreaImageGenerationInput!) { generateKreaImage(input: $i) { job { id } } }';

const cases: Array<[what: string, query: string, variables: () => Record<string, unknown>, expected: string[]]> = [
  [
    'a string for an Int',
    'query($f: Int) { kreaAssets(first: $f) { nodes { id } } }',
    () => ({ f: ECHO }),
    ['Variable "$f" got an invalid value at "f"; expected Int'],
  ],
  [
    'an Int out of 32 bits',
    'query($f: Int) { kreaAssets(first: $f) { nodes { id } } }',
    () => ({ f: 2_147_483_648 }),
    ['Variable "$f" got an invalid value at "f"; expected Int'],
  ],
  [
    'neither a UUID nor a global id',
    'query($id: UUID!) { kreaAsset(id: $id) { id } }',
    () => ({ id: ECHO }),
    [
      'Variable "$id" got an invalid value at "id"; Expected a UUID (an object\'s `providerId`) or a global id (its `id`, as node(id:) takes)',
    ],
  ],
  [
    'an unknown enum value',
    'query($s: KreaJobStatus) { kreaJobs(status: $s) { nodes { id } } }',
    () => ({ s: ECHO }),
    ['Variable "$s" got an invalid value at "s"; expected KreaJobStatus'],
  ],
  [
    'a bad DateTime inside an input object',
    'query($f: AssetFilter) { assets(filter: $f) { nodes { id } } }',
    () => ({ f: { createdAfter: ECHO } }),
    ['Variable "$f" got an invalid value at "f.createdAfter"; expected DateTime'],
  ],
  [
    'null inside a list of non-null',
    'query($t: [String!]) { kreaJobs(types: $t) { nodes { id } } }',
    () => ({ t: [ECHO, null] }),
    ['Variable "$t" got an invalid value at "t[1]"; expected String, not null'],
  ],
  [
    'a missing required input field',
    'mutation($i: ImportArgilAssetInput!) { importArgilAsset(input: $i) { asset { id } } }',
    () => ({ i: { name: ECHO, url: 'https://example.com/a.png' } }),
    ['Variable "$i" got an invalid value at "i"; field "type" is required'],
  ],
  [
    'two members of a @oneOf input',
    IMAGE,
    () => ({ i: { bflFlux1Dev: { prompt: ECHO }, bflFlux11Pro: { prompt: ECHO, width: 512, height: 512 } } }),
    ['Variable "$i" got an invalid value at "i"; set exactly one field of KreaImageGenerationInput'],
  ],
  [
    'a null @oneOf member',
    IMAGE,
    () => ({ i: { bflFlux1Dev: null } }),
    ['Variable "$i" got an invalid value at "i.bflFlux1Dev"; field "bflFlux1Dev" must not be null'],
  ],
  [
    'an invalid URL in a list',
    STYLE,
    () => ({ id: style, i: { urls: ['https://example.com/a.png', ECHO] } }),
    ['Variable "$i" got an invalid value at "i.urls[1]"; expected URL'],
  ],
  [
    'a URL over the length limit',
    STYLE,
    () => ({ id: style, i: { urls: [`https://example.com/${ECHO}${'a'.repeat(5_000)}`] } }),
    ['Variable "$i" got an invalid value at "i.urls[0]"; A URL may have at most 2048 characters'],
  ],
];

describe('a variable the schema cannot take', () => {
  for (const [what, query, variables, expected] of cases) {
    it(`${what}: one coded error per problem, where and what was expected, no value`, async () => {
      const before = stack.sandbox.controls.calls.length;
      const response = await stack.query(query, variables());
      expect(stack.sandbox.controls.calls.length).toBe(before);
      expect(response.status).toBe(200);
      expect(response.data).toBeUndefined();
      expect(response.errors?.map((error) => error.message)).toEqual(expected);
      expect(response.errors?.map((error) => error.extensions)).toEqual(
        expected.map((message) => ({ code: 'BAD_USER_INPUT', field: /at "([^"]+)"/.exec(message)![1] })),
      );
      expect(JSON.stringify(response)).not.toContain(ECHO);
    });
  }

  it('answers 400 to a client that accepts application/graphql-response+json', async () => {
    const response = await stack.query(
      'query($f: Int) { kreaAssets(first: $f) { nodes { id } } }',
      { f: 'two' },
      {
        accept: 'application/graphql-response+json',
      },
    );
    expect(response.status).toBe(400);
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});
