/**
 * `npm run argil:webhook`: registers `<PUBLIC_URL>/webhooks/argil` with
 * Argil for video and avatar events (ARGIL_API_KEY, ARGIL_BASE_URL and
 * PUBLIC_URL from the environment) and prints the one line to add to the
 * gateway's environment, `ARGIL_WEBHOOK_SECRET=whsec_…`, on stdout only:
 * nothing is logged and nothing is stored.
 */
import { ArgilClient } from '../src/providers/argil/client.js';
import { Upstream } from '../src/providers/http/upstream.js';

export const ARGIL_WEBHOOK_EVENTS = [
  'VIDEO_GENERATION_SUCCESS',
  'VIDEO_GENERATION_FAILED',
  'AVATAR_TRAINING_SUCCESS',
  'AVATAR_TRAINING_FAILED',
] as const;

export async function registerArgilWebhook(options: {
  argilBaseUrl: string;
  apiKey: string;
  publicUrl: string;
}): Promise<string> {
  const upstream = new Upstream({ provider: 'argil', baseUrl: options.argilBaseUrl, timeoutMs: 10_000 });
  try {
    const client = new ArgilClient(upstream, options.apiKey);
    const callbackUrl = `${options.publicUrl.replace(/\/+$/, '')}/webhooks/argil`;
    const { secret } = await client.createWebhook(callbackUrl, ARGIL_WEBHOOK_EVENTS);
    if (secret === undefined)
      throw new Error('Argil registered the endpoint but returned no secret; copy it from Argil’s dashboard');
    return secret;
  } finally {
    await upstream.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { ARGIL_API_KEY, PUBLIC_URL, ARGIL_BASE_URL = 'https://api.argil.ai/v1' } = process.env;
  if (!ARGIL_API_KEY || !PUBLIC_URL) {
    console.error('argil:webhook needs ARGIL_API_KEY and PUBLIC_URL');
    process.exit(1);
  }
  try {
    const secret = await registerArgilWebhook({
      argilBaseUrl: ARGIL_BASE_URL,
      apiKey: ARGIL_API_KEY,
      publicUrl: PUBLIC_URL,
    });
    console.log(`ARGIL_WEBHOOK_SECRET=${secret}`);
  } catch (error) {
    console.error(`argil:webhook: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
