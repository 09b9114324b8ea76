/**
 * One job feed, `jobs(first, after, filter)`: every registered provider's
 * jobs (Krea's jobs, Argil's videos) merged newest first with one cursor, by
 * the same scans and merge as the `assets` feed (merged-feed.ts): one call
 * per provider per page, a failing provider reported at the field while the
 * others' jobs still come, its position kept so nothing is lost or repeated
 * once it answers again. `states` is applied here (no provider filters by
 * the gateway's states), with the same bounded scans as the assets feed's
 * gateway-side filters.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../context.js';
import type { ProviderCode } from '../models/assets.js';
import type { JobModel, JobState } from '../models/jobs.js';
import { parseForwardArgs } from '../pagination/args.js';
import type { ConnectionArgs } from '../pagination/args.js';
import { fnv1a } from '../pagination/cursor.js';
import { chosenStreams, newestFirst } from '../pagination/feed.js';
import { providerCode } from '../providers/names.js';
import { registeredEntries } from '../providers/registry.js';
import { builder } from './builder.js';
import { emptyConnection } from './connections.js';
import type { RelayConnection } from './connections.js';
import { withFallback } from './errors.js';
import { JobRef, JobStateEnum } from './job.js';
import { mergedConnection } from './merged-feed.js';
import { providerEnum } from './provider-enum.js';
import { andList, anyProvider } from './wording.js';

export interface JobFilter {
  providers?: readonly ProviderCode[] | null | undefined;
  states?: readonly JobState[] | null | undefined;
}

/** The providers with a jobs stream, in the registry's order (the cursor's positions, and ties). */
const STREAMS = registeredEntries().flatMap(({ module, schema }) =>
  module.jobs ? [{ name: module.name, code: providerCode(module.name), source: module.jobs, schema }] : [],
);
const CODES = STREAMS.map((stream) => stream.code);
const compare = newestFirst(CODES);

export async function resolveJobs(
  args: ConnectionArgs & { filter?: JobFilter | null },
  context: RequestContext,
  info: GraphQLResolveInfo,
): Promise<RelayConnection<JobModel>> {
  const { size, after } = parseForwardArgs(args, { maxPageSize: context.maxPageSize });
  const hasCredential = (code: string) =>
    STREAMS.some((stream) => stream.code === code && context.providers.hasCredential(stream.name));
  const chosen = chosenStreams(CODES, args.filter?.providers ?? undefined, hasCredential, false);
  const states = args.filter?.states?.length ? [...new Set(args.filter.states)].sort() : undefined;
  const predicate = states ? (job: JobModel) => states.includes(job.state) : undefined;
  const digest = fnv1a(`jobs|${[...chosen].sort().join(',')}|${states?.join(',') ?? ''}`);
  const planned = STREAMS.map(({ name, code, source }) => ({
    provider: name,
    stream: chosen.includes(code) ? source.plan({ predicate }) : undefined,
  }));
  return (await mergedConnection(context, info, planned, { size, after, digest }, compare)).connection;
}

const items = STREAMS.flatMap(({ schema }) => (schema.wording.jobsFeed ? [schema.wording.jobsFeed] : []));

const JobFilterInput = builder.inputType('JobFilter', {
  description: 'Narrows the job feed; every condition must hold.',
  fields: (t) => ({
    providers: t.field({
      type: [providerEnum()],
      required: false,
      description: 'Default: every provider the request has a credential for.',
    }),
    states: t.field({ description: 'Only jobs in these states.', type: [JobStateEnum], required: false }),
  }),
});

builder.queryField('jobs', (t) =>
  t.connection(
    {
      type: JobRef,
      description: `${andList(items.map((item) => item.items))} merged into one feed, newest first, with one opaque cursor.`,
      args: { filter: t.arg({ description: 'Which jobs; all by default.', type: JobFilterInput, required: false }) },
      resolve: (_root, args, context, info) =>
        withFallback(context, info, () => resolveJobs(args, context, info), emptyConnection<JobModel>),
    },
    {
      name: 'JobConnection',
      description: `A page of the merged job feed: ${andList(items.map((item) => item.held))}, newest first.`,
    },
    { name: 'JobEdge', description: `A job of ${anyProvider(STREAMS.length)} and its cursor.` },
  ),
);
