/**
 * The executor oracle: every operation of a corpus, run through the paths the
 * gateway serves (yoga with its plugins over a GraphQL POST; the same POST
 * over the listener, where the compiled lane takes it, server/lane/; and
 * subscriptions over SSE and WebSocket) and through plain
 * graphql-js `execute`/`subscribe`, must give the same result: the same
 * data, the same errors (message, code, path, locations). Each operation is
 * run in several forms that must mean the same (its arguments as literals,
 * as variables, as variables' defaults, mixed), because that is where
 * executors disagree: graphql-jit's compiled subscribe once handed a
 * subscription's resolver `{}` for a literal argument. On the lane, a good
 * share of the queries run through compiled plans (graphql-jit, admitted by
 * server/lane/plan.ts): this corpus is what admits them.
 *
 * The sandbox never advances on its own (stepMs 0), so both runs of an
 * operation see the same provider state and nothing needs normalising.
 */
import pLimit from 'p-limit';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { laneCounts, plannedCount } from '../helpers/lane.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';
import { operationTemplates, subscriptionTemplates } from './corpus.js';
import { generateTemplates } from './generate.js';
import { harvestedOperations } from './harvest.js';
import { valuePools } from './pools.js';
import type { ValuePools } from './pools.js';
import { runReference } from './reference.js';
import type { WireResult } from './reference.js';
import { render } from './render.js';
import type { Form, OracleOperation, Template } from './render.js';
import { postOperation, postOverListener, sseFirstEvent, webSocketClient, webSocketFirstEvent } from './served.js';

const ALL_FORMS: Form[] = ['literal', 'variables', 'defaults', 'mixed'];

/** Each template in the given forms (only the literal one when it has no arguments). */
function expand(templates: readonly Template[], formsOf: (index: number) => Form[]): OracleOperation[] {
  return templates.flatMap((template, index) =>
    (template.slots.length > 0 ? formsOf(index) : ['literal' as const]).map((form) =>
      render(schema, template, form, `Op${index}`),
    ),
  );
}

interface Mismatch {
  name: string;
  path: string;
  query: string;
  variables?: Record<string, unknown>;
  served: WireResult;
  reference: WireResult;
}

let stack: Stack;
let pools: ValuePools;
let ws: Client;

/** Runs every operation both ways (a few at a time); the ones whose results differ. */
async function compare(
  operations: readonly OracleOperation[],
  served: Record<string, (operation: OracleOperation) => Promise<WireResult>>,
): Promise<{ mismatches: Mismatch[]; results: WireResult[] }> {
  const limit = pLimit(4);
  const mismatches: Mismatch[] = [];
  const results: WireResult[] = [];
  await Promise.all(
    operations.map((operation) =>
      limit(async () => {
        const reference = await runReference(operation, { schema, services: stack.services });
        results.push(reference);
        for (const [path, run] of Object.entries(served)) {
          const result = await run(operation);
          if (JSON.stringify(result) === JSON.stringify(reference)) continue;
          const { name, query, variables } = operation;
          mismatches.push({ name, path, query, variables, served: result, reference });
        }
      }),
    ),
  );
  return { mismatches, results };
}

const post = (operation: OracleOperation) => postOperation(stack.gateway, operation);
let url: string;
const lane = (operation: OracleOperation) => postOverListener(url, operation);
/** How many requests the compiled lane answered so far. */
const compiled = async () => (await laneCounts(stack)).get('compiled') ?? 0;
/** How many of those ran through a compiled plan (server/lane/plan.ts) rather than graphql-js' execute. */
const planned = () => plannedCount(stack);
const sse = (operation: OracleOperation) => sseFirstEvent(stack.gateway, operation);
const socket = (operation: OracleOperation) => webSocketFirstEvent(ws, operation);
const answered = (result: WireResult) => result.data != null && result.errors === undefined;

beforeAll(async () => {
  stack = await startStack({
    sandbox: { stepMs: 0, kreaAssets: 40, argilAssets: 40, kreaJobs: 30, argilVideos: 12 },
    maxSubscriptionsPerClient: 1_000,
    // Generous on a busy machine: a timeout on one side only would be a false mismatch.
    upstreamTimeoutMs: 30_000,
  });
  url = await stack.listen();
  ws = webSocketClient(url);
  pools = valuePools(stack.sandbox.tenants[0]!.data);
});

afterAll(async () => {
  await ws?.dispose();
  await stack?.close();
});

describe('the served path answers as graphql-js does', () => {
  it('subscriptions, with literal or variable arguments, over SSE and WebSocket', async () => {
    const operations = expand(subscriptionTemplates(pools), () => ALL_FORMS);
    const { mismatches, results } = await compare(operations, { sse, webSocket: socket });
    expect(mismatches).toEqual([]);
    // The corpus reaches the providers: most subscriptions emit their object.
    expect(results.filter(answered).length).toBeGreaterThan(operations.length / 2);
  });

  it('hand-written queries and mutations over every argument kind, fragment, alias and directive', async () => {
    const operations = expand(operationTemplates(pools), () => ALL_FORMS);
    const before = await compiled();
    const plannedBefore = await planned();
    const { mismatches, results } = await compare(operations, { post, lane });
    expect(mismatches).toEqual([]);
    // Compiled plans ran a good share (mutations, fragments and variable defaults run on graphql-js).
    expect((await planned()) - plannedBefore).toBeGreaterThan(operations.length / 4);
    // The compiled lane answered most of them itself (refusals of bad variables and documents are yoga's).
    expect((await compiled()) - before).toBeGreaterThan(operations.length / 2);
    expect(results.filter(answered).length).toBeGreaterThan(operations.length / 3);
    // Every mutation of the corpus, both ways, was refused before anything was sent.
    expect(stack.sandbox.controls.calls.filter((call) => call.method !== 'GET')).toEqual([]);
  });

  it('the queries the README and the e2e tests send', async () => {
    const operations = harvestedOperations(schema);
    expect(operations.length).toBeGreaterThanOrEqual(50);
    const before = await compiled();
    const plannedBefore = await planned();
    const { mismatches, results } = await compare(operations, { post, lane });
    expect(mismatches).toEqual([]);
    expect((await planned()) - plannedBefore).toBeGreaterThan(operations.length / 2);
    expect((await compiled()) - before).toBe(operations.length);
    expect(results.filter(answered).length).toBeGreaterThan(operations.length / 2);
  });

  it('generated queries: the same arguments as literals and as variables', async () => {
    const templates = generateTemplates(schema, pools, { seed: 22, count: 280 });
    // Every template as literals and as variables; every fourth also as defaults or mixed.
    const operations = expand(templates, (index) =>
      index % 4 === 0 ? ['literal', 'variables', index % 8 === 0 ? 'defaults' : 'mixed'] : ['literal', 'variables'],
    );
    expect(operations.length).toBeGreaterThanOrEqual(500);
    const before = await compiled();
    const plannedBefore = await planned();
    const { mismatches, results } = await compare(operations, { post, lane });
    expect((await compiled()) - before).toBeGreaterThan(operations.length / 2);
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect((await planned()) - plannedBefore).toBeGreaterThan(operations.length / 3);
    expect(results.filter(answered).length).toBeGreaterThan(operations.length / 2);
  });

  it('generated subscriptions over SSE and WebSocket', async () => {
    const templates = generateTemplates(schema, pools, { seed: 23, count: 24, root: 'Subscription' });
    const operations = expand(templates, () => ['literal', 'variables']);
    const { mismatches } = await compare(operations, { sse, webSocket: socket });
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
