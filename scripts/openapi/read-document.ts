/**
 * One OpenAPI document, read: JSON or YAML (by the file's extension), its
 * sha256 over the exact text (what every generated module is pinned by),
 * and every local `$ref` resolved in place, so what is generated from it is
 * self-contained JSON Schema (the runtime reads no YAML and follows no $ref).
 */
import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import type { JsonValue } from '../../src/openapi/types.js';

type JsonObject = { [key: string]: JsonValue };

export interface ReadDocument {
  sha256: string;
  /** The document, with every $ref under `paths` resolved (components stay as written). */
  root: JsonObject;
}

export const isObject = (value: JsonValue | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `#/components/schemas/A~1B` → the value there (RFC 6901 escapes), or a clear error. */
function pointerTarget(root: JsonObject, ref: string): JsonValue {
  if (!ref.startsWith('#/')) throw new Error(`$ref ${ref}: only local references (#/…) are supported`);
  let at: JsonValue = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    const next: JsonValue | undefined = isObject(at)
      ? Object.hasOwn(at, key)
        ? at[key]
        : undefined
      : Array.isArray(at) && /^\d+$/.test(key)
        ? at[Number(key)]
        : undefined;
    if (next === undefined) throw new Error(`$ref ${ref}: nothing at "${key}"`);
    at = next;
  }
  return at;
}

/**
 * A copy of `value` with each `{ $ref }` replaced by a copy of its target
 * (keywords beside the $ref, which OpenAPI 3.1 allows, laid over it). A
 * schema that refers to itself cannot be inlined: that is an error, named.
 */
export function resolveRefs(value: JsonValue, root: JsonObject, through: readonly string[] = []): JsonValue {
  if (Array.isArray(value)) return value.map((item) => resolveRefs(item, root, through));
  if (!isObject(value)) return value;
  const { $ref: ref, ...siblings } = value;
  const resolved = Object.fromEntries(
    Object.entries(siblings).map(([key, inner]) => [key, resolveRefs(inner, root, through)]),
  );
  if (ref === undefined) return resolved;
  if (typeof ref !== 'string') throw new Error('$ref must be a string');
  if (through.includes(ref)) throw new Error(`$ref ${ref} refers to itself (${[...through, ref].join(' → ')})`);
  const target = resolveRefs(pointerTarget(root, ref), root, [...through, ref]);
  return isObject(target) ? { ...target, ...resolved } : target;
}

export function readDocument(text: string, fileName: string): ReadDocument {
  const parsed = (/\.ya?ml$/i.test(fileName) ? parse(text) : JSON.parse(text)) as JsonValue;
  if (!isObject(parsed) || !isObject(parsed.paths)) throw new Error(`${fileName}: not an OpenAPI document (no paths)`);
  // Only what the operations use: a recursive component nobody refers to is no error.
  const root = { ...parsed, paths: resolveRefs(parsed.paths, parsed) };
  return { sha256: createHash('sha256').update(text).digest('hex'), root };
}
