/**
 * What every provider's generated module (providers/<name>/generated/, written by
 * `npm run generate`) holds of its OpenAPI document: the operations, each
 * with its parameters and the request body's JSON Schema, $refs resolved.
 * Plain data with no provider in it: the runtime reads no YAML and resolves
 * no $ref, it checks bodies against these schemas as they are.
 */

/** A JSON value, as the documents hold them. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON Schema object of a document (OpenAPI 3.1 is JSON Schema 2020-12; 3.0 a near subset). */
export type JsonSchema = { [key: string]: JsonValue };

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'PATCH' | 'TRACE';

export interface DocumentParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema?: JsonSchema | undefined;
}

export interface DocumentRequestBody {
  required: boolean;
  /** `application/json` when the document offers it, else its first content type (e.g. multipart/form-data). */
  contentType: string;
  schema: JsonSchema;
}

export interface DocumentOperation {
  method: HttpMethod;
  /** As the document writes it, e.g. `/styles/{id}`. */
  path: string;
  /**
   * The document's operationId; when it gives none (neither of ours does),
   * one made from method and path: `GET /avatars/{id}` → `getAvatarsById`.
   */
  operationId: string;
  summary?: string | undefined;
  /** The document's `x-confidence` (Argil's reconstructed document rates each operation high, medium or low). */
  confidence?: string | undefined;
  /** The path item's parameters and the operation's own, the latter winning. */
  parameters: readonly DocumentParameter[];
  requestBody?: DocumentRequestBody | undefined;
}
