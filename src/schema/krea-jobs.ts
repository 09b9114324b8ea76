/**
 * Krea jobs in the graph: KreaJob, `kreaJobs` over GET /jobs (the same
 * tie-safe timestamp window as `kreaAssets`, with status and types pushed
 * upstream), and `kreaJob`.
 */
import { fromKreaJob, kreaJobStatus } from '../models/jobs.js';
import type { JobModel, KreaJobModel } from '../models/jobs.js';
import { KREA_MAX_LIMIT } from '../providers/krea.js';
import { builder } from './builder.js';
import { emptyConnection, resolveTimestampConnection } from './connections.js';
import { withFallback } from './errors.js';
import { JobRef } from './job.js';
import { nodeIdField } from './node-id.js';

export const KreaJobStatusEnum = builder.enumType('KreaJobStatus', {
  values: [
    'BACKLOGGED',
    'QUEUED',
    'SCHEDULED',
    'PROCESSING',
    'SAMPLING',
    'INTERMEDIATE_COMPLETE',
    'COMPLETED',
    'FAILED',
    'CANCELLED',
  ] as const,
});

const KreaJobErrorRef = builder.objectRef<NonNullable<KreaJobModel['error']>>('KreaJobError').implement({
  fields: (t) => ({
    code: t.exposeString('code'),
    message: t.exposeString('message', { nullable: true }),
  }),
});

const KreaJobResultRef = builder.objectRef<NonNullable<KreaJobModel['result']>>('KreaJobResult').implement({
  fields: (t) => ({
    urls: t.expose('urls', { type: ['URL'] }),
    styleId: t.exposeString('styleId', { nullable: true }),
  }),
});

export const KreaJobRef = builder.objectRef<KreaJobModel>('KreaJob');

builder.objectType(KreaJobRef, {
  description: 'A Krea generation or training job (GET /jobs, GET /jobs/{id}).',
  interfaces: [builder.nodeInterfaceRef(), JobRef],
  isTypeOf: (value) => (value as JobModel).provider === 'KREA' && 'isTerminal' in (value as object),
  fields: (t) => ({
    id: nodeIdField(t, 'KreaJob', (job) => job.providerId),
    providerId: t.expose('providerId', { type: 'UUID' }),
    status: t.expose('status', { type: KreaJobStatusEnum }),
    isTerminal: t.exposeBoolean('isTerminal', {
      description: 'True once the status can no longer change (COMPLETED, FAILED, CANCELLED).',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
    result: t.expose('result', { type: KreaJobResultRef, nullable: true }),
    error: t.expose('error', { type: KreaJobErrorRef, nullable: true }),
  }),
});

builder.queryFields((t) => ({
  kreaJobs: t.connection(
    {
      type: KreaJobRef,
      description: "Wraps Krea's GET /jobs (timestamp cursor, types, status). Forward only.",
      args: {
        status: t.arg({ type: KreaJobStatusEnum, required: false }),
        types: t.arg.stringList({ required: false, description: 'Job types, e.g. ["flux", "k1"].' }),
      },
      resolve: (_root, args, context, info) => {
        const status = args.status ? kreaJobStatus(args.status) : undefined;
        const types = args.types?.filter((type) => type.trim() !== '');
        const run = () =>
          resolveTimestampConnection(args, {
            cursorKind: 'krea-jobs',
            maxPageSize: context.maxPageSize,
            maxLimit: KREA_MAX_LIMIT,
            keyOf: (job: KreaJobModel) => ({ ms: job.createdAtMs, id: job.providerId }),
            fetch: (ask) =>
              context.loaders.kreaJob.list(
                async () => {
                  const page = await context.krea.listJobs({ ...ask, status, types });
                  return { items: page.items.map(fromKreaJob), nextCursor: page.nextCursor };
                },
                (page) => page.items,
              ),
          });
        return withFallback(context, info, run, emptyConnection<KreaJobModel>);
      },
    },
    { name: 'KreaJobConnection' },
    { name: 'KreaJobEdge' },
  ),
  kreaJob: t.field({
    type: KreaJobRef,
    nullable: true,
    args: { id: t.arg({ type: 'UUID', required: true }) },
    resolve: (_root, { id }, context) => context.loaders.kreaJob.load(id),
  }),
}));
