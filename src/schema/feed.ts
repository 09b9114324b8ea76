/**
 * The merged feed, `assets(first, after, filter)`: every registered
 * provider's assets in one newest-first Relay connection with one cursor
 * (merged-feed.ts). Each provider says how it reads the filter
 * (its module's `assets` source: what goes upstream, what is filtered here
 * with a bounded scan); `createdAfter` ends every stream at its first older
 * item, so it costs nothing extra.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../context.js';
import type { AssetFeedFilter, AssetKind, AssetModel, AssetStatus, ProviderCode } from '../models/assets.js';
import { parseForwardArgs } from '../pagination/args.js';
import type { ConnectionArgs } from '../pagination/args.js';
import { fnv1a } from '../pagination/cursor.js';
import { chosenStreams, newestFirst } from '../pagination/feed.js';
import { providerCode, providerDisplayName } from '../providers/names.js';
import { registeredEntries } from '../providers/registry.js';
import { AssetKindEnum, AssetRef, AssetStatusEnum } from './asset.js';
import { builder } from './builder.js';
import { emptyConnection } from './connections.js';
import type { RelayConnection } from './connections.js';
import { withFallback } from './errors.js';
import { mergedConnection } from './merged-feed.js';
import { providerEnum } from './provider-enum.js';
import { andList, anyProvider, everyProvider, someProviders } from './wording.js';

export interface FeedFilter {
  providers?: readonly ProviderCode[] | null | undefined;
  kinds?: readonly AssetKind[] | null | undefined;
  status?: AssetStatus | null | undefined;
  createdAfter?: Date | null | undefined;
  createdBefore?: Date | null | undefined;
}

/** The providers with an assets stream, in the registry's order (the cursor's positions, and ties). */
const STREAMS = registeredEntries().flatMap(({ module, schema }) =>
  module.assets ? [{ name: module.name, code: providerCode(module.name), source: module.assets, schema }] : [],
);
const CODES = STREAMS.map((stream) => stream.code);
const compare = newestFirst(CODES);

/** The filter as every stream reads it, and the digest a cursor is made for. */
export function assetFeedFilter(filter: FeedFilter | null | undefined): { digest: string; filter: AssetFeedFilter } {
  const status = filter?.status ?? 'READY';
  const kinds = filter?.kinds && filter.kinds.length > 0 ? [...new Set(filter.kinds)].sort() : undefined;
  const after = filter?.createdAfter?.getTime();
  const before = filter?.createdBefore?.getTime();
  const explicit = filter?.providers && filter.providers.length > 0 ? [...new Set(filter.providers)].sort() : undefined;
  const digest = fnv1a(JSON.stringify([explicit ?? null, kinds ?? null, status, after ?? null, before ?? null]));
  const stop = after === undefined ? undefined : (asset: AssetModel) => asset.createdAtMs <= after;
  return { digest, filter: { kinds, status, before, after, stop } };
}

export async function resolveFeed(
  args: ConnectionArgs & { filter?: FeedFilter | null },
  context: RequestContext,
  info: GraphQLResolveInfo,
): Promise<RelayConnection<AssetModel> & { totalCount: number | null }> {
  const { size, after } = parseForwardArgs(args, { maxPageSize: context.maxPageSize });
  const { digest, filter } = assetFeedFilter(args.filter);
  const asked = args.filter?.providers ?? undefined;
  const hasCredential = (code: string) =>
    STREAMS.some((stream) => stream.code === code && context.providers.hasCredential(stream.name));
  // With no credential at all, every provider is asked: their UNAUTHENTICATED errors explain the empty feed.
  const chosen = chosenStreams(CODES, asked, hasCredential, true);
  const planned = STREAMS.map(({ name, code, source }) => ({
    provider: name,
    stream: chosen.includes(code) ? source.plan(filter) : undefined,
  }));
  const { connection, scans } = await mergedConnection(context, info, planned, { size, after, digest }, compare);
  // A stream's total is the feed's only when it is the feed's one stream.
  const reading = planned.flatMap(({ stream }, s) => (stream ? [s] : []));
  const total = reading.length === 1 ? (scans[reading[0]!]?.total ?? null) : null;
  return { ...connection, totalCount: total };
}

const names = (keep: (entry: (typeof STREAMS)[number]) => boolean) =>
  STREAMS.filter(keep).map((stream) => providerDisplayName(stream.name));
const withTotals = names((stream) => stream.source.reportsTotal === true);
const withoutTotals = names((stream) => stream.source.reportsTotal !== true);
const does = (who: readonly string[], verb: string) => `${andList(who)} ${who.length > 1 ? verb : `${verb}es`}`;
const statusDefaults = STREAMS.flatMap(({ schema }) => schema.wording.statusDefault ?? []);

const AssetFilterInput = builder.inputType('AssetFilter', {
  description: 'Narrows the merged feed; every condition must hold.',
  fields: (t) => ({
    providers: t.field({
      type: [providerEnum()],
      required: false,
      description: 'Only these providers (default: every provider the caller has credentials for).',
    }),
    kinds: t.field({ type: [AssetKindEnum], required: false, description: 'Only these kinds.' }),
    status: t.field({
      type: AssetStatusEnum,
      required: false,
      description: `Default: READY${statusDefaults.length > 0 ? ` (${statusDefaults.join('; ')})` : ''}.`,
    }),
    createdAfter: t.field({ type: 'DateTime', required: false, description: 'Strictly after this instant.' }),
    createdBefore: t.field({ type: 'DateTime', required: false, description: 'Strictly before this instant.' }),
  }),
});

builder.queryField('assets', (t) =>
  t.connection(
    {
      type: AssetRef,
      description: `${capitalised(everyProvider(STREAMS.length))} merged into one feed, newest first, with one opaque cursor.`,
      args: {
        filter: t.arg({
          type: AssetFilterInput,
          required: false,
          description: 'Which assets; all READY ones by default.',
        }),
      },
      resolve: (_root, args, context, info) =>
        withFallback(
          context,
          info,
          () => resolveFeed(args, context, info),
          () => ({
            ...emptyConnection<AssetModel>(),
            totalCount: null,
          }),
        ),
    },
    {
      name: 'AssetConnection',
      description: `A page of the merged feed: assets of ${someProviders(STREAMS.length)}, newest first.`,
      fields: (t) => ({
        totalCount: t.int({
          nullable: true,
          description: `Known when every provider in the connection reports a total${totalsNote()}; null otherwise.`,
          resolve: (connection) => (connection as unknown as { totalCount: number | null }).totalCount,
        }),
      }),
    },
    { name: 'AssetEdge', description: `An asset of ${anyProvider(STREAMS.length)} and its cursor.` },
  ),
);

/** ` (Argil does, Krea does not)`: who reports a total and who does not. */
function totalsNote(): string {
  const parts = [
    ...(withTotals.length > 0 ? [does(withTotals, 'do')] : []),
    ...(withoutTotals.length > 0 ? [`${does(withoutTotals, 'do')} not`] : []),
  ];
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
