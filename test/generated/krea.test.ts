/**
 * The generated module against Krea's document, read here on its own: it
 * holds every operation, every operation is served by the graph, member
 * names follow the contract's rule, and required properties are non-null.
 * (That it is current: staleness.test.ts, for every generated module.)
 */
import { readFileSync } from 'node:fs';
import { getNamedType, isInputObjectType, isNonNullType } from 'graphql';
import type { GraphQLInputType } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  KREA_GENERATIONS,
  KREA_OPERATIONS,
  KREA_REQUEST_BODIES,
  KREA_STYLE_UPDATE,
} from '../../src/providers/krea/generated/operations.js';
import { schema } from '../../src/schema/index.js';
import { hasCoordinate } from './schema-coordinates.js';

const text = readFileSync(new URL('../../specs/krea-openapi.json', import.meta.url), 'utf8');
type Schema = { type?: unknown; properties?: Record<string, Schema>; required?: string[] };
type Operation = { requestBody?: { content: Record<string, { schema: Schema }> } };
const document = JSON.parse(text) as { paths: Record<string, Record<string, Operation>> };
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.keys(item)
    .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
    .map((method) => ({ method: method.toUpperCase(), path, operation: item[method]! })),
);
const generations = operations.filter((op) => op.path.startsWith('/generate/'));

/** The contract's naming rule, walked a character at a time (not the generator's split-and-join). */
function contractName(rest: string): string {
  let name = '';
  let word = 0;
  let startOfWord = true;
  for (const ch of rest) {
    if ('/-._'.includes(ch)) {
      if (name !== '') startOfWord = true;
      continue;
    }
    if (startOfWord && name !== '') word++;
    name += word === 0 ? ch.toLowerCase() : startOfWord ? ch.toUpperCase() : ch;
    startOfWord = false;
  }
  return name;
}

const camel = (snake: string) => snake.replace(/_(.)/g, (_, c: string) => c.toUpperCase());

const ONE_OF: Record<string, string> = {
  image: 'KreaImageGenerationInput',
  video: 'KreaVideoGenerationInput',
  enhance: 'KreaImageEnhanceInput',
};

/** Where the graph serves each operation that is not a generation endpoint. */
const SERVED: Record<string, string> = {
  'GET /jobs': 'Query.kreaJobs',
  'GET /jobs/{id}': 'Query.kreaJob',
  'DELETE /jobs/{id}': 'Mutation.deleteKreaJob',
  'POST /assets': 'Mutation.uploadKreaAsset',
  'GET /assets': 'Query.kreaAssets',
  'GET /assets/{id}': 'Query.kreaAsset',
  'DELETE /assets/{id}': 'Mutation.deleteAsset',
  'POST /styles/train': 'Mutation.trainKreaStyle',
  'GET /styles': 'Query.kreaStyles',
  'GET /styles/{id}': 'Query.kreaStyle',
  'PATCH /styles/{id}': 'Mutation.updateKreaStyle',
  'GET /styles/{id}/share/link': 'Mutation.kreaStyleShareLink',
  'POST /styles/{id}/share/workspace': 'Mutation.shareKreaStyleWithWorkspace',
  'DELETE /styles/{id}/share/workspace': 'Mutation.unshareKreaStyleFromWorkspace',
  'GET /node-apps/{id}': 'Query.kreaNodeApp',
  'POST /node-apps/{id}/execute': 'Mutation.executeKreaNodeApp',
};

describe('src/generated/krea-operations.ts', () => {
  it('holds every operation of the document (72, 56 of them generation endpoints)', () => {
    expect(operations).toHaveLength(72);
    expect(generations).toHaveLength(56);
    expect(KREA_OPERATIONS.map((op) => `${op.method} ${op.path}`).sort()).toEqual(
      operations.map((op) => `${op.method} ${op.path}`).sort(),
    );
    expect(KREA_GENERATIONS.map((g) => g.path)).toEqual(generations.map((op) => op.path));
  });

  it('writes each JSON body schema once: the operations and the generation tables share it', () => {
    for (const generation of KREA_GENERATIONS) {
      const body = KREA_REQUEST_BODIES[`POST ${generation.path}` as keyof typeof KREA_REQUEST_BODIES];
      expect(generation.schema, generation.path).toBe(body);
      expect(KREA_OPERATIONS.find((op) => op.path === generation.path)?.requestBody?.schema).toBe(body);
    }
    expect(KREA_STYLE_UPDATE.schema).toBe(KREA_REQUEST_BODIES['PATCH /styles/{id}']);
    // POST /assets is multipart: an operation with a body, but no JSON body to check.
    expect(KREA_OPERATIONS.find((op) => op.method === 'POST' && op.path === '/assets')?.requestBody?.contentType).toBe(
      'multipart/form-data',
    );
    expect(Object.keys(KREA_REQUEST_BODIES)).not.toContain('POST /assets');
  });

  it('has every operation served by the graph', () => {
    const unserved: string[] = [];
    for (const { method, path } of operations) {
      const generate = /^\/generate\/(image|video|enhance)\/(.+)$/.exec(path);
      const coordinate = generate
        ? `${ONE_OF[generate[1]!]}.${contractName(generate[2]!)}`
        : SERVED[`${method} ${path}`];
      if (!coordinate || !hasCoordinate(coordinate)) unserved.push(`${method} ${path}`);
    }
    expect(unserved).toEqual([]);
  });

  it('names members by the contract’s rule, with the contract’s own examples, describing their operation', () => {
    expect(contractName('bfl/flux-1-dev')).toBe('bflFlux1Dev');
    expect(contractName('bfl/flux-1.1-pro')).toBe('bflFlux11Pro');
    expect(contractName('google/veo-3.1-fast')).toBe('googleVeo31Fast');
    expect(contractName('topaz/bloom-enhance')).toBe('topazBloomEnhance');
    for (const { path } of generations) {
      const [, modality, rest] = /^\/generate\/([^/]+)\/(.+)$/.exec(path)!;
      const member = contractName(rest!);
      const field = (
        schema.getType(ONE_OF[modality!]!) as {
          getFields(): Record<string, { description?: string | null; type: unknown }>;
        }
      ).getFields()[member];
      expect(field, path).toBeDefined();
      expect(field!.description).toMatch(new RegExp(`^POST ${path.replace(/[.]/g, '\\.')}`));
      const type = getNamedType(field!.type as GraphQLInputType);
      expect(type.name).toBe(`Krea${member[0]!.toUpperCase()}${member.slice(1)}Input`);
    }
  });

  it('makes every property the document requires non-null, and every other one nullable', () => {
    for (const { path, operation } of generations) {
      const body = operation.requestBody!.content['application/json']!.schema;
      const [, modality, rest] = /^\/generate\/([^/]+)\/(.+)$/.exec(path)!;
      const member = (
        schema.getType(ONE_OF[modality!]!) as { getFields(): Record<string, { type: unknown }> }
      ).getFields()[contractName(rest!)]!;
      const input = getNamedType(member.type as GraphQLInputType);
      expect(isInputObjectType(input)).toBe(true);
      const fields = (input as unknown as { getFields(): Record<string, { type: unknown }> }).getFields();
      for (const property of Object.keys(body.properties ?? {})) {
        const field = fields[camel(property)];
        expect(field, `${path} ${property}`).toBeDefined();
        expect(isNonNullType(field!.type), `${path} ${property}`).toBe((body.required ?? []).includes(property));
      }
      expect(Object.keys(fields)).toHaveLength(Object.keys(body.properties ?? {}).length);
    }
  });
});
