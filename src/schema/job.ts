/**
 * The Job interface: work a provider runs for the caller (a Krea job of any
 * kind, later an Argil video render), in the same words for every provider.
 */
import type { JobModel } from '../models/jobs.js';
import { ProviderEnum } from './asset.js';
import { builder } from './builder.js';

export const JobStateEnum = builder.enumType('JobState', {
  description: 'Where a job stands, in the same words for every provider.',
  values: {
    DRAFT: { description: 'Made but never asked to run: an Argil video before renderArgilVideo.' },
    QUEUED: {},
    RUNNING: {},
    SUCCEEDED: {},
    FAILED: {},
    CANCELLED: {},
  } as const,
});

export const JobRef = builder.interfaceRef<JobModel>('Job').implement({
  description:
    'Work a provider runs for the caller: a Krea job (generation, enhance, style training, node app) or an Argil video render.',
  interfaces: [builder.nodeInterfaceRef()],
  fields: (t) => ({
    provider: t.expose('provider', { type: ProviderEnum }),
    state: t.expose('state', { type: JobStateEnum }),
    providerStatus: t.exposeString('providerStatus', {
      description: "The provider's own status word, as its API spells it.",
    }),
    isTerminal: t.exposeBoolean('isTerminal', { description: 'True once the state can no longer change.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
    outputUrls: t.expose('outputUrls', {
      type: ['URL'],
      description: 'What the job produced; empty until it succeeds.',
    }),
  }),
});
