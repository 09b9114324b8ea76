/**
 * What the generator (scripts/renderers/krea.ts) derives from Krea's
 * document beyond its operations, and its generated module
 * (generated/operations.ts) holds: each generation endpoint as a member of
 * its modality's @oneOf input, and the branches of a body that is a oneOf.
 */
import type { BodyField, JsonSchema } from '../../openapi/body-fields.js';

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
