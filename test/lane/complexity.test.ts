/**
 * An operation's cost from its document alone (src/schema/complexity.ts),
 * which lets the compiled lane skip the schema's per-request check: it must
 * say "within" only where the schema's own check passes. Each case is also
 * run through the schema (graphql-js execute, no lane) for the truth.
 */
import { execute, getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { withinQueryLimits } from '../../src/schema/complexity.js';

const page = (first: number) => `kreaAssets(first: ${first}) { nodes { id url width height mimeType createdAt } }`;
const CASES = [
  `{ ${page(20)} }`,
  `{ a: ${page(100)} b: ${page(100)} }`,
  `{ a: ${page(100)} b: ${page(100)} c: ${page(100)} d: ${page(100)} e: ${page(100)} f: ${page(100)} g: ${page(100)} h: ${page(100)} }`,
  `query A { ${page(1)} } query B { ${Array.from({ length: 9 }, (_, i) => `p${i}: ${page(100)}`).join(' ')} }`,
  `{ nodes(ids: [${Array.from({ length: 100 }, () => '"x"').join(', ')}]) { id ... on KreaAsset { url } } }`,
];

/** What the schema itself says: refused as too complex, or not (no context: it refuses before any resolver reads one). */
async function schemaRefuses(source: string, operationName?: string): Promise<boolean> {
  const result = await execute({
    schema,
    document: parse(source),
    operationName,
    contextValue: { maxPageSize: 100, fieldErrors: [] },
  });
  return (result.errors ?? []).some((error) => error.extensions.code === 'QUERY_TOO_COMPLEX');
}

describe('withinQueryLimits', () => {
  it('says within exactly where the schema does not refuse the cost', async () => {
    let within = 0;
    let over = 0;
    for (const source of CASES) {
      const document = parse(source);
      for (const operation of document.definitions.filter((node) => node.kind === 'OperationDefinition')) {
        const name = operation.name?.value;
        const says = withinQueryLimits(schema, document, getOperationAST(document, name)!, { maxPageSize: 100 });
        expect([source.slice(0, 60), name, says]).toEqual([
          source.slice(0, 60),
          name,
          !(await schemaRefuses(source, name)),
        ]);
        if (says) within++;
        else over++;
      }
    }
    expect([within > 1, over > 1]).toEqual([true, true]);
  });

  it('leaves operations with variables to the schema', () => {
    const document = parse('query ($n: Int) { kreaAssets(first: $n) { nodes { id } } }');
    expect(withinQueryLimits(schema, document, getOperationAST(document)!, { maxPageSize: 100 })).toBe(false);
  });
});
