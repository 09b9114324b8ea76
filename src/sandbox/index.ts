/**
 * Starts the simulated Krea and Argil REST APIs on loopback. Used by
 * `npm start` (when no provider is configured), `npm run sandbox` and tests.
 */
import type { Server } from 'node:http';
import { argilRouter } from '../providers/argil/sandbox/router.js';
import { TERMINAL_JOB_STATUSES } from './data.js';
import type { DatasetSizes } from './data.js';
import { kreaRouter, publicKreaJob } from '../providers/krea/sandbox/router.js';
import { CDN_PATHS } from './cdn.js';
import { SandboxWebhooks } from './webhooks.js';
import { advanceTenant, endFailed } from './progress.js';
import { SandboxControls, startProviderServer } from './server.js';
import { createTenants, DEFAULT_TENANT } from './tenants.js';
import type { SandboxTenant, TenantSpec } from './tenants.js';

export type { Fault, SandboxCall } from './server.js';
export type { SandboxTenant, TenantSpec } from './tenants.js';

export interface SandboxOptions extends Partial<DatasetSizes> {
  seed?: number;
  latencyMs?: number;
  /** Advance jobs and PROCESSING assets one step every so often; 0 (the default) only by `advance()`. */
  stepMs?: number;
  /** Key pairs with their own data; one default tenant when absent. */
  tenants?: readonly TenantSpec[];
  host?: string;
  /** 0 (the default) picks free ports. */
  kreaPort?: number;
  argilPort?: number;
}

export interface Sandbox {
  /** Krea's origin: paths /assets and /jobs are appended. */
  kreaUrl: string;
  /** Argil's base, ending in /v1 as Argil's does. */
  argilUrl: string;
  tenants: readonly SandboxTenant[];
  /**
   * The gateway's settings for these providers (as providers/settings.ts
   * names them: `kreaBaseUrl`, `kreaApiKey`, …), with the default tenant's keys.
   */
  settings: Readonly<Record<string, string>>;
  /** Each simulated provider's name and URL, for a start-up line. */
  origins: ReadonlyArray<{ name: string; url: string }>;
  controls: SandboxControls;
  /** Webhook deliveries (Krea's to X-Webhook-URL, Argil's signed events) and their switches. */
  webhooks: SandboxWebhooks;
  /** One step of time: jobs move one status on, PROCESSING Argil assets towards READY. */
  advance(): void;
  /**
   * Ends an unfinished Krea job as FAILED now, as a model that could not
   * finish does (jobs started through the sandbox otherwise always
   * succeed), with its webhook. False when there is no such unfinished job.
   */
  failKreaJob(id: string): boolean;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  // Filled once both servers listen: the data's file URLs name their origins.
  const tenants: SandboxTenant[] = [];
  const controls = new SandboxControls();
  const webhooks = new SandboxWebhooks();
  controls.latencyMs = options.latencyMs ?? 0;
  const krea = await startProviderServer(
    'krea',
    controls,
    kreaRouter(tenants, controls.uploads),
    host,
    options.kreaPort ?? 0,
  );
  const argil = await startProviderServer(
    'argil',
    controls,
    argilRouter(tenants, webhooks),
    host,
    options.argilPort ?? 0,
  );
  const files = {
    krea: `${krea.url}${CDN_PATHS.krea.slice(0, -1)}`,
    argil: `${argil.url}${CDN_PATHS.argil.slice(0, -1)}`,
  };
  tenants.push(
    ...createTenants(
      options.tenants ?? [DEFAULT_TENANT],
      options.seed ?? 42,
      {
        kreaAssets: options.kreaAssets ?? 240,
        argilAssets: options.argilAssets ?? 180,
        kreaJobs: options.kreaJobs ?? 60,
        argilVideos: options.argilVideos ?? 30,
      },
      files,
    ),
  );
  const steps = new Map<string, number>();
  const advance = () => {
    tenants.forEach((tenant, index) => {
      const finished = advanceTenant(tenant.data, steps);
      for (const job of finished.jobs) webhooks.kreaJobFinished(job, publicKreaJob(job));
      for (const video of finished.videos) webhooks.argilVideoFinished(video, index);
      for (const avatar of finished.avatars) webhooks.argilAvatarTrained(avatar, index);
    });
  };
  const ticker = options.stepMs ? setInterval(advance, options.stepMs) : undefined;
  ticker?.unref();
  const argilUrl = `${argil.url}/v1`;
  const defaultTenant = options.tenants?.[0] ?? DEFAULT_TENANT;
  return {
    kreaUrl: krea.url,
    argilUrl,
    tenants,
    settings: {
      kreaBaseUrl: krea.url,
      kreaApiKey: defaultTenant.kreaKey,
      argilBaseUrl: argilUrl,
      argilApiKey: defaultTenant.argilKey,
    },
    origins: [
      { name: 'Krea', url: krea.url },
      { name: 'Argil', url: argilUrl },
    ],
    controls,
    webhooks,
    advance,
    failKreaJob(id) {
      for (const tenant of tenants) {
        const job = tenant.data.kreaJobs.find((candidate) => candidate.job_id === id);
        if (!job || TERMINAL_JOB_STATUSES.includes(job.status)) continue;
        endFailed(job, new Date().toISOString());
        webhooks.kreaJobFinished(job, publicKreaJob(job));
        return true;
      }
      return false;
    },
    async close() {
      clearInterval(ticker);
      controls.releaseStalled();
      await webhooks.settle();
      await Promise.all([closeServer(krea.server), closeServer(argil.server)]);
    },
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
