/**
 * The Job interface: work a provider runs for the caller (a Krea job of any
 * kind, an Argil video render), in the same words for every provider. The
 * providers' notes in these descriptions are worded in once the schema is
 * built (wording.ts).
 */
import type { JobModel } from '../models/jobs.js';
import { builder } from './builder.js';
import { providerEnum } from './provider-enum.js';

export const JobStateEnum = builder.enumType('JobState', {
  description: 'Where a job stands, in the same words for every provider.',
  values: {
    DRAFT: { description: 'Made but never asked to run.' },
    QUEUED: { description: 'Accepted, waiting to run.' },
    RUNNING: { description: 'Running.' },
    SUCCEEDED: { description: 'Done: its outputs can be fetched.' },
    FAILED: { description: 'The provider gave up on it.' },
    CANCELLED: { description: 'Stopped before it finished.' },
  } as const,
});

export const JobRef = builder.interfaceRef<JobModel>('Job').implement({
  description: 'Work a provider runs for the caller.',
  interfaces: [builder.nodeInterfaceRef()],
  fields: (t) => ({
    provider: t.expose('provider', { description: 'Which provider runs it.', type: providerEnum() }),
    state: t.expose('state', { description: 'Where it is, in the same words for every provider.', type: JobStateEnum }),
    providerStatus: t.exposeString('providerStatus', {
      description: "The provider's own status word, as its API spells it.",
    }),
    isTerminal: t.exposeBoolean('isTerminal', { description: 'True once the state can no longer change.' }),
    createdAt: t.expose('createdAt', { description: 'When the provider accepted it.', type: 'DateTime' }),
    completedAt: t.expose('completedAt', {
      description: 'When it reached a terminal state; null before.',
      type: 'DateTime',
      nullable: true,
    }),
    outputUrls: t.expose('outputUrls', {
      type: ['URL'],
      description: 'What the job produced; empty until it succeeds.',
    }),
  }),
});
