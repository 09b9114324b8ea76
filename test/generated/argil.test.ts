/**
 * The generated module against Argil's reconstructed document, read here on
 * its own (the yaml package, no generator code): it holds every operation
 * with its confidence, parameters and JSON body schema, self-contained
 * (no $ref) and compilable as the gateway compiles it; and every operation
 * is served by the graph, but for a named list still to do.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ARGIL_OPERATIONS, ARGIL_REQUEST_BODIES } from '../../src/providers/argil/generated/operations.js';
import { hasCoordinate } from './schema-coordinates.js';

type Operation = {
  'x-confidence'?: string;
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content: Record<string, unknown> };
};
const text = readFileSync(new URL('../../specs/argil-openapi.reconstructed.yaml', import.meta.url), 'utf8');
const document = parse(text) as { paths: Record<string, Record<string, Operation>> };
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.keys(item)
    .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
    .map((method) => ({ key: `${method.toUpperCase()} ${path}`, operation: item[method]! })),
);

/** Where the graph serves each operation. */
const SERVED: Record<string, string> = {
  'GET /avatars': 'Query.argilAvatars',
  'POST /avatars': 'Mutation.createArgilAvatar',
  'GET /avatars/{id}': 'ArgilMoment.avatar',
  'GET /voices': 'Query.argilVoices',
  'POST /voices': 'Mutation.createArgilVoice',
  'GET /voices/{id}': 'ArgilMoment.voice',
  'POST /voices/sync': 'Mutation.syncArgilVoices',
  'GET /videos': 'Query.argilVideos',
  'POST /videos': 'Mutation.createArgilVideo',
  'GET /videos/{id}': 'Query.argilVideo',
  'DELETE /videos/{id}': 'Mutation.deleteArgilVideo',
  'POST /videos/{id}/render': 'Mutation.renderArgilVideo',
  'GET /webhooks': 'Query.argilWebhooks',
  'POST /webhooks': 'Mutation.createArgilWebhook',
  'PUT /webhooks/{id}': 'Mutation.updateArgilWebhook',
  'DELETE /webhooks/{id}': 'Mutation.deleteArgilWebhook',
  'GET /assets': 'Query.argilAssets',
  'POST /assets': 'Mutation.importArgilAsset',
  'GET /assets/{id}': 'Query.argilAsset',
  'DELETE /assets/{id}': 'Mutation.deleteAsset',
  'GET /subtitles': 'Query.argilSubtitles',
  'GET /subtitles/videos/{videoProjectId}/export': 'Query.argilSubtitleExport',
};

/**
 * The operations the graph does not serve yet. Empty it (and check the names
 * in SERVED) as they land: the test fails both ways, so this list can never
 * claim less or more than the graph does. POST /webhooks is here because
 * only scripts/register-argil-webhook.ts calls it, not the graph.
 */
const UNSERVED: readonly string[] = [];

const key = (operation: { method: string; path: string }) => `${operation.method} ${operation.path}`;

describe('src/generated/argil-operations.ts', () => {
  it('holds every operation of the document (22), in its order, with its x-confidence', () => {
    expect(operations).toHaveLength(22);
    expect(ARGIL_OPERATIONS.map(key)).toEqual(operations.map((op) => op.key));
    expect(ARGIL_OPERATIONS.map((op) => op.confidence)).toEqual(operations.map((op) => op.operation['x-confidence']));
    expect(new Set(ARGIL_OPERATIONS.map((op) => op.operationId)).size).toBe(22);
    expect(ARGIL_OPERATIONS.find((op) => key(op) === 'GET /avatars/{id}')?.operationId).toBe('getAvatarsById');
  });

  it('holds each operation’s parameters, by name and location', () => {
    for (const [i, { key: at, operation }] of operations.entries()) {
      const names = (list: ReadonlyArray<{ name: string; in: string }>) => list.map((p) => `${p.in} ${p.name}`);
      expect(names(ARGIL_OPERATIONS[i]!.parameters), at).toEqual(names(operation.parameters ?? []));
    }
    const exportOp = ARGIL_OPERATIONS.find((op) => op.path === '/subtitles/videos/{videoProjectId}/export')!;
    expect(exportOp.parameters.find((p) => p.name === 'format')?.schema).toEqual({
      type: 'string',
      enum: ['vtt', 'ass'],
      default: 'vtt',
    });
  });

  it('holds the JSON body schema of every operation that takes one, self-contained and compilable', () => {
    const withBodies = operations.filter((op) => op.operation.requestBody?.content['application/json']);
    expect(withBodies.map((op) => op.key)).toEqual(Object.keys(ARGIL_REQUEST_BODIES));
    expect(withBodies).toHaveLength(8);
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    for (const [at, schema] of Object.entries(ARGIL_REQUEST_BODIES)) {
      expect(JSON.stringify(schema), at).not.toContain('"$ref"');
      expect(() => ajv.compile(schema), at).not.toThrow();
      const operation = ARGIL_OPERATIONS.find((op) => key(op) === at)!;
      expect(operation.requestBody?.schema, at).toBe(schema);
    }
    // VideoCreateArgs with MomentCreate inlined: what createArgilVideo is checked against.
    const video = ajv.compile(ARGIL_REQUEST_BODIES['POST /videos']);
    expect(video({ name: 'n', moments: [{ avatarId: 'a', transcript: 'hi' }] })).toBe(true);
    expect(video({ name: 'n', moments: [{ avatarId: 'a', unknown: 1 }] })).toBe(false);
  });

  it('has every operation served by the graph, but for the named list still to do', () => {
    expect(Object.keys(SERVED).sort()).toEqual(operations.map((op) => op.key).sort());
    const served = operations.map((op) => op.key).filter((at) => hasCoordinate(SERVED[at]!));
    expect(served).toEqual(operations.map((op) => op.key).filter((at) => !UNSERVED.includes(at)));
  });
});
