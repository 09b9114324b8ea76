/**
 * Every root field carries the scope its kind calls for (issue 23): reads
 * media:read, paid mutations (the operation budget's own mark) media:generate,
 * every other mutation media:write; `viewer` needs a token and no scope;
 * `_service` nothing. The served schema, schema.graphql and the subgraph SDL
 * all say so with Apollo's directives.
 */
import { readFileSync } from 'node:fs';
import type { GraphQLField, GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.js';
import { isPaidMutation } from '../src/schema/operation-cost.js';
import { requiredScopesOf } from '../src/schema/scopes.js';

const fieldsOf = (type: GraphQLObjectType | null | undefined) => Object.values(type!.getFields());
const scopesOf = (field: GraphQLField<unknown, unknown>) => requiredScopesOf(field);
const authenticated = (field: GraphQLField<unknown, unknown>) =>
  ((field.extensions.directives ?? []) as Array<{ name: string }>).some(
    (directive) => directive.name === 'authenticated',
  );

describe('the scope of every root field', () => {
  it('queries (node, nodes and _entities too) and subscriptions read: media:read', () => {
    const reads = [...fieldsOf(schema.getQueryType()), ...fieldsOf(schema.getSubscriptionType())].filter(
      (field) => !['viewer', '_service'].includes(field.name),
    );
    expect(reads.map((field) => field.name)).toEqual(
      expect.arrayContaining(['node', 'nodes', '_entities', 'kreaJobUpdates']),
    );
    for (const field of reads) expect(scopesOf(field), field.name).toEqual([['media:read']]);
  });

  it('paid mutations need media:generate, every other mutation media:write', () => {
    const mutations = fieldsOf(schema.getMutationType());
    const paid = mutations.filter(isPaidMutation).map((field) => field.name);
    expect(paid.sort()).toEqual(
      [
        'generateKreaImage',
        'generateKreaVideo',
        'enhanceKreaImage',
        'trainKreaStyle',
        'executeKreaNodeApp',
        'renderArgilVideo',
        'createArgilAvatar',
        'createArgilVoice',
      ].sort(),
    );
    for (const field of mutations) {
      expect(scopesOf(field), field.name).toEqual([[paid.includes(field.name) ? 'media:generate' : 'media:write']]);
    }
    for (const name of [
      'uploadKreaAsset',
      'importArgilAsset',
      'deleteAsset',
      'deleteKreaJob',
      'deleteArgilVideo',
      'syncArgilVoices',
      'createArgilWebhook',
      'updateArgilWebhook',
      'deleteArgilWebhook',
    ]) {
      expect(
        mutations.some((field) => field.name === name),
        name,
      ).toBe(true);
    }
  });

  it('viewer needs a token but no scope; _service nothing', () => {
    const fields = schema.getQueryType()!.getFields();
    expect(authenticated(fields.viewer!)).toBe(true);
    expect(scopesOf(fields.viewer!)).toBeUndefined();
    expect(authenticated(fields._service!)).toBe(false);
    expect(scopesOf(fields._service!)).toBeUndefined();
  });
});

describe('the printed schemas', () => {
  const printed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
  const subgraph = readFileSync(new URL('../subgraph.graphql', import.meta.url), 'utf8');

  it('schema.graphql declares the directives and shows them where they apply', () => {
    expect(printed).toContain('directive @authenticated on');
    expect(printed).toMatch(/directive @requiresScopes\([^)]*scopes: \[\[String!\]!\]!\s*\) on/);
    expect(printed).toMatch(/\): KreaGenerationPayload! @requiresScopes\(scopes: \[\["media:generate"\]\]\)/);
    expect(printed).toMatch(/\): DeletePayload! @requiresScopes\(scopes: \[\["media:write"\]\]\)/);
    expect(printed).toMatch(/\): KreaAssetConnection! @requiresScopes\(scopes: \[\["media:read"\]\]\)/);
    expect(printed).toContain('viewer: Viewer! @authenticated\n');
  });

  it('the subgraph SDL links both directives from federation (2.5 or later) and applies them', () => {
    const link = /@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.(\d+)", import: \[([^\]]*)\]\)/.exec(
      subgraph,
    );
    expect(Number(link?.[1])).toBeGreaterThanOrEqual(5);
    expect(link![2]).toContain('"@authenticated"');
    expect(link![2]).toContain('"@requiresScopes"');
    expect(subgraph).toMatch(/\): KreaGenerationPayload! @requiresScopes\(scopes: \[\["media:generate"\]\]\)/);
    expect(subgraph).toContain('viewer: Viewer! @authenticated\n');
  });
});
