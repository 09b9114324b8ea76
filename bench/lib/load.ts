/**
 * One measured scenario: a preflight (status 200, no GraphQL errors), a
 * discarded warm-up, then RUNS runs of DURATION seconds with autocannon;
 * medians reported, every run kept.
 */
import autocannon from 'autocannon';

export interface Scenario {
  name: string;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

export interface Sample {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  durationSeconds: number;
  warmupSeconds: number;
  runs: number;
  connections: number;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

export async function preflight(scenario: Scenario): Promise<void> {
  const response = await fetch(scenario.url, {
    method: scenario.method,
    headers: scenario.headers,
    body: scenario.body,
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${scenario.name}: HTTP ${response.status} ${text.slice(0, 300)}`);
  if (text.includes('"errors"')) throw new Error(`${scenario.name}: errors in ${text.slice(0, 300)}`);
}

async function once(scenario: Scenario, seconds: number, connections: number): Promise<Sample> {
  const result = await autocannon({
    url: scenario.url,
    method: scenario.method,
    headers: scenario.headers,
    body: scenario.body,
    connections,
    duration: seconds,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export async function measure(scenario: Scenario, options: LoadOptions, between?: () => Promise<void>) {
  await preflight(scenario);
  await once(scenario, options.warmupSeconds, options.connections);
  const samples: Sample[] = [];
  for (let i = 0; i < options.runs; i++) {
    await between?.();
    samples.push(await once(scenario, options.durationSeconds, options.connections));
  }
  return {
    requestsPerSecond: median(samples.map((s) => s.requestsPerSecond)),
    p50: median(samples.map((s) => s.p50)),
    p99: median(samples.map((s) => s.p99)),
    failures: samples.reduce((sum, s) => sum + s.non2xx + s.errors, 0),
    samples,
  };
}
