/**
 * Many open SSE subscriptions on one gateway process: `count` subscribers of
 * one running job (one shared poller), opened `parallel` at a time, each
 * waiting for its first event; the gateway's RSS with all of them open.
 */
import { request } from 'node:http';
import type { ClientRequest } from 'node:http';
import { memoryMB, resetPeak } from './lib/processes.js';

export interface SubscriptionsResult {
  count: number;
  opened: number;
  idleRssMB: number;
  openRssMB: number;
  peakRssMB: number;
  seconds: number;
}

function subscribe(url: URL, body: string): Promise<ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent: false,
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        'content-length': Buffer.byteLength(body),
      },
    });
    req.on('response', (res) => {
      let seen = '';
      res.on('data', (chunk: Buffer) => {
        if (seen.includes('event: next')) return;
        seen += chunk.toString();
        if (seen.includes('event: next')) resolve(req);
      });
      res.on('end', () => reject(new Error(`the stream ended: ${seen.slice(0, 200)}`)));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function openSubscriptions(
  graphqlUrl: string,
  gatewayPid: number,
  jobGlobalId: string,
  count = 10_000,
  parallel = 200,
): Promise<SubscriptionsResult> {
  const url = new URL(graphqlUrl);
  const body = JSON.stringify({
    query: 'subscription($id: ID!) { jobUpdates(id: $id) { id state providerStatus } }',
    variables: { id: jobGlobalId },
  });
  const idleRssMB = memoryMB(gatewayPid, 'VmRSS');
  resetPeak(gatewayPid);
  const started = performance.now();
  const open: ClientRequest[] = [];
  let failures = 0;
  for (let done = 0; done < count; done += parallel) {
    const batch = await Promise.allSettled(
      Array.from({ length: Math.min(parallel, count - done) }, () => subscribe(url, body)),
    );
    for (const outcome of batch) {
      if (outcome.status === 'fulfilled') open.push(outcome.value);
      else failures++;
    }
    if (failures > 0) break;
  }
  const seconds = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const result = {
    count,
    opened: open.length,
    idleRssMB,
    openRssMB: memoryMB(gatewayPid, 'VmRSS'),
    peakRssMB: memoryMB(gatewayPid, 'VmHWM'),
    seconds,
  };
  for (const req of open) req.destroy();
  return result;
}
