/**
 * Krea jobs in the graph: KreaJob, `kreaJobs` over GET /jobs (the same
 * tie-safe timestamp window as `kreaAssets`, with status and types pushed
 * upstream), and `kreaJob`.
 */
import type { JobModel } from '../../../models/jobs.js';
import { fromKreaJob, kreaJobStatus } from '../models/jobs.js';
import type { KreaJobModel } from '../models/jobs.js';
import { KREA_MAX_LIMIT } from '../client.js';
import { builder } from '../../../schema/builder.js';
import { NAMES_UPSTREAM_OBJECTS } from '../../../schema/operation-cost.js';
import { uuidOf } from '../../../schema/provider-id.js';
import { emptyConnection, resolveTimestampConnection } from '../../../schema/connections.js';
import { userInputError, withFallback } from '../../../schema/errors.js';
import { decodeGlobalId } from '../../../schema/global-id.js';
import { liveValue } from '../../../schema/live.js';
import { DeletePayloadRef } from '../../../schema/mutations.js';
import { JobRef } from '../../../schema/job.js';
import { nodeIdField } from '../../../schema/node-id.js';
import { kreaOf } from './context.js';

export const KreaJobStatusEnum = builder.enumType('KreaJobStatus', {
  description: "Krea's own status of a job, in Krea's order (state says it in every provider's words).",
  values: {
    BACKLOGGED: { description: 'Waiting for capacity.' },
    QUEUED: { description: 'In the queue.' },
    SCHEDULED: { description: 'Given a worker.' },
    PROCESSING: { description: 'Running.' },
    SAMPLING: { description: 'Making its outputs.' },
    INTERMEDIATE_COMPLETE: { description: 'Some outputs are ready, more are coming.' },
    COMPLETED: { description: 'Done (terminal).' },
    FAILED: { description: 'Failed (terminal).' },
    CANCELLED: { description: 'Cancelled (terminal).' },
  } as const,
});

const KreaJobErrorRef = builder.objectRef<NonNullable<KreaJobModel['error']>>('KreaJobError').implement({
  description: 'Why a Krea job failed.',
  fields: (t) => ({
    code: t.exposeString('code', { description: "Krea's error code." }),
    message: t.exposeString('message', { description: "Krea's explanation, when it gives one.", nullable: true }),
  }),
});

const KreaJobResultRef = builder.objectRef<NonNullable<KreaJobModel['result']>>('KreaJobResult').implement({
  description: 'What a completed Krea job made.',
  fields: (t) => ({
    urls: t.expose('urls', { description: 'The files the job made.', type: ['URL'] }),
    styleId: t.exposeString('styleId', { description: 'The style a training job made.', nullable: true }),
  }),
});

export const KreaJobRef = builder.objectRef<KreaJobModel>('KreaJob');

builder.objectType(KreaJobRef, {
  description: 'A Krea generation or training job (GET /jobs, GET /jobs/{id}).',
  interfaces: [builder.nodeInterfaceRef(), JobRef],
  isTypeOf: (value) => (value as JobModel).provider === 'KREA' && 'isTerminal' in (value as object),
  fields: (t) => ({
    id: nodeIdField(t, 'KreaJob', (job) => job.providerId),
    providerId: t.expose('providerId', { description: "Krea's job UUID.", type: 'UUID' }),
    status: t.expose('status', { description: "Krea's own status (finer than state).", type: KreaJobStatusEnum }),
    isTerminal: t.exposeBoolean('isTerminal', {
      description: 'True once the status can no longer change (COMPLETED, FAILED, CANCELLED).',
    }),
    createdAt: t.expose('createdAt', { description: 'When Krea accepted it.', type: 'DateTime' }),
    completedAt: t.expose('completedAt', {
      description: 'When it reached a terminal status; null before.',
      type: 'DateTime',
      nullable: true,
    }),
    result: t.expose('result', {
      description: 'What it made, once COMPLETED.',
      type: KreaJobResultRef,
      nullable: true,
    }),
    error: t.expose('error', { description: 'Why it failed, once FAILED.', type: KreaJobErrorRef, nullable: true }),
  }),
});

builder.queryFields((t) => ({
  kreaJobs: t.connection(
    {
      type: KreaJobRef,
      description: "Wraps Krea's GET /jobs (timestamp cursor, types, status). Forward only.",
      args: {
        status: t.arg({
          description: 'Only jobs in this status (sent to Krea).',
          type: KreaJobStatusEnum,
          required: false,
        }),
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
              kreaOf(context).loaders.job.list(
                async () => {
                  const page = await kreaOf(context).client.listJobs({ ...ask, status, types });
                  return { items: page.items.map(fromKreaJob), nextCursor: page.nextCursor };
                },
                (page) => page.items,
              ),
          });
        return withFallback(context, info, run, emptyConnection<KreaJobModel>);
      },
    },
    { name: 'KreaJobConnection', description: 'A page of Krea jobs (GET /jobs), newest first.' },
    { name: 'KreaJobEdge', description: 'A Krea job and its cursor.' },
  ),
  kreaJob: t.field({
    type: KreaJobRef,
    nullable: true,
    description: "Krea's GET /jobs/{id} (batched per request); null when unknown.",
    args: {
      id: t.arg({
        description: "Krea's job UUID (its providerId), or its global id.",
        type: 'UUID',
        required: true,
        extensions: NAMES_UPSTREAM_OBJECTS,
      }),
    },
    resolve: (_root, { id }, context) => kreaOf(context).loaders.job.load(uuidOf(id, 'KreaJob')),
  }),
}));

builder.mutationFields((t) => ({
  deleteKreaJob: t.field({
    type: DeletePayloadRef,
    description: "Krea's DELETE /jobs/{id}: cancels a queued or processing job.",
    args: { id: t.arg.id({ description: 'A KreaJob global id.', required: true, extensions: NAMES_UPSTREAM_OBJECTS }) },
    resolve: async (_root, { id }, context) => {
      const decoded = decodeGlobalId(String(id));
      if (decoded?.typename !== 'KreaJob') throw userInputError('`id` must be the global id of a KreaJob');
      await kreaOf(context).client.deleteJob(decoded.id);
      kreaOf(context).loaders.job.forget(decoded.id);
      return { deletedId: String(id) };
    },
  }),
}));

builder.subscriptionFields((t) => ({
  kreaJobUpdates: t.field({
    type: KreaJobRef,
    description: 'Emits the job each time its status changes; completes after a terminal status.',
    args: { id: t.arg.id({ description: 'A KreaJob global id.', required: true, extensions: NAMES_UPSTREAM_OBJECTS }) },
    subscribe: (_root, { id }, context) => {
      const decoded = decodeGlobalId(String(id));
      if (decoded?.typename !== 'KreaJob') throw userInputError('`id` must be the global id of a KreaJob');
      return context.live.watch<KreaJobModel>('KreaJob', decoded.id);
    },
    resolve: liveValue,
  }),
}));
