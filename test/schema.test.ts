import { readFileSync } from 'node:fs';
import {
  assertValidSchema,
  buildASTSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  Kind,
  parse,
  print,
} from 'graphql';
import type { DefinitionNode, GraphQLField, GraphQLInputField } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.js';
import { printSchemaWithAuthorization } from '../src/schema/print-schema.js';

/** A copy of ../shared/design/schema-contract.graphql, kept in the repo so a clean clone can test against it. */
const contract = parse(readFileSync(new URL('../docs/schema-contract.graphql', import.meta.url), 'utf8'));

function named(definition: DefinitionNode): string | undefined {
  return 'name' in definition && definition.name ? definition.name.value : undefined;
}

describe('schema.graphql', () => {
  it('is what `npm run schema` prints from the code (run it after changing the schema)', () => {
    const checkedIn = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(checkedIn).toBe(`${printSchemaWithAuthorization(schema)}\n`);
  });
});

describe('descriptions', () => {
  it('every type, field, argument and enum value of the served schema has one', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of field.args) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields()))
          if (!field.description) missing.push(`${type.name}.${field.name}`);
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('forward-only connections offer no last/before', () => {
    const fields = schema.getQueryType()!.getFields();
    for (const name of ['kreaAssets', 'kreaJobs', 'assets', 'jobs', 'kreaStyles']) {
      expect(
        fields[name]!.args.map((arg) => arg.name),
        name,
      ).not.toEqual(expect.arrayContaining(['last']));
      expect(
        fields[name]!.args.map((arg) => arg.name),
        name,
      ).not.toContain('before');
    }
    // Those that walk both ways keep them.
    expect(fields.argilAssets!.args.map((arg) => arg.name)).toEqual(expect.arrayContaining(['last', 'before']));
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

  it('parses and builds on its own, scalars declared', () => {
    expect(() => assertValidSchema(buildASTSchema(contract))).not.toThrow();
  });

  for (const definition of contract.definitions) {
    const name = named(definition);
    if (!name) continue;
    checked.push(name);
    it(`has ${name} as the contract spells it`, () => {
      if (definition.kind === Kind.DIRECTIVE_DEFINITION) {
        const directive = schema.getDirective(name);
        expect(directive, `@${name}`).toBeDefined();
        expect(directive!.locations).toEqual(expect.arrayContaining(definition.locations.map((l) => l.value)));
        expect(directive!.args.map((arg) => `${arg.name}: ${String(arg.type)}`)).toEqual(
          (definition.arguments ?? []).map((arg) => `${arg.name.value}: ${print(arg.type)}`),
        );
        return;
      }
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
        case Kind.SCALAR_TYPE_DEFINITION:
          expect(isScalarType(type), `${name} kind`).toBe(true);
          break;
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
