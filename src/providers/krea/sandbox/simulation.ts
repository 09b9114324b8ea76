/**
 * Krea's simulated API as the sandbox runs it: its REST API at the origin's
 * root with Bearer keys, its files under /cdn/, a tenant's assets, jobs,
 * styles and node apps (dataset.ts), jobs moving on with the step clock
 * (progress.ts) and a finished job POSTed to the `X-Webhook-URL` it was
 * started with (unsigned, as Krea's are). It adds `failKreaJob` to the
 * sandbox and the record of uploads to its controls.
 */
import { TERMINAL_JOB_STATUSES } from './data.js';
import type { SandboxKreaJob } from './data.js';
import { kreaDataset } from './dataset.js';
import { advanceJob, endFailed } from './progress.js';
import { kreaRouter, publicKreaJob } from './router.js';
import type { RecordedUpload } from './uploads.js';
import type { SandboxWebhooks } from '../../../sandbox/webhooks.js';
import type { Simulation } from '../../../sandbox/simulated-api.js';

function jobFinished(webhooks: SandboxWebhooks, job: SandboxKreaJob): void {
  if (job.webhookUrl) webhooks.deliver(job.webhookUrl, JSON.stringify(publicKreaJob(job)));
}

export const kreaSimulation: Simulation = {
  basePath: '',
  cdnPath: '/cdn/',
  credential: { header: 'Authorization', scheme: 'Bearer' },
  dataset: kreaDataset,
  start(context) {
    const { tenants, webhooks } = context;
    const uploads: RecordedUpload[] = [];
    return {
      router: kreaRouter(context, uploads),
      advance(tenant, _index, now) {
        const at = now.toISOString();
        const finished = tenant.data.kreaJobs.filter((job) => advanceJob(job, at, tenant.data.files));
        for (const job of finished) jobFinished(webhooks, job);
      },
      helpers: {
        failKreaJob(id) {
          for (const tenant of tenants) {
            const job = tenant.data.kreaJobs.find((candidate) => candidate.job_id === id);
            if (!job || TERMINAL_JOB_STATUSES.includes(job.status)) continue;
            endFailed(job, new Date().toISOString());
            jobFinished(webhooks, job);
            return true;
          }
          return false;
        },
      },
      controls: { uploads },
    };
  },
};
