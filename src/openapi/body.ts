/**
 * From a GraphQL input value to the JSON body a provider's document
 * describes, and that body checked against the document's own JSON Schema
 * (ajv, 2020-12 as OpenAPI 3.1 uses it). The fields say how camelCase maps
 * to the provider's names (Krea's snake_case); what the caller left out is
 * not sent (the provider applies its own defaults).
 */
import { createRequire } from 'node:module';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type addFormats from 'ajv-formats';
import type { BodyField, BodyType, JsonSchema, JsonValue } from './body-fields.js';

/** ajv (CommonJS), loaded synchronously with the first body to check: most requests send none. */
const load = createRequire(import.meta.url);
let ajv: Ajv2020 | undefined;

function ajvInstance(): Ajv2020 {
  if (!ajv) {
    const { Ajv2020: Ajv } = load('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
    ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
    (load('ajv-formats') as typeof addFormats).default(ajv);
  }
  return ajv;
}

/** Each endpoint's schema is compiled when its first body is checked, and kept. */
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

function validatorFor(schema: JsonSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajvInstance().compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** A GraphQL value of `type` as JSON, under Krea's property names. */
function toJson(type: BodyType, value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'list':
      return Array.isArray(value) ? value.map((item) => toJson(type.of, item)) : null;
    case 'object':
      return toBody(type.fields, value as Record<string, unknown>);
    case 'scalar':
      // URL arguments arrive parsed; the body carries their text.
      if (value instanceof URL) return value.href;
      return value as JsonValue;
  }
}

/** The body for one member's input: only what the caller gave, under the provider's names. */
export function toBody(fields: readonly BodyField[], input: Record<string, unknown>): { [key: string]: JsonValue } {
  const body: { [key: string]: JsonValue } = {};
  for (const field of fields) {
    const value = Object.hasOwn(input, field.name) ? input[field.name] : undefined;
    if (value === undefined || value === null) continue;
    body[field.property] = toJson(field.type, value);
  }
  return body;
}

export interface BodyProblem {
  /** The offending input's GraphQL path below the member, e.g. `styles[0].strength` (empty: the whole input). */
  path: string;
  message: string;
}

/** A property path of the body (`/styles/0/strength`) in the GraphQL field names. */
function graphqlPath(fields: readonly BodyField[], pointer: string): string {
  let current: readonly BodyField[] | undefined = fields;
  let listOf: BodyType | undefined;
  let path = '';
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (listOf && /^\d+$/.test(segment)) {
      path += `[${segment}]`;
      current = listOf.kind === 'object' ? listOf.fields : undefined;
      listOf = listOf.kind === 'list' ? listOf.of : undefined;
      continue;
    }
    const field: BodyField | undefined = current?.find((f) => f.property === segment);
    path += path === '' ? (field?.name ?? segment) : `.${field?.name ?? segment}`;
    const type: BodyType | undefined = field?.type;
    current = type?.kind === 'object' ? type.fields : undefined;
    listOf = type?.kind === 'list' ? type.of : undefined;
    if (type?.kind === 'list' && type.of.kind === 'object') current = type.of.fields;
  }
  return path;
}

function describeProblem(error: ErrorObject, provider: string): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `is required (${String(params.missingProperty)})`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'additionalProperties':
      return `has a field ${provider} does not take`;
    default:
      return error.message ?? 'is not valid';
  }
}

/** The first way `body` breaks `schema` (of `provider`'s document, named in messages), or undefined when it fits. */
export function checkBody(
  schema: JsonSchema,
  fields: readonly BodyField[],
  body: JsonValue,
  provider: string,
): BodyProblem | undefined {
  const validate = validatorFor(schema);
  if (validate(body)) return undefined;
  const error = validate.errors?.[0];
  if (!error) return { path: '', message: 'is not valid' };
  const path = graphqlPath(fields, error.instancePath);
  if (error.keyword === 'required') {
    const missing = String((error.params as { missingProperty?: unknown }).missingProperty);
    const name = graphqlPath(fields, `${error.instancePath}/${missing}`);
    return { path: name, message: 'is required' };
  }
  return { path, message: describeProblem(error, provider) };
}
