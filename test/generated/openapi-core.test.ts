/**
 * The pipeline's provider-free core (scripts/openapi/): a document read from
 * JSON or YAML alike, its $refs resolved (escapes, keywords beside a $ref,
 * a cycle refused by name), and its operations listed with what every
 * renderer relies on.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { derivedOperationId, listOperations } from '../../scripts/openapi/list-operations.js';
import { readDocument } from '../../scripts/openapi/read-document.js';
import { importPath, tsValue } from '../../scripts/openapi/render-module.js';

const document = {
  openapi: '3.1.0',
  paths: {
    '/things/{id}': {
      parameters: [
        { name: 'id', in: 'path', schema: { type: 'string' } },
        { name: 'verbose', in: 'query', schema: { type: 'boolean' } },
      ],
      put: {
        summary: 'Replace a thing',
        'x-confidence': 'medium',
        parameters: [{ name: 'verbose', in: 'query', required: true, schema: { type: 'integer' } }],
        requestBody: {
          required: true,
          content: {
            'text/plain': { schema: { type: 'string' } },
            'application/json': { schema: { $ref: '#/components/schemas/Thing' } },
          },
        },
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
          '204': { description: 'nothing' },
        },
      },
      delete: { operationId: 'removeThing', responses: { '204': { description: 'gone' } } },
    },
    '/uploads': {
      post: {
        requestBody: { content: { 'multipart/form-data': { schema: { type: 'object' } } } },
        responses: {},
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        properties: { part: { $ref: '#/components/schemas/a~1b', description: 'beside the $ref' } },
      },
      'a/b': { type: 'string', description: 'the target’s own' },
      // Recursive, but no operation refers to it: no error.
      Tree: {
        type: 'object',
        properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } } },
      },
    },
  },
};

describe('scripts/openapi', () => {
  it('reads JSON and YAML to the same operations, pinned by the sha256 of the exact text', () => {
    const json = readDocument(JSON.stringify(document), 'doc.json');
    const yaml = readDocument(stringify(document), 'doc.yaml');
    expect(listOperations(yaml.root)).toEqual(listOperations(json.root));
    expect(json.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(json.sha256).not.toBe(yaml.sha256);
    expect(readDocument(`${JSON.stringify(document)}\n`, 'doc.json').sha256).not.toBe(json.sha256);
  });

  it('lists each operation with its id, merged parameters, chosen body, responses and confidence', () => {
    const [put, remove, upload] = listOperations(readDocument(JSON.stringify(document), 'doc.json').root);
    const thing = { type: 'object', properties: { part: { type: 'string', description: 'beside the $ref' } } };
    expect(put).toEqual({
      method: 'PUT',
      path: '/things/{id}',
      operationId: 'putThingsById',
      summary: 'Replace a thing',
      description: undefined,
      confidence: 'medium',
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
        { name: 'verbose', in: 'query', required: true, schema: { type: 'integer' } },
      ],
      requestBody: { required: true, contentType: 'application/json', schema: thing },
      responses: { '200': { 'application/json': thing }, '204': {} },
    });
    expect(remove).toMatchObject({ method: 'DELETE', operationId: 'removeThing', confidence: undefined });
    expect(remove!.parameters.map((p) => p.name)).toEqual(['id', 'verbose']);
    expect(upload!.requestBody).toEqual({
      required: false,
      contentType: 'multipart/form-data',
      schema: { type: 'object' },
    });
  });

  it('refuses a $ref that refers to itself, one outside the document and one to nothing, naming it', () => {
    const withPath = (schema: object) =>
      JSON.stringify({
        ...document,
        paths: {
          '/x': { get: { responses: { '200': { description: '', content: { 'application/json': { schema } } } } } },
        },
      });
    expect(() => readDocument(withPath({ $ref: '#/components/schemas/Tree' }), 'd.json')).toThrow(
      '$ref #/components/schemas/Tree refers to itself',
    );
    expect(() => readDocument(withPath({ $ref: 'other.yaml#/X' }), 'd.json')).toThrow('only local references');
    expect(() => readDocument(withPath({ $ref: '#/components/schemas/Nope' }), 'd.json')).toThrow('nothing at "Nope"');
    expect(() => readDocument('{"openapi":"3.1.0"}', 'd.json')).toThrow('not an OpenAPI document');
  });

  it('makes an operationId from method and path when the document gives none, and refuses two alike', () => {
    expect(derivedOperationId('GET', '/avatars/{id}')).toBe('getAvatarsById');
    expect(derivedOperationId('POST', '/generate/image/bfl/flux-1.1-pro')).toBe('postGenerateImageBflFlux11Pro');
    expect(derivedOperationId('GET', '/subtitles/videos/{videoProjectId}/export')).toBe(
      'getSubtitlesVideosByVideoProjectIdExport',
    );
    const twice = { paths: { '/a': { get: { operationId: 'same' }, post: { operationId: 'same' } } } };
    expect(() => listOperations(twice)).toThrow('POST /a: operationId "same" is taken');
  });

  it('writes values as JSON would, shared objects by name, and imports relative to the output', () => {
    const shared = { type: 'string' };
    expect(tsValue({ a: [1, 'b'], c: {}, d: undefined, e: shared }, new Map([[shared, 'sharedBody']]))).toBe(
      '{\n  "a": [\n    1,\n    "b"\n  ],\n  "c": {},\n  "e": sharedBody\n}',
    );
    const target = { document: 'specs/x.json', output: 'src/providers/x/generated.ts', renderer: 'r' };
    expect(importPath(target, 'src/openapi/types.ts')).toBe('../../openapi/types.js');
    expect(importPath({ ...target, output: 'src/generated/x.ts' }, 'src/openapi/types.ts')).toBe('../openapi/types.js');
  });
});
