/**
 * Argil's simulated API as the sandbox runs it: its REST API under /v1 with
 * `x-api-key` keys, its files under /v1/cdn/, a tenant's assets, avatars,
 * voices, videos and subtitle styles (dataset.ts), rendered videos,
 * PROCESSING assets and new avatars moving on with the step clock
 * (progress.ts, avatars.ts), and their events delivered to the registered
 * endpoints (events.ts), which it adds to `sandbox.webhooks`.
 */
import { trainAvatars } from './avatars.js';
import { argilDataset } from './dataset.js';
import { ArgilEvents } from './events.js';
import { advanceAssets, advanceVideo } from './progress.js';
import { argilRouter } from './router.js';
import type { Simulation } from '../../../sandbox/simulated-api.js';

export const argilSimulation: Simulation = {
  basePath: '/v1',
  cdnPath: '/v1/cdn/',
  credential: { header: 'x-api-key' },
  dataset: argilDataset,
  start(context) {
    const events = new ArgilEvents(context.webhooks);
    // Steps each PROCESSING asset has taken, by id.
    const steps = new Map<string, number>();
    return {
      router: argilRouter(context, events),
      advance({ data }, index, now) {
        const at = now.toISOString();
        const videos = data.argilVideos.filter((video) => advanceVideo(video, at));
        const avatars = trainAvatars(data.argilAvatars);
        advanceAssets(data, steps);
        for (const video of videos) events.videoFinished(video, index);
        for (const avatar of avatars) events.avatarTrained(avatar, index);
      },
      webhooks: { argilEndpoints: events.endpoints },
    };
  },
};
