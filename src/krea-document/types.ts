/**
 * What the generator (scripts/krea-operations.ts) derives from Krea's
 * OpenAPI document, and what src/generated/krea-operations.ts holds: every
 * operation, and for each endpoint that takes a JSON body its fields, as
 * the schema contract's "making media" rule names and types them, with the
 * body's JSON Schema to validate against. Plain data: the schema layer makes
 * GraphQL input types of it, the provider layer turns values into bodies.
 */

/** A JSON value, as the document holds them. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON Schema object of the document (OpenAPI 3.1 is JSON Schema 2020-12). */
export type JsonSchema = { [key: string]: JsonValue };

export type ScalarKind = 'String' | 'Int' | 'Float' | 'Boolean' | 'URL' | 'JSON';

export type BodyType =
  | { kind: 'scalar'; scalar: ScalarKind }
  | { kind: 'list'; of: BodyType }
  | { kind: 'object'; typeName: string; fields: readonly BodyField[] };

export interface BodyField {
  /** The GraphQL field name (camelCase). */
  name: string;
  /** The body's own property name (snake_case as Krea writes it). */
  property: string;
  required: boolean;
  description?: string | undefined;
  type: BodyType;
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface KreaOperation {
  method: HttpMethod;
  /** As the document writes it, e.g. `/styles/{id}`. */
  path: string;
}

export type Modality = 'image' | 'video' | 'enhance';

/** A POST /generate/<modality>/… endpoint: one member of its modality's @oneOf input. */
export interface KreaGeneration {
  modality: Modality;
  path: string;
  /** The @oneOf member, e.g. `bflFlux1Dev`. */
  member: string;
  /** Its input type, e.g. `KreaBflFlux1DevInput`. */
  typeName: string;
  /** The document's summary and description, shortened. */
  summary?: string | undefined;
  fields: readonly BodyField[];
  /** The request body's JSON Schema. */
  schema: JsonSchema;
}

/** One branch of a body that is a oneOf of objects (POST /styles/train). */
export interface KreaBodyVariant {
  member: string;
  typeName: string;
  fields: readonly BodyField[];
  schema: JsonSchema;
}
