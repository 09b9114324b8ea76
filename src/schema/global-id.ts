/**
 * The one global id codec: base64("<Type>:<providerId>"). Decoding is strict
 * (canonical base64, a known type, an id of that type's form) and never
 * throws: callers decide whether a bad id is null (node/nodes) or
 * BAD_USER_INPUT (mutations). The known types are every registered
 * provider's Node types (providers/registry.ts registers them here).
 */
import { UUID_PATTERN } from '../providers/shapes.js';

/** A Node type's name (`KreaAsset`). */
export type NodeTypeName = string;

export interface GlobalId {
  typename: NodeTypeName;
  id: string;
}

/** Known types, and the form of their provider ids when not UUIDs. */
const nodeTypes = new Map<string, RegExp | undefined>();

/** Makes `typename` decodable; its ids are UUIDs unless `idPattern` says otherwise. */
export function registerNodeType(typename: string, idPattern?: RegExp): void {
  if (nodeTypes.has(typename)) throw new Error(`the Node type ${typename} is registered twice`);
  nodeTypes.set(typename, idPattern);
}

export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64');
}

export function decodeGlobalId(globalId: string): GlobalId | undefined {
  if (globalId.length > 200 || !/^[A-Za-z0-9+/]+={0,2}$/.test(globalId)) return undefined;
  const text = Buffer.from(globalId, 'base64').toString('utf8');
  // Reject non-canonical spellings so one object has exactly one id.
  if (Buffer.from(text, 'utf8').toString('base64') !== globalId) return undefined;
  const colon = text.indexOf(':');
  const typename = text.slice(0, colon);
  const id = text.slice(colon + 1);
  if (colon < 0 || !nodeTypes.has(typename)) return undefined;
  const idPattern = nodeTypes.get(typename);
  if (idPattern) return idPattern.test(id) ? { typename, id } : undefined;
  if (!UUID_PATTERN.test(id)) return undefined;
  // UUIDs are lower-case everywhere (providers/shapes.ts); an upper-case spelling names the same object.
  return { typename, id: id.toLowerCase() };
}
