/**
 * The Pothos builder: plugins, scalars and defaults only. Types register
 * themselves in their own modules; `schema/index.ts` imports them in order.
 */
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import { DateTimeResolver, JSONResolver, NonNegativeIntResolver, URLResolver, UUIDResolver } from 'graphql-scalars';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import type { RequestContext } from '../context.js';
import { UUID_PATTERN } from '../providers/shapes.js';
import { StreamedUpload } from '../uploads/upload.js';
import { decodeGlobalId, encodeGlobalId } from './global-id.js';
import type { UuidInput } from './provider-id.js';
import { unfitProviderValue, userInputError } from './errors.js';
import { INPUT_LIMITS } from './input-limits.js';
import RootFieldScopesPlugin from './scopes-plugin.js';

export interface SchemaTypes {
  Context: RequestContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    URL: { Input: URL; Output: URL | string };
    UUID: { Input: UuidInput; Output: string };
    JSON: { Input: unknown; Output: unknown };
    NonNegativeInt: { Input: number; Output: number };
    File: { Input: StreamedUpload; Output: never };
  };
  // Most of the contract is non-null; nullable fields say so where they are defined.
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}

/**
 * Cost limits, checked before any root field resolves (so before any
 * upstream call). A field costs 1; a connection multiplies what it selects
 * by `first`/`last` and `nodes` by its number of ids, so the cost follows
 * the upstream work an operation can cause. (Depth, aliases and tokens are
 * limited before validation ends: server/plugins/use-query-limits.ts.)
 */
export const QUERY_LIMITS = { complexity: 5_000, depth: 12, breadth: 500 };

/** What a list of `size` items multiplies its selection by: 1 when `size` is out of `0..max` (the field refuses it). */
export function pageCost(size: number, max: number): number {
  return Number.isInteger(size) && size >= 0 && size <= max ? Math.max(1, size) : 1;
}

export const builder = new SchemaBuilder<SchemaTypes>({
  // Federation imports the directives plugin without declaring it: directives
  // before federation. The root fields' scopes after it: field hooks run last
  // to first, and federation prints the option they set (scopes-plugin.ts).
  plugins: [RelayPlugin, ComplexityPlugin, DirectivesPlugin, FederationPlugin, RootFieldScopesPlugin],
  defaultFieldNullability: false,
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 1,
    // None for an operation already found within them (complexity.ts: the compiled lane, once per document).
    limit: (context) => (context.complexityChecked ? {} : QUERY_LIMITS),
    complexityError: (kind, result) => {
      const measure = kind.toLowerCase() as 'complexity' | 'depth' | 'breadth';
      const word = { complexity: 'costly', depth: 'deep', breadth: 'broad' }[measure];
      return new GraphQLError(
        `The operation is too ${word} (${measure} ${result[measure]}, at most ${QUERY_LIMITS[measure]})`,
        { extensions: { code: 'QUERY_TOO_COMPLEX' } },
      );
    },
  },
  relay: {
    // node/nodes are defined in node.ts: malformed or foreign ids must give
    // null there (the plugin's own fields throw), and loads go through the
    // request's loaders.
    nodeQueryOptions: false,
    nodeTypeOptions: { description: 'An object with a global id: refetch it with node(id:).' },
    idFieldOptions: { description: 'Its global id (Relay): for node(id:), nodes(ids:) and refetching.' },
    nodesQueryOptions: false,
    edgesFieldOptions: { nullable: false, description: 'The items of this page, each with its cursor.' },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    nodesOnConnection: { description: 'The items of this page, without their cursors.' },
    cursorFieldOptions: { description: 'Where this item is: pass it as `after` (or `before`) to page from it.' },
    pageInfoFieldOptions: { description: 'Whether there is more, and the cursors of both ends of this page.' },
    pageInfoTypeOptions: {
      description: 'Relay page information: whether there are more items either way, and the cursors of both ends.',
    },
    hasNextPageFieldOptions: { description: 'Whether there are items after this page.' },
    hasPreviousPageFieldOptions: { description: 'Whether there are items before this page.' },
    startCursorFieldOptions: { description: 'The cursor of the first item of this page; null on an empty page.' },
    endCursorFieldOptions: { description: 'The cursor of the last item of this page; null on an empty page.' },
    firstArgOptions: {
      description: 'How many items from the start (or from `after`), 0 to MAX_PAGE_SIZE (default 100).',
    },
    afterArgOptions: { description: 'A cursor: the page starts after that item.' },
    lastArgOptions: { description: 'How many items from the end (or before `before`), 0 to MAX_PAGE_SIZE.' },
    beforeArgOptions: { description: 'A cursor: the page ends before that item.' },
    // What a page costs: its items times what is selected on each.
    // A size out of range costs nothing here: the field answers BAD_USER_INPUT
    // for it (range errors come before cost errors).
    defaultConnectionFieldOptions: {
      complexity: (args: { first?: number | null; last?: number | null }, context: RequestContext) => ({
        field: 1,
        multiplier: pageCost(args.first ?? args.last ?? 20, context.maxPageSize),
      }),
    },
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: (globalId: string) => {
      const decoded = decodeGlobalId(globalId);
      if (!decoded) throw new TypeError('Invalid global id');
      return { typename: decoded.typename, id: decoded.id };
    },
  },
});

/**
 * graphql-scalars' scalars, each with two changes.
 *
 * Output: a provider value that does not fit the scalar (Argil documents its
 * URLs as plain strings) makes the field null with UPSTREAM_UNAVAILABLE, not
 * the library's uncoded TypeError ("Invalid URL"). What providers almost
 * always send (a DateTime already in `toISOString()` form, an http(s) URL)
 * is passed through instead of being re-parsed for every field of every
 * item; anything else takes the library's full path.
 *
 * Input: URLs have a length limit (input-limits.ts) and UUIDs are lower-cased,
 * so `4AA8…` and `4aa8…` are one object with one global id. A UUID argument
 * also takes an object's global id (provider-id.ts says which type it must be).
 */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HTTP_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/;

interface ScalarChanges {
  /** Values that need no check on the way out. */
  passThrough?: (value: unknown) => boolean;
  /** Checks an input before the library parses it. */
  checkInput?: (value: unknown) => void;
  /** What an input stands for that is not for the library to parse; undefined: the library parses it. */
  otherwise?: (value: unknown) => unknown;
  /** Applied to what the library parsed. */
  normalise?: (parsed: unknown) => unknown;
}

function providerScalar(base: GraphQLScalarType, changes: ScalarChanges = {}): GraphQLScalarType {
  const config = base.toConfig();
  const { passThrough, checkInput, otherwise, normalise = (parsed: unknown) => parsed } = changes;
  return new GraphQLScalarType({
    ...config,
    serialize: (value) => {
      if (passThrough?.(value)) return value;
      try {
        return config.serialize!(value);
      } catch {
        throw unfitProviderValue(base.name);
      }
    },
    parseValue: (value) => {
      checkInput?.(value);
      return otherwise?.(value) ?? normalise(config.parseValue!(value));
    },
    parseLiteral: (ast, variables) => {
      if (ast.kind === Kind.STRING) checkInput?.(ast.value);
      return (ast.kind === Kind.STRING && otherwise?.(ast.value)) || normalise(config.parseLiteral!(ast, variables));
    },
  });
}

builder.addScalarType(
  'DateTime',
  providerScalar(DateTimeResolver, { passThrough: (value) => typeof value === 'string' && ISO_UTC.test(value) }),
);
builder.addScalarType(
  'URL',
  providerScalar(URLResolver, {
    passThrough: (value) => typeof value === 'string' && HTTP_URL.test(value),
    checkInput: (value) => {
      if (typeof value === 'string' && value.length > INPUT_LIMITS.urlLength) {
        throw new GraphQLError(`A URL may have at most ${INPUT_LIMITS.urlLength} characters`, {
          extensions: { code: 'BAD_USER_INPUT' },
        });
      }
    },
  }),
);
builder.addScalarType(
  'UUID',
  providerScalar(UUIDResolver, {
    normalise: (parsed) => (typeof parsed === 'string' ? parsed.toLowerCase() : parsed),
    // A global id, decoded (never a UUID: nothing is ambiguous); the argument's field checks its type.
    otherwise: (value) => {
      if (typeof value !== 'string' || UUID_PATTERN.test(value)) return undefined;
      const decoded = decodeGlobalId(value);
      if (decoded) return decoded;
      throw userInputError("Expected a UUID (an object's `providerId`) or a global id (its `id`, as node(id:) takes)");
    },
  }),
);
builder.addScalarType('JSON', providerScalar(JSONResolver));
builder.addScalarType('NonNegativeInt', providerScalar(NonNegativeIntResolver));

// GraphQL multipart uploads (server/plugins/use-streaming-uploads.ts puts a
// StreamedUpload where the request's map says); input only.
builder.scalarType('File', {
  description: 'A file sent with the GraphQL multipart request spec; input only.',
  serialize: () => {
    throw new GraphQLError('File is an input-only scalar');
  },
  parseValue: (value) => {
    if (value instanceof StreamedUpload) return value;
    throw new GraphQLError('Expected a file sent as a GraphQL multipart request', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  },
  parseLiteral: () => {
    throw new GraphQLError('A file cannot be written inline; send it as a GraphQL multipart request', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  },
});

/** Enum values with a description each, keeping their names' type (a provider's constant list, say). */
export function describedValues<T extends string>(
  values: readonly T[],
  descriptions: Record<T, string>,
): Record<T, { description: string }> {
  return Object.fromEntries(values.map((value) => [value, { description: descriptions[value] }])) as Record<
    T,
    { description: string }
  >;
}
