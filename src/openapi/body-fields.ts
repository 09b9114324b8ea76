/**
 * What a generator derives from a provider's OpenAPI document beyond its
 * operations (types.ts): for an endpoint that takes a JSON body, its fields,
 * as the schema contract's "making media" rule names and types them, with
 * the body's JSON Schema to validate against (Krea's generated module holds
 * these). Plain data: the schema layer makes GraphQL input types of it,
 * body.ts turns values into bodies and checks them.
 */
export type { JsonSchema, JsonValue } from './types.js';

export type ScalarKind = 'String' | 'Int' | 'Float' | 'Boolean' | 'URL' | 'JSON';

export type BodyType =
  | { kind: 'scalar'; scalar: ScalarKind }
  | { kind: 'list'; of: BodyType }
  | { kind: 'object'; typeName: string; fields: readonly BodyField[] };

export interface BodyField {
  /** The GraphQL field name (camelCase). */
  name: string;
  /** The body's own property name (snake_case, as Krea writes it). */
  property: string;
  required: boolean;
  description?: string | undefined;
  type: BodyType;
}
