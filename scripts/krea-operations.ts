/**
 * The mapping from Krea's OpenAPI document to src/generated/krea-operations.ts,
 * by the rule of the schema contract's "making media" section: member names
 * from the path after /generate/<modality>/, one field per body property in
 * camelCase, typed from the document. Pure: document in, module text out
 * (scripts/generate-krea-operations.ts writes it; a test compares).
 */
import { createHash } from 'node:crypto';
import type {
  BodyField,
  BodyType,
  HttpMethod,
  JsonSchema,
  JsonValue,
  KreaBodyVariant,
  KreaGeneration,
  KreaOperation,
  Modality,
  ScalarKind,
} from '../src/krea-document/types.js';

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PATCH', 'DELETE'];
const MODALITIES: readonly Modality[] = ['image', 'video', 'enhance'];
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

const isObject = (value: JsonValue | undefined): value is { [key: string]: JsonValue } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

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

function fieldsOf(schema: { [key: string]: JsonValue }, prefix: string): BodyField[] {
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

function jsonBodySchema(operation: { [key: string]: JsonValue }): { [key: string]: JsonValue } | undefined {
  const body = operation.requestBody;
  const content = isObject(body) && isObject(body.content) ? body.content['application/json'] : undefined;
  return isObject(content) && isObject(content.schema) ? content.schema : undefined;
}

function shorten(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const first = text
    .split(/\n\s*\n|\n\|/)[0]!
    .replace(/\s+/g, ' ')
    .trim();
  return first === '' ? undefined : first;
}

export interface KreaDocumentModel {
  sha256: string;
  operations: KreaOperation[];
  generations: KreaGeneration[];
  /** POST /styles/train: a oneOf of two training schemas. */
  styleTraining: KreaBodyVariant[];
  /** PATCH /styles/{id}. */
  styleUpdate: { typeName: string; fields: BodyField[]; schema: JsonSchema };
}

export function modelKreaDocument(text: string): KreaDocumentModel {
  const document = JSON.parse(text) as JsonValue;
  if (!isObject(document) || !isObject(document.paths)) throw new Error('not an OpenAPI document');
  const operations: KreaOperation[] = [];
  const generations: KreaGeneration[] = [];
  let styleTraining: KreaBodyVariant[] = [];
  let styleUpdate: KreaDocumentModel['styleUpdate'] | undefined;
  for (const [path, item] of Object.entries(document.paths)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const operation = item[method.toLowerCase()];
      if (!isObject(operation)) continue;
      operations.push({ method, path });
      const body = jsonBodySchema(operation);
      const generate = /^\/generate\/([^/]+)\/(.+)$/.exec(path);
      if (generate && method === 'POST') {
        const modality = generate[1] as Modality;
        if (!MODALITIES.includes(modality)) throw new Error(`${path}: unknown modality "${modality}"`);
        if (!body) throw new Error(`${path}: no JSON body`);
        const member = memberName(generate[2]!);
        const typeName = `Krea${capitalise(member)}Input`;
        const summary = [operation.summary, operation.description]
          .map((part) => (typeof part === 'string' ? shorten(part) : undefined))
          .filter((part) => part !== undefined)
          .join(': ');
        generations.push({
          modality,
          path,
          member,
          typeName,
          summary: summary === '' ? undefined : summary,
          fields: fieldsOf(body, typeName.replace(/Input$/, '')),
          schema: body,
        });
      } else if (path === '/styles/train' && method === 'POST' && body && Array.isArray(body.oneOf)) {
        styleTraining = body.oneOf.filter(isObject).map((branch, i) => {
          const member = i === 0 ? 'flux' : 'image';
          const typeName = `KreaStyleTraining${capitalise(member)}Input`;
          return { member, typeName, fields: fieldsOf(branch, typeName.replace(/Input$/, '')), schema: branch };
        });
      } else if (path === '/styles/{id}' && method === 'PATCH' && body) {
        styleUpdate = { typeName: 'UpdateKreaStyleInput', fields: fieldsOf(body, 'UpdateKreaStyle'), schema: body };
      }
    }
  }
  if (!styleUpdate || styleTraining.length === 0) throw new Error('the document lacks the style operations');
  return {
    sha256: createHash('sha256').update(text).digest('hex'),
    operations,
    generations,
    styleTraining,
    styleUpdate,
  };
}

/** The generated module's text. */
export function renderKreaOperations(text: string): string {
  const model = modelKreaDocument(text);
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  return `// Generated by scripts/generate-krea-operations.ts from specs/krea-openapi.json
// (sha256 ${model.sha256}). Do not edit: run \`npm run generate\`.
import type { BodyField, JsonSchema, KreaBodyVariant, KreaGeneration, KreaOperation } from '../krea-document/types.js';

export const KREA_DOCUMENT_SHA256 = '${model.sha256}';

export const KREA_OPERATIONS: readonly KreaOperation[] = ${json(model.operations)};

export const KREA_GENERATIONS: readonly KreaGeneration[] = ${json(model.generations)};

export const KREA_STYLE_TRAINING: readonly KreaBodyVariant[] = ${json(model.styleTraining)};

export const KREA_STYLE_UPDATE: { typeName: string; fields: readonly BodyField[]; schema: JsonSchema } = ${json(model.styleUpdate)};
`;
}
