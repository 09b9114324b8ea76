/**
 * One shape for a job, whichever provider runs it (the Job interface):
 * states in the same words for every provider, `isTerminal` computed once,
 * timestamps kept as written plus epoch milliseconds. Each provider maps
 * its own jobs to it in its folder (`providers/<name>/models/`).
 */
import type { ProviderCode } from './assets.js';

/**
 * Where a job stands, in the same words for every provider (the contract's
 * JobState, plus DRAFT: made but never asked to run).
 */
export type JobState = 'DRAFT' | 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** What every job has, whichever provider runs it (the Job interface). */
export interface JobModel {
  provider: ProviderCode;
  providerId: string;
  state: JobState;
  /** The provider's own status word, as its API spells it. */
  providerStatus: string;
  isTerminal: boolean;
  createdAt: string;
  createdAtMs: number;
  completedAt: string | null;
  outputUrls: string[];
}

/** What the merged `jobs` feed asks of every provider's stream: the states are the gateway's to filter. */
export interface JobFeedFilter {
  predicate: ((job: JobModel) => boolean) | undefined;
}
