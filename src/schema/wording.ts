/**
 * The core schema's descriptions, worded from the registered providers:
 * the core names no provider, yet `jobs` says whose jobs it merges and
 * `AssetKind` how each provider's kinds are read. Each provider's
 * contribution lends its words (contribution.ts' ProviderWording); these
 * helpers put them into sentences. With Krea and Argil registered, every
 * sentence reads as it always did (schema.graphql is unchanged).
 */
import { isEnumType, isInterfaceType, Kind } from 'graphql';
import type { GraphQLSchema, StringValueNode } from 'graphql';
import { providerDisplayName } from '../providers/names.js';
import type { ProviderWording } from './contribution.js';

/** A provider's words, with its name. */
export interface WordedProvider {
  name: string;
  wording: ProviderWording;
}

/** `A`, `A or B`, `A, B or C`. */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** `A`, `A and B`, `A, B and C`. */
export function andList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `a KreaAsset`, `an ArgilAsset`. */
export function withArticle(typename: string): string {
  return /^[AEIOU]/.test(typename) ? `an ${typename}` : `a ${typename}`;
}

/** `both providers`, `all 3 providers`, `the provider`. */
export function everyProvider(count: number): string {
  return count === 1 ? 'the provider' : count === 2 ? 'both providers' : `all ${count} providers`;
}

/** `either provider`, `any provider`. */
export function anyProvider(count: number): string {
  return count === 2 ? 'either provider' : 'any provider';
}

/** `one or both providers`, `one or more providers`. */
export function someProviders(count: number): string {
  return count === 2 ? 'one or both providers' : 'one or more providers';
}

/** Each provider's word for `key`, as `Name: word`, for the ones that have one. */
function perProvider(providers: readonly WordedProvider[], key: 'assetKind' | 'model3d'): string[] {
  return providers.flatMap(({ name, wording }) =>
    wording[key] === undefined ? [] : [`${providerDisplayName(name)}: ${wording[key]}`],
  );
}

const inParentheses = (parts: readonly string[], separator: string) =>
  parts.length === 0 ? '' : ` (${parts.join(separator)})`;

/**
 * The descriptions of the core's enums and interfaces that providers add to:
 * those types are defined before any provider (every contribution builds on
 * them), so their words are put in once the schema is built, on the types
 * and on the AST nodes the subgraph SDL is printed from, before the schema
 * is printed or served.
 */
export function wordCoreTypes(schema: GraphQLSchema, providers: readonly WordedProvider[]): void {
  const words = (key: 'assetStatus' | 'draftJob' | 'job') =>
    providers.flatMap(({ wording }) => (wording[key] === undefined ? [] : [wording[key]]));
  const drafts = words('draftJob');
  const jobs = words('job');

  describeEnum(
    schema,
    'AssetKind',
    `What a file is, across providers${inParentheses(perProvider(providers, 'assetKind'), '; ')}.`,
    {
      MODEL_3D: `A 3D model${inParentheses(perProvider(providers, 'model3d'), '; ')}.`,
    },
  );
  describeEnum(schema, 'AssetStatus', ['Processing state.', ...words('assetStatus')].join(' '));
  describeEnum(schema, 'JobState', undefined, {
    DRAFT: `Made but never asked to run${drafts.length > 0 ? `: ${drafts.join('; ')}` : ''}.`,
  });
  const job = schema.getType('Job');
  if (isInterfaceType(job)) {
    job.description = `Work a provider runs for the caller${jobs.length > 0 ? `: ${orList(jobs)}` : ''}.`;
    if (job.astNode) job.astNode = { ...job.astNode, description: stringNode(job.description) };
  }
}

const stringNode = (value: string): StringValueNode => ({ kind: Kind.STRING, value });

/** An enum's description and some of its values', on the type and its AST nodes. */
function describeEnum(
  schema: GraphQLSchema,
  name: string,
  description: string | undefined,
  values: Readonly<Record<string, string>> = {},
): void {
  const type = schema.getType(name);
  if (!isEnumType(type)) throw new Error(`no enum ${name} to word`);
  if (description !== undefined) type.description = description;
  for (const [valueName, text] of Object.entries(values)) {
    const value = type.getValue(valueName);
    if (!value) throw new Error(`no value ${name}.${valueName} to word`);
    value.description = text;
    if (value.astNode) value.astNode = { ...value.astNode, description: stringNode(text) };
  }
  if (type.astNode) {
    type.astNode = {
      ...type.astNode,
      description: type.description ? stringNode(type.description) : undefined,
      values: type.astNode.values?.map((node) => type.getValue(node.name.value)?.astNode ?? node),
    };
  }
}
