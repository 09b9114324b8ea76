/**
 * Argil's simulated API, as the registry lists it beside Argil's module: its
 * name, its data's sizes and their variables, and the simulation itself
 * (simulation.ts), loaded only when a sandbox starts. Below, what it adds to
 * the sandbox's types (src/sandbox/contributions.ts).
 */
import type { SimulatedApi } from '../../../sandbox/simulated-api.js';
import type { SandboxArgilAsset, SandboxArgilAvatar, SandboxArgilVideo, SandboxArgilVoice } from './data.js';
import type { ArgilEndpoint } from './events.js';
import type { SandboxArgilSubtitleStyle } from './seed.js';

declare module '../../../sandbox/contributions.js' {
  interface SimulatedNames {
    argil: true;
  }
  interface SimulatedData {
    argilAssets: SandboxArgilAsset[];
    argilAvatars: SandboxArgilAvatar[];
    argilVoices: SandboxArgilVoice[];
    argilVideos: SandboxArgilVideo[];
    argilSubtitleStyles: SandboxArgilSubtitleStyle[];
    /** The bodies of POST /voices/sync, in order (tests read them). */
    argilVoiceSyncs: Array<Record<string, unknown>>;
  }
  interface SimulatedSizes {
    argilAssets?: number;
    /** @default 30 */
    argilVideos?: number;
  }
  interface SimulatedWebhooks {
    /** The endpoints registered through POST /v1/webhooks, with their secrets. */
    readonly argilEndpoints: ArgilEndpoint[];
  }
}

export const argilSandbox: SimulatedApi = {
  name: 'argil',
  sizes: {
    argilAssets: { default: 180, env: 'SANDBOX_ARGIL_ASSETS' },
    argilVideos: { default: 30 },
  },
  load: async () => (await import('./simulation.js')).argilSimulation,
};
