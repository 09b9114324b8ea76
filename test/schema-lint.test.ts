/**
 * @graphql-eslint's schema-recommended and Relay rules over the printed
 * schema (eslint.config.js, with its reasoned adjustments), as any schema
 * tool a team uses would read it.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const eslint = new ESLint({ cwd: root });

describe('schema.graphql under @graphql-eslint', () => {
  it('passes the schema-recommended and Relay rules', async () => {
    const [result] = await eslint.lintFiles(['schema.graphql']);
    const problems = result!.messages.map((message) => `${message.line}: ${message.ruleId}: ${message.message}`);
    expect(problems).toEqual([]);
  });

  it('would catch what the rules are for (an undescribed, badly named type)', async () => {
    const [result] = await eslint.lintText('type assetThing { name: String }\n', { filePath: 'schema.graphql' });
    const rules = new Set(result!.messages.map((message) => message.ruleId));
    expect(rules).toContain('@graphql-eslint/naming-convention');
    expect(rules).toContain('@graphql-eslint/require-description');
  });
});
