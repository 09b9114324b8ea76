/**
 * Which operations a compiled plan may run (src/server/lane/plan.ts): the
 * shapes on which graphql-jit 0.8 answers apart from graphql-js stay on
 * graphql-js' execute. test/oracle/ proves the admitted ones identical.
 */
import { getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { planOf } from '../../src/server/lane/plan.js';

function planned(source: string): boolean {
  const document = parse(source);
  return planOf(schema, document, getOperationAST(document)!) !== undefined;
}

describe('compiled plans', () => {
  it('run plain queries: literals, variables without defaults, aliases, @include/@skip', () => {
    expect(planned('{ kreaAssets(first: 20) { nodes { id url createdAt } } }')).toBe(true);
    expect(planned('query Q($n: Int) { a: kreaAssets(first: $n) { nodes { id @include(if: true) } } }')).toBe(true);
  });

  it('leave graphql-js what graphql-jit answers differently', () => {
    expect(planned('mutation { deleteArgilVideo(id: "00000000-0000-4000-8000-000000000000") { id } }')).toBe(false);
    expect(planned('query Q($n: Int = 5) { kreaAssets(first: $n) { nodes { id } } }')).toBe(false);
    expect(planned('{ kreaAssets(first: 2) { nodes { ... on KreaAsset { id } } } }')).toBe(false);
    expect(planned('{ kreaAssets(first: 2) { nodes { ...A } } } fragment A on KreaAsset { id }')).toBe(false);
    expect(planned('{ kreaAssets(first: 2) { nodes { id id } } }')).toBe(false);
    expect(planned('{ __proto__: kreaAssets(first: 2) { nodes { id } } }')).toBe(false);
  });
});
