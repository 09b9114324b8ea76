/**
 * What the generator (scripts/renderers/krea.ts) derives from Krea's
 * OpenAPI document beyond its operations (src/openapi/types.ts), and what
 * src/generated/krea-operations.ts holds: for each endpoint that takes a JSON
 * body its fields, as the schema contract's "making media" rule names and
 * types them, with the body's JSON Schema to validate against. Plain data:
 * the schema layer makes GraphQL input types of it, the provider layer turns
 * values into bodies.
 */
import type { JsonSchema } from '../openapi/types.js';

export type { JsonSchema, JsonValue } from '../openapi/types.js';

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
