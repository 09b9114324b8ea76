/**
 * The schema contract's "making media" rule, applied to Krea's request
 * bodies: member names from the path after /generate/<modality>/, one field
 * per body property in camelCase, typed and described from the document.
 * Pure; scripts/renderers/krea.ts uses it to render Krea's generated module.
 */
import type { BodyField, BodyType, JsonValue, ScalarKind } from '../../src/openapi/body-fields.js';
import { isObject } from '../openapi/read-document.js';

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

export const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** `bfl/flux-1.1-pro` → `bflFlux11Pro`: split on / - . _, first word lower case, the others capitalised. */
export function memberName(rest: string): string {
  const words = rest.split(/[/\-._]/).filter((word) => word !== '');
  const name = words.map((word, i) => (i === 0 ? word.toLowerCase() : capitalise(word))).join('');
  if (!GRAPHQL_NAME.test(name)) throw new Error(`"${rest}" gives "${name}", which is no GraphQL name`);
  return name;
}

/** `guidance_scale_flux` → `guidanceScaleFlux`. */
export function camelCase(property: string): string {
  const name = property.replace(/[_-]+([A-Za-z0-9])/g, (_, letter: string) => letter.toUpperCase());
  if (!GRAPHQL_NAME.test(name)) throw new Error(`property "${property}" gives no GraphQL name`);
  return name;
}

/** The types a schema allows, without "null". */
function typesOf(schema: { [key: string]: JsonValue }): string[] {
  const type = schema.type;
  const list = Array.isArray(type) ? type : typeof type === 'string' ? [type] : [];
  const named = list.filter((t): t is string => typeof t === 'string' && t !== 'null');
  if (named.length === 0 && schema.const !== undefined) {
    const value = schema.const;
    return [typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value];
  }
  return named;
}

function scalarOf(type: string, schema: { [key: string]: JsonValue }): ScalarKind | undefined {
  switch (type) {
    case 'string':
      return schema.format === 'uri' ? 'URL' : 'String';
    case 'integer':
      return 'Int';
    case 'number':
      return 'Float';
    case 'boolean':
      return 'Boolean';
    default:
      return undefined;
  }
}

const JSON_TYPE: BodyType = { kind: 'scalar', scalar: 'JSON' };

function describe(schema: { [key: string]: JsonValue }): string | undefined {
  const parts: string[] = [];
  if (typeof schema.description === 'string') parts.push(schema.description.trim());
  const enumValues = Array.isArray(schema.enum) ? schema.enum : undefined;
  if (enumValues) parts.push(`One of: ${enumValues.map((v) => JSON.stringify(v)).join(', ')}.`);
  const bounds: string[] = [];
  if (typeof schema.minimum === 'number') bounds.push(`at least ${schema.minimum}`);
  if (typeof schema.maximum === 'number') bounds.push(`at most ${schema.maximum}`);
  if (typeof schema.maxLength === 'number') bounds.push(`at most ${schema.maxLength} characters`);
  if (typeof schema.maxItems === 'number') bounds.push(`at most ${schema.maxItems} items`);
  if (bounds.length > 0) parts.push(`${capitalise(bounds.join(', '))}.`);
  if (schema.default !== undefined) parts.push(`Krea's default: ${JSON.stringify(schema.default)}.`);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** The GraphQL-facing type of a body schema; objects become input types named after their path. */
function bodyType(schema: JsonValue, typeName: string): BodyType {
  if (!isObject(schema)) return JSON_TYPE;
  const branches = [schema.anyOf, schema.oneOf].find(Array.isArray);
  if (branches) {
    const types = branches.map((branch) => bodyType(branch, typeName));
    const [first] = types;
    if (first?.kind === 'scalar' && types.every((t) => t.kind === 'scalar' && t.scalar === first.scalar)) return first;
    // A oneOf of objects: one input type with every branch's fields, none required (the body's schema decides).
    if (types.length > 0 && types.every((t) => t.kind === 'object')) {
      const fields = new Map<string, BodyField>();
      for (const t of types) {
        if (t.kind !== 'object') continue;
        for (const field of t.fields)
          if (!fields.has(field.name)) fields.set(field.name, { ...field, required: false });
      }
      return { kind: 'object', typeName, fields: [...fields.values()] };
    }
    return JSON_TYPE;
  }
  const [type, ...others] = typesOf(schema);
  if (type === undefined || others.length > 0) return JSON_TYPE;
  if (type === 'array') return { kind: 'list', of: bodyType(schema.items ?? {}, typeName) };
  if (type === 'object') {
    if (!isObject(schema.properties) || Object.keys(schema.properties).length === 0) return JSON_TYPE;
    return { kind: 'object', typeName, fields: fieldsOf(schema, typeName.replace(/Input$/, '')) };
  }
  const scalar = scalarOf(type, schema);
  return scalar ? { kind: 'scalar', scalar } : JSON_TYPE;
}

export function fieldsOf(schema: { [key: string]: JsonValue }, prefix: string): BodyField[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === 'string') : []);
  const names = new Set<string>();
  return Object.entries(properties).map(([property, propertySchema]) => {
    const name = camelCase(property);
    if (names.has(name)) throw new Error(`two properties of ${prefix} give the field "${name}"`);
    names.add(name);
    return {
      name,
      property,
      required: required.has(property),
      // Every field has a description: the document's words, or at least what Krea calls it.
      description:
        (isObject(propertySchema) ? describe(propertySchema) : undefined) ??
        `Krea's \`${property}\` (the document describes it no further).`,
      type: bodyType(propertySchema, `${prefix}${capitalise(name)}Input`),
    };
  });
}

export function shorten(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const first = text
    .split(/\n\s*\n|\n\|/)[0]!
    .replace(/\s+/g, ' ')
    .trim();
  return first === '' ? undefined : first;
}
