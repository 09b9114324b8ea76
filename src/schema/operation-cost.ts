/**
 * What an operation asks of the providers, marked where each field is
 * defined (a field or argument extension), so the one check that limits it
 * per operation (server/plugins/use-operation-budget.ts) reads it from the
 * schema instead of a list of names kept beside it:
 * - an argument whose every value names one object the gateway fetches or
 *   changes upstream (`nodes(ids:)`, `kreaAsset(id:)`, `deleteAsset(id:)`, …);
 * - a mutation that costs money: a generation, an Argil render, avatar or
 *   cloned voice, a style training, a node-app run.
 */
import type { GraphQLArgument, GraphQLField } from 'graphql';

/** Argument extension: each value names one object fetched or changed upstream. */
export const NAMES_UPSTREAM_OBJECTS = { namesUpstreamObjects: true } as const;

/**
 * The same for a list argument whose field refuses more than `max` items
 * itself (BAD_USER_INPUT): a longer list counts nothing here, so that range
 * errors come before cost errors, as they do for page sizes.
 */
export const namesUpstreamObjectsUpTo = (max: number) => ({ namesUpstreamObjects: true, refusesOver: max }) as const;

/** Field extension: each run of this mutation is a paid upstream call. */
export const PAID_MUTATION = { paidMutation: true } as const;

export function namesUpstreamObjects(arg: GraphQLArgument): boolean {
  return arg.extensions.namesUpstreamObjects === true;
}

/** The most items the argument's own field takes, if it says. */
export function refusesOver(arg: GraphQLArgument): number | undefined {
  const max = arg.extensions.refusesOver;
  return typeof max === 'number' ? max : undefined;
}

/** Whether these field extensions carry PAID_MUTATION (also read by schema/scopes.ts: media:generate). */
export const isPaid = (extensions: Readonly<Record<string, unknown>> | null | undefined): boolean =>
  extensions?.paidMutation === true;

export function isPaidMutation(field: GraphQLField<unknown, unknown>): boolean {
  return isPaid(field.extensions);
}
