/**
 * The one global id codec: base64("<Type>:<providerId>"). Decoding is strict
 * (canonical base64, a known type, a UUID) and never throws: callers decide
 * whether a bad id is null (node/nodes) or BAD_USER_INPUT (mutations).
 */
import { UUID_PATTERN } from '../providers/shapes.js';

export const NODE_TYPES = [
  'KreaAsset',
  'ArgilAsset',
  'KreaJob',
  'KreaStyle',
  'KreaNodeApp',
  'ArgilVideo',
  'ArgilAvatar',
  'ArgilVoice',
  'ArgilWebhook',
  'ArgilSubtitleStyle',
] as const;

/** Krea's style and node app ids are strings of its own, not UUIDs. */
const STRING_ID_TYPES: ReadonlySet<string> = new Set(['KreaStyle', 'KreaNodeApp']);
const STRING_ID = /^[A-Za-z0-9_-]{1,100}$/;
export type NodeTypeName = (typeof NODE_TYPES)[number];

export interface GlobalId {
  typename: NodeTypeName;
  id: string;
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
  if (colon < 0 || !(NODE_TYPES as readonly string[]).includes(typename)) return undefined;
  if (STRING_ID_TYPES.has(typename)) return STRING_ID.test(id) ? { typename: typename as NodeTypeName, id } : undefined;
  if (!UUID_PATTERN.test(id)) return undefined;
  // UUIDs are lower-case everywhere (providers/shapes.ts); an upper-case spelling names the same object.
  return { typename: typename as NodeTypeName, id: id.toLowerCase() };
}
