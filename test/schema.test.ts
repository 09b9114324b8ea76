import { readFileSync } from 'node:fs';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, Kind, parse, print, printSchema } from 'graphql';
import type { DefinitionNode, GraphQLField, GraphQLInputField } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.js';

/** A copy of ../shared/design/schema-contract.graphql, kept in the repo so a clean clone can test against it. */
const contract = parse(readFileSync(new URL('../docs/schema-contract.graphql', import.meta.url), 'utf8'));

function named(definition: DefinitionNode): string | undefined {
  return 'name' in definition && definition.name ? definition.name.value : undefined;
}

describe('schema.graphql', () => {
  it('is what `npm run schema` prints from the code (run it after changing the schema)', () => {
    const checkedIn = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(checkedIn).toBe(`${printSchema(schema)}\n`);
  });
});

describe('scalars', () => {
  it('passes provider timestamps and URLs through, and normalises or refuses anything else', () => {
    const dateTime = schema.getType('DateTime') as import('graphql').GraphQLScalarType;
    const url = schema.getType('URL') as import('graphql').GraphQLScalarType;
    expect(dateTime.serialize('2026-10-01T12:00:00.000Z')).toBe('2026-10-01T12:00:00.000Z');
    expect(JSON.stringify(dateTime.serialize('2026-10-01T14:00:00+02:00'))).toBe('"2026-10-01T12:00:00.000Z"');
    expect(() => dateTime.serialize('yesterday')).toThrow();
    expect(url.serialize('https://cdn.example/a b')).toBe('https://cdn.example/a%20b');
    expect(url.serialize('https://cdn.example/a.png')).toBe('https://cdn.example/a.png');
    expect(() => url.serialize('not a url')).toThrow();
  });
});

describe('the public contract', () => {
  const checked: string[] = [];

  for (const definition of contract.definitions) {
    const name = named(definition);
    if (!name) continue;
    checked.push(name);
    it(`has ${name} as the contract spells it`, () => {
      const type = schema.getType(name);
      expect(type, name).toBeDefined();
      switch (definition.kind) {
        case Kind.ENUM_TYPE_DEFINITION: {
          expect(isEnumType(type)).toBe(true);
          const values = isEnumType(type) ? type.getValues().map((value) => value.name) : [];
          for (const value of definition.values ?? []) expect(values).toContain(value.name.value);
          break;
        }
        case Kind.INPUT_OBJECT_TYPE_DEFINITION: {
          expect(isInputObjectType(type)).toBe(true);
          const fields: Record<string, GraphQLInputField> = isInputObjectType(type) ? type.getFields() : {};
          for (const field of definition.fields ?? []) {
            expect(String(fields[field.name.value]?.type), `${name}.${field.name.value}`).toBe(print(field.type));
          }
          break;
        }
        case Kind.OBJECT_TYPE_DEFINITION:
        case Kind.OBJECT_TYPE_EXTENSION:
        case Kind.INTERFACE_TYPE_DEFINITION: {
          const isObject = definition.kind !== Kind.INTERFACE_TYPE_DEFINITION;
          expect(isObject ? isObjectType(type) : isInterfaceType(type), `${name} kind`).toBe(true);
          if (!isObjectType(type) && !isInterfaceType(type)) return;
          const interfaces = type.getInterfaces().map((i) => i.name);
          for (const implemented of definition.interfaces ?? []) expect(interfaces).toContain(implemented.name.value);
          const fields: Record<string, GraphQLField<unknown, unknown>> = type.getFields();
          for (const field of definition.fields ?? []) {
            const coordinate = `${name}.${field.name.value}`;
            const ours = fields[field.name.value];
            expect(ours, coordinate).toBeDefined();
            expect(String(ours!.type), coordinate).toBe(print(field.type));
            for (const arg of field.arguments ?? []) {
              const ourArg = ours!.args.find((a) => a.name === arg.name.value);
              expect(String(ourArg?.type), `${coordinate}(${arg.name.value})`).toBe(print(arg.type));
            }
          }
          break;
        }
        default:
          throw new Error(`the contract has a ${definition.kind} this test does not know`);
      }
    });
  }

  it('checks every type of the contract', () => {
    expect(checked).toHaveLength(contract.definitions.filter((definition) => named(definition)).length);
    expect(checked).toEqual(expect.arrayContaining(['Query', 'Mutation', 'Subscription', 'Asset', 'AssetFilter']));
  });
});
