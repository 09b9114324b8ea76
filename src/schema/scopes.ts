/**
 * Which scope each root field requires, decided in this one place from what
 * the field is, and declared with Apollo's authorization directives
 * (`@requiresScopes`, `@authenticated`, federation 2.5) so that a federated
 * router enforces the same rules as the gateway
 * (server/plugins/use-scopes.ts reads them back from the schema):
 *
 * - a mutation that costs money (operation-cost.ts' PAID_MUTATION, the mark
 *   the operation budget counts): `media:generate`;
 * - every other mutation (uploads, imports, deletes, cancels, style edits):
 *   `media:write`;
 * - every query and subscription: `media:read`, except a field declared
 *   `authenticated` (it asks who the caller is, not the providers: `viewer`)
 *   and federation's `_service`.
 */
import { DirectiveLocation, GraphQLDirective, GraphQLList, GraphQLNonNull, GraphQLString } from 'graphql';
import type { GraphQLField } from 'graphql';
import type { Scope } from '../auth/caller.js';
import { isPaid } from './operation-cost.js';

/** Outer list: any of; inner list: all of (Apollo's meaning). */
export type ScopeRequirement = ReadonlyArray<readonly string[]>;

type RootKind = 'Query' | 'Mutation' | 'Subscription';

/** The scope a root field requires, from what it is; undefined: none. */
export function scopeOfRootField(
  kind: RootKind,
  field: { extensions?: Readonly<Record<string, unknown>> | null; authenticated?: boolean },
): Scope | undefined {
  if (kind === 'Mutation') return isPaid(field.extensions) ? 'media:generate' : 'media:write';
  return field.authenticated ? undefined : 'media:read';
}

const LOCATIONS = [
  DirectiveLocation.FIELD_DEFINITION,
  DirectiveLocation.OBJECT,
  DirectiveLocation.INTERFACE,
  DirectiveLocation.SCALAR,
  DirectiveLocation.ENUM,
];

/** Declared in the served schema, as the contract spells them, so schema.graphql can show where they apply. */
export const AUTHORIZATION_DIRECTIVES = [
  new GraphQLDirective({
    name: 'authenticated',
    description: 'Apollo Federation 2.5: needs a valid token (or a gateway key), but no scope.',
    locations: LOCATIONS,
  }),
  new GraphQLDirective({
    name: 'requiresScopes',
    description: 'Apollo Federation 2.5: needs the scopes of one inner list (all of them), any inner list will do.',
    locations: LOCATIONS,
    args: {
      scopes: {
        description: 'Any of these sets of scopes; each set all of its scopes.',
        type: new GraphQLNonNull(
          new GraphQLList(new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(GraphQLString)))),
        ),
      },
    },
  }),
];

interface AppliedDirective {
  name: string;
  args?: Record<string, unknown>;
}

const isScopeList = (value: unknown): value is string[][] =>
  Array.isArray(value) &&
  value.every((inner) => Array.isArray(inner) && inner.every((scope) => typeof scope === 'string'));

/**
 * What `@requiresScopes` on the field asks for, read from the directives
 * Pothos attached (`extensions.directives`); undefined when it has none.
 */
export function requiredScopesOf(field: GraphQLField<unknown, unknown>): ScopeRequirement | undefined {
  const directives = field.extensions.directives;
  if (!Array.isArray(directives)) return undefined;
  const applied = (directives as AppliedDirective[]).find((directive) => directive.name === 'requiresScopes');
  const scopes = applied?.args?.scopes;
  return isScopeList(scopes) ? scopes : undefined;
}

/** Adds `@requiresScopes` to a field the builder did not make (federation's `_entities`). */
export function requireScopes(field: GraphQLField<unknown, unknown>, scopes: ScopeRequirement): void {
  const directives = Array.isArray(field.extensions.directives)
    ? (field.extensions.directives as AppliedDirective[])
    : [];
  field.extensions = {
    ...field.extensions,
    directives: [...directives, { name: 'requiresScopes', args: { scopes: scopes.map((all) => [...all]) } }],
  };
}

/** Whether `held` satisfies the requirement: every scope of at least one of its sets. */
export function satisfies(held: readonly string[], requirement: ScopeRequirement): boolean {
  return requirement.some((all) => all.every((scope) => held.includes(scope)));
}

/** How a refusal names what was missing: `media:read`, `media:read and media:write`, `… or …`. */
export function describeRequirement(requirement: ScopeRequirement): string {
  const sets = requirement.map((all) => all.join(' and '));
  const plural = requirement.length > 1 || (requirement[0]?.length ?? 0) > 1;
  return `${plural ? 'scopes' : 'scope'} ${sets.join(' or ')}`;
}
