/**
 * Arguments that name one object by its provider's id (`kreaAsset(id:)`,
 * `argilVideo(id:)`, `kreaStyle(id:)`, an avatar of a moment, …) take its
 * global id too, which is what every payload, mutation and subscription hands
 * out. Either is unambiguous: a global id never is a UUID or one of Krea's
 * own ids. A global id of another type is BAD_USER_INPUT naming the type
 * the argument expects.
 */
import { gatewayError } from './errors.js';
import { decodeGlobalId } from './global-id.js';
import type { GlobalId, NodeTypeName } from './global-id.js';

/** What a `UUID` argument holds once parsed: a lower-case UUID, or a decoded global id (builder.ts). */
export type UuidInput = string | GlobalId;

const a = (typename: string) => (/^[AEIOU]/.test(typename) ? `an ${typename}` : `a ${typename}`);

function wrongType(field: string, got: NodeTypeName, expected: NodeTypeName) {
  return gatewayError(
    `\`${field}\` is the global id of ${a(got)}; expected ${a(expected)} (its \`id\` or its \`providerId\`)`,
    'BAD_USER_INPUT',
    { field },
  );
}

/** The provider's UUID that a `UUID` argument names, as an object of `typename`. */
export function uuidOf(value: UuidInput, typename: NodeTypeName, field = 'id'): string {
  if (typeof value === 'string') return value;
  if (value.typename !== typename) throw wrongType(field, value.typename, typename);
  return value.id;
}

/**
 * The provider's id that a String argument names, as an object of
 * `typename` (Krea's styles and node apps have ids of their own, not UUIDs):
 * the id of a global id of that type, else the value itself when `isProviderId`
 * accepts it as an id of `provider` (its name in messages).
 */
export function stringIdOf(
  value: string,
  typename: NodeTypeName,
  provider: string,
  isProviderId: (id: string) => boolean,
  field = 'id',
): string {
  const decoded = decodeGlobalId(value);
  if (decoded) {
    if (decoded.typename !== typename) throw wrongType(field, decoded.typename, typename);
    return decoded.id;
  }
  if (!isProviderId(value)) {
    throw gatewayError(
      `\`${field}\` is neither ${a(typename)} global id (its \`id\`) nor ${a(provider)} id (its \`providerId\`)`,
      'BAD_USER_INPUT',
      { field },
    );
  }
  return value;
}
