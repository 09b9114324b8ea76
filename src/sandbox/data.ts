/**
 * The sandbox's data: a tenant's (an API key pair's) objects of both
 * simulated providers, whose shapes each provider's sandbox folder writes
 * from its document (`providers/<name>/sandbox/data.ts`). dataset.ts makes
 * one deterministic dataset of them per tenant. Nothing here is shared with
 * the gateway's clients, so the sandbox can catch their mistakes.
 */
import type {
  SandboxArgilAsset,
  SandboxArgilAvatar,
  SandboxArgilVideo,
  SandboxArgilVoice,
} from '../providers/argil/sandbox/data.js';
import type { SandboxArgilSubtitleStyle } from '../providers/argil/sandbox/seed.js';
import type {
  SandboxKreaAsset,
  SandboxKreaJob,
  SandboxKreaNodeApp,
  SandboxKreaStyle,
} from '../providers/krea/sandbox/data.js';

export type * from '../providers/argil/sandbox/data.js';
export type * from '../providers/krea/sandbox/data.js';
export { JOB_STATUSES, JOB_TYPES, TERMINAL_JOB_STATUSES } from '../providers/krea/sandbox/data.js';

export interface DatasetSizes {
  kreaAssets: number;
  argilAssets: number;
  kreaJobs: number;
  /** @default 30 */
  argilVideos?: number;
}

/**
 * Where the sandbox's "CDN" files live: the sandbox's own origins (it serves
 * a picture or clip for every URL under them, so a browser shows the media).
 * The placeholders are for data made before the servers listen.
 */
export interface FileOrigins {
  /** Krea's, e.g. http://127.0.0.1:PORT/cdn */
  krea: string;
  /** Argil's, e.g. http://127.0.0.1:PORT/v1/cdn */
  argil: string;
}

export const PLACEHOLDER_FILE_ORIGINS: FileOrigins = {
  krea: 'https://cdn.krea.sandbox',
  argil: 'https://files.argil.sandbox',
};

export interface TenantData {
  /** The origins this tenant's file URLs (seeded, generated, uploaded) use. */
  files: FileOrigins;
  kreaAssets: SandboxKreaAsset[];
  kreaJobs: SandboxKreaJob[];
  argilAssets: SandboxArgilAsset[];
  kreaStyles: SandboxKreaStyle[];
  kreaNodeApps: SandboxKreaNodeApp[];
  argilAvatars: SandboxArgilAvatar[];
  argilVoices: SandboxArgilVoice[];
  argilVideos: SandboxArgilVideo[];
  argilSubtitleStyles: SandboxArgilSubtitleStyle[];
  /** The bodies of POST /voices/sync, in order (tests read them). */
  argilVoiceSyncs: Array<Record<string, unknown>>;
}
