/**
 * Operation de-duplication on the compiled lane (OPERATION_DEDUPE, on by
 * default): identical queries in flight execute once and every request
 * gets the same bytes. A gate between the gateway and Krea's sandbox holds
 * the upstream call until every request has joined (the lane counts a
 * request before it joins, with nothing awaited in between), so the counts
 * below are exact: one upstream call for twenty requests, twenty without
 * de-duplication (and UPSTREAM_COALESCE=0 on both, so nothing else merges
 * them), one per credential, and every mutation its own. A request that
 * leaves does not cancel the others; when all have left, the upstream call
 * is cancelled.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startSandbox } from '../../src/sandbox/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { DEFAULT_TENANT } from '../../src/sandbox/tenants.js';
import { laneCounts } from '../helpers/lane.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';
import { startUpstreamGate } from '../helpers/upstream-gate.js';
import type { UpstreamGate } from '../helpers/upstream-gate.js';

const A = { kreaKey: 'dedupe-krea-a', argilKey: 'dedupe-argil-a' };
const B = { kreaKey: 'dedupe-krea-b', argilKey: 'dedupe-argil-b' };
const QUERY = '{ kreaAssets(first: 4) { nodes { id url createdAt } } }';

let sandbox: Sandbox;
let gate: UpstreamGate;
let deduped: Stack;
let plain: Stack;
const lines: Array<{ msg: string; deduplicated?: boolean; upstream?: unknown[]; requestId?: string }> = [];

beforeAll(async () => {
  sandbox = await startSandbox({
    stepMs: 0,
    kreaAssets: 10,
    argilAssets: 4,
    kreaJobs: 4,
    tenants: [DEFAULT_TENANT, A, B],
  });
  gate = await startUpstreamGate(sandbox.kreaUrl);
  // Twenty held calls at once: more than the default sixteen the gateway lets out to a provider.
  const common = {
    sharedSandbox: sandbox,
    providerSettings: { kreaBaseUrl: gate.url },
    upstreamCoalesce: 0,
    upstreamConcurrency: 32,
  };
  const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as never) });
  deduped = await startStack({ ...common, gateway: { logger } });
  plain = await startStack({ ...common, gateway: { operationDedupe: false } });
});
afterAll(async () => {
  await plain?.close();
  await deduped?.close();
  await gate?.close();
  await sandbox?.close();
});
beforeEach(() => gate.shut());

const compiled = async (stack: Stack) => (await laneCounts(stack)).get('compiled') ?? 0;
/** Resolves once `stack`'s compiled lane has admitted `count` requests (each joins its flight at once). */
const admitted = (stack: Stack, count: number) =>
  vi.waitFor(async () => expect(await compiled(stack)).toBeGreaterThanOrEqual(count), {
    timeout: 30_000,
    interval: 10,
  });

async function send(stack: Stack, query: string, headers: Record<string, string> = {}, signal?: AbortSignal) {
  const response = await fetch(await stack.listen(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query }),
    signal,
  });
  return { status: response.status, text: await response.text() };
}
const tenant = (keys: typeof A) => ({ 'x-krea-token': keys.kreaKey, 'x-argil-api-key': keys.argilKey });

describe('identical queries in flight', () => {
  it('run once: one upstream call for twenty requests, the same bytes for each', async () => {
    const [arrived, before] = [gate.arrived(), await compiled(deduped)];
    lines.length = 0;
    const answers = Array.from({ length: 20 }, (_, i) => send(deduped, QUERY, { 'x-request-id': `dedupe-${i}` }));
    await gate.whenArrived(arrived + 1);
    await admitted(deduped, before + 20);
    gate.release();
    const texts = (await Promise.all(answers)).map((answer) => answer.text);
    expect(gate.arrived() - arrived).toBe(1);
    expect(new Set(texts).size).toBe(1);
    expect(JSON.parse(texts[0]!)).toMatchObject({ data: { kreaAssets: { nodes: expect.any(Array) } } });
    expect(texts[0]).toBe((await send(plain, QUERY)).text);
    // Each request has its own line; one made the upstream call, the others say they shared it.
    const logged = lines.filter((line) => line.msg === 'request' && line.requestId?.startsWith('dedupe-'));
    expect(logged).toHaveLength(20);
    expect(
      logged.filter((line) => line.deduplicated === true && (line.upstream as unknown[]).length === 0),
    ).toHaveLength(19);
    expect(
      logged.filter((line) => line.deduplicated === undefined && (line.upstream as unknown[]).length === 1),
    ).toHaveLength(1);
  });

  it('each run their own with OPERATION_DEDUPE off: twenty upstream calls', async () => {
    const arrived = gate.arrived();
    const answers = Array.from({ length: 20 }, () => send(plain, QUERY));
    await gate.whenArrived(arrived + 20);
    gate.release();
    expect(new Set((await Promise.all(answers)).map((answer) => answer.text)).size).toBe(1);
    expect(gate.arrived() - arrived).toBe(20);
  });

  it('of two credentials: one execution each, each tenant its own answer', async () => {
    const [arrived, before] = [gate.arrived(), await compiled(deduped)];
    const answers = Array.from({ length: 10 }, (_, i) => send(deduped, QUERY, tenant(i % 2 === 0 ? A : B)));
    await gate.whenArrived(arrived + 2);
    await admitted(deduped, before + 10);
    gate.release();
    const texts = (await Promise.all(answers)).map((answer) => answer.text);
    expect(gate.arrived() - arrived).toBe(2);
    const [ofA, ofB] = [await send(plain, QUERY, tenant(A)), await send(plain, QUERY, tenant(B))];
    expect(ofA.text).not.toBe(ofB.text);
    expect(texts).toEqual(texts.map((_, i) => (i % 2 === 0 ? ofA.text : ofB.text)));
  });

  it('never mutations: three identical deletes are three upstream calls', async () => {
    const id = Buffer.from('KreaJob:00000000-0000-4000-8000-00000000dead').toString('base64');
    const mutation = `mutation { deleteKreaJob(id: "${id}") { deletedId } }`;
    const arrived = gate.arrived();
    const answers = Array.from({ length: 3 }, () => send(deduped, mutation));
    await gate.whenArrived(arrived + 3);
    gate.release();
    for (const answer of await Promise.all(answers)) expect(answer.text).toContain('NOT_FOUND');
    expect(gate.arrived() - arrived).toBe(3);
  });
});

describe('requests that leave', () => {
  it('one leaving does not cancel the others; all leaving cancels the upstream call', async () => {
    const query = '{ kreaAssets(first: 2) { nodes { id } } }';
    let [arrived, before] = [gate.arrived(), await compiled(deduped)];
    const abandoned = gate.abandoned();
    const leaving = new AbortController();
    const left = send(deduped, query, {}, leaving.signal).catch((error: unknown) => error);
    const staying = [send(deduped, query), send(deduped, query)];
    await gate.whenArrived(arrived + 1);
    await admitted(deduped, before + 3);
    leaving.abort();
    expect(await left).toBeInstanceOf(Error);
    gate.release();
    for (const answer of await Promise.all(staying)) expect(JSON.parse(answer.text)).not.toHaveProperty('errors');
    expect(gate.abandoned()).toBe(abandoned);

    gate.shut();
    [arrived, before] = [gate.arrived(), await compiled(deduped)];
    const leavers = [new AbortController(), new AbortController()];
    const gone = leavers.map((leaver) => send(deduped, query, {}, leaver.signal).catch((error: unknown) => error));
    await gate.whenArrived(arrived + 1);
    await admitted(deduped, before + 2);
    for (const leaver of leavers) leaver.abort();
    await Promise.all(gone);
    // The gateway gave up its upstream call: the gate saw its client go.
    await gate.whenAbandoned(abandoned + 1);
    gate.release();
    // The next request starts afresh.
    expect(JSON.parse((await send(deduped, query)).text)).not.toHaveProperty('errors');
  });
});
