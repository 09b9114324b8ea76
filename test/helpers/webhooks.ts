/**
 * Stacks whose generations ask for webhooks to their own loopback listener,
 * and the few steps the webhook tests share: start a job, find the URL Krea
 * was told to deliver to, deliver to it, watch a job.
 */
import { createClient } from 'graphql-sse';
import { request } from 'undici';
import { startStack } from './stack.js';
import type { Stack, StackOptions } from './stack.js';

export const WEBHOOK_SECRET = 'a-webhook-secret-of-some-length';

/** A stack polling every `pollIntervalMs` (never faster), with PUBLIC_URL its own listener. */
export async function pushStack(
  pollIntervalMs: number,
  options: StackOptions = {},
): Promise<{ stack: Stack; url: string; origin: string }> {
  const stack = await startStack({
    sandbox: { kreaJobs: 2, kreaAssets: 2, argilAssets: 2, argilVideos: 3 },
    pollIntervalMs,
    pollMaxIntervalMs: pollIntervalMs,
    webhooks: { publicUrl: 'http://pending.invalid', secret: WEBHOOK_SECRET },
    ...options,
  });
  const url = await stack.listen();
  // The listener's port is known only now.
  const origin = new URL(url).origin;
  stack.services.webhooks!.publicUrl = origin;
  return { stack, url, origin };
}

/** Starts an image generation (with `headers`' credential, else the server's). */
export async function generate(
  stack: Stack,
  headers?: Record<string, string>,
): Promise<{ id: string; providerId: string }> {
  const started = await stack.query<{ generateKreaImage: { job: { id: string; providerId: string } } }>(
    'mutation { generateKreaImage(input: { bflFlux1Dev: { prompt: "pushed" } }) { job { id providerId } } }',
    undefined,
    headers,
  );
  return started.data!.generateKreaImage.job;
}

/** The `X-Webhook-URL` the sandbox's Krea received with a job's POST. */
export function kreaWebhookUrlOf(stack: Stack, providerId: string): string {
  for (const tenant of stack.sandbox.tenants) {
    const job = tenant.data.kreaJobs.find((j) => j.job_id === providerId);
    if (job?.webhookUrl) return job.webhookUrl;
  }
  throw new Error(`no webhook URL was sent with job ${providerId}`);
}

/** POSTs `body` to `url`: the status and the outcome the gateway named. */
export async function deliver(url: string, body: unknown): Promise<{ status: number; outcome: string }> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.body.json()) as { outcome: string };
  return { status: response.statusCode, outcome: answer.outcome };
}

/** Every state the subscription emits; `afterFirst` runs once the first has arrived (time moves on then). */
export async function watch(
  url: string,
  id: string,
  afterFirst: () => void,
  headers?: Record<string, string>,
): Promise<string[]> {
  const client = createClient({ url, retryAttempts: 0, headers });
  const states: string[] = [];
  try {
    for await (const event of client.iterate<{ jobUpdates: { state: string } }>({
      query: 'subscription($id: ID!) { jobUpdates(id: $id) { state } }',
      variables: { id },
    })) {
      states.push(event.data!.jobUpdates.state);
      if (states.length === 1) afterFirst();
    }
  } finally {
    client.dispose();
  }
  return states;
}

/** A subscription left open until `close()`, once its first state has arrived. */
export async function openWatch(
  url: string,
  id: string,
  headers?: Record<string, string>,
): Promise<{ close(): Promise<void> }> {
  const client = createClient({ url, retryAttempts: 0, headers });
  const events = client.iterate({
    query: 'subscription($id: ID!) { jobUpdates(id: $id) { state } }',
    variables: { id },
  });
  await events.next();
  return {
    async close() {
      await events.return?.();
      client.dispose();
    },
  };
}

/** Resolves once `condition` holds, checking every 10 ms; fails after `deadlineMs` (generous: a busy machine). */
export async function until(condition: () => boolean, what: string, deadlineMs = 20_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
