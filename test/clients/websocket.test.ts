/**
 * Subscriptions (and one-off operations) over WebSocket with the clients a
 * web team uses: Apollo Client's GraphQLWsLink over graphql-ws, on the
 * gateway's own listener. Credentials, gateway keys, limits, safe errors and
 * teardown as over HTTP.
 */
import { ApolloClient, gql, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { createClient } from 'graphql-ws';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startStack } from '../helpers/stack.js';

// Node 20 has no global WebSocket; Apollo's link looks for one to recognise close events.
globalThis.WebSocket ??= WebSocket as unknown as typeof globalThis.WebSocket;
import type { Stack } from '../helpers/stack.js';

const A = { kreaKey: 'krea-ws-a', argilKey: 'argil-ws-a' };
const B = { kreaKey: 'krea-ws-b', argilKey: 'argil-ws-b' };
const KEY = 'gateway-key-ws';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1_500; i++) {
    if (condition()) return;
    await sleep(10);
  }
  throw new Error(`gave up waiting for ${what}`);
}

const wsUrl = (httpUrl: string) => httpUrl.replace(/^http/, 'ws');

let stack: Stack;
let url: string;
const clients: Client[] = [];
function wsClient(connectionParams: Record<string, unknown>, extra: { headers?: Record<string, string> } = {}) {
  const client = createClient({
    url: wsUrl(url),
    connectionParams,
    retryAttempts: 0,
    lazy: true,
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols: string | string[]) {
        super(address, protocols, { headers: extra.headers });
      }
    },
  });
  clients.push(client);
  return client;
}
const tokens = (tenant: typeof A) => ({
  authorization: `Bearer ${KEY}`,
  'X-Krea-Token': tenant.kreaKey,
  'X-Argil-Api-Key': tenant.argilKey,
});

beforeAll(async () => {
  stack = await startStack({
    sandbox: { tenants: [A, B], kreaJobs: 5, kreaAssets: 5, argilAssets: 5 },
    kreaApiKey: null,
    argilApiKey: null,
    gateway: { gatewayApiKeys: [KEY] },
  });
  url = await stack.listen();
});
afterAll(async () => {
  for (const client of clients) await client.dispose();
  await stack.close();
});

describe('Apollo Client over GraphQLWsLink', () => {
  it('generates an image over the socket and follows its job to SUCCEEDED', async () => {
    const apollo = new ApolloClient({ link: new GraphQLWsLink(wsClient(tokens(A))), cache: new InMemoryCache() });
    const started = await apollo.mutate<{
      generateKreaImage: { job: { id: string; providerId: string; state: string } };
    }>({
      mutation: gql`
        mutation Generate($input: KreaImageGenerationInput!) {
          generateKreaImage(input: $input) {
            job {
              id
              providerId
              state
            }
          }
        }
      `,
      variables: { input: { bflFlux1Dev: { prompt: 'a fox over a socket' } } },
    });
    expect(started.error).toBeUndefined();
    const { id, providerId } = started.data!.generateKreaImage.job;
    // Made with tenant A's token, from the connection: only A has it.
    const has = (tenant: number) => stack.sandbox.tenants[tenant]!.data.kreaJobs.some((j) => j.job_id === providerId);
    expect([has(0), has(1)]).toEqual([true, false]);

    const states: string[] = [];
    let urls: string[] = [];
    await new Promise<void>((resolve, reject) => {
      apollo
        .subscribe<{ jobUpdates: { state: string; outputUrls: string[] } }>({
          query: gql`
            subscription Watch($id: ID!) {
              jobUpdates(id: $id) {
                id
                state
                outputUrls
              }
            }
          `,
          variables: { id },
        })
        .subscribe({
          next: (event) => {
            if (event.error) return reject(event.error);
            states.push(event.data!.jobUpdates.state);
            urls = event.data!.jobUpdates.outputUrls;
            stack.sandbox.advance();
          },
          error: reject,
          complete: resolve,
        });
    });
    expect(states[0]).toBe('QUEUED');
    expect(states[states.length - 1]).toBe('SUCCEEDED');
    expect(urls).toHaveLength(1);
    await until(() => stack.services.live.activePollers === 0, 'the poller to stop');
  });
});

describe('a graphql-ws connection', () => {
  const FIRST_ASSET = '{ kreaAssets(first: 1) { edges { node { providerId } } } }';
  const run = <T>(client: Client, query: string) =>
    new Promise<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>(
      (resolve, reject) => {
        let result: { data?: T; errors?: never } | undefined;
        client.subscribe<T>(
          { query },
          {
            next: (value) => void (result = value as never),
            error: (error) => (Array.isArray(error) ? resolve({ errors: error }) : reject(error)),
            complete: () => resolve(result!),
          },
        );
      },
    );

  it("reads with the connection's own credentials, from the payload or the upgrade's headers", async () => {
    type Assets = { kreaAssets: { edges: Array<{ node: { providerId: string } }> } };
    const first = (tenant: number) => stack.sandbox.tenants[tenant]!.data.kreaAssets[0]!.id;
    const fromPayload = await run<Assets>(wsClient(tokens(B)), FIRST_ASSET);
    expect(fromPayload.data!.kreaAssets.edges[0]!.node.providerId).toBe(first(1));
    const fromHeaders = await run<Assets>(wsClient({}, { headers: tokens(A) }), FIRST_ASSET);
    expect(fromHeaders.data!.kreaAssets.edges[0]!.node.providerId).toBe(first(0));
    expect(first(0)).not.toBe(first(1));
  });

  it('is closed with 4403 without a gateway key, and a bad key is not echoed', async () => {
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => {
      const client = createClient({
        url: wsUrl(url),
        connectionParams: { authorization: 'Bearer not-the-key' },
        retryAttempts: 0,
        webSocketImpl: WebSocket,
        on: { closed: (event) => resolve(event as { code: number; reason: string }) },
      });
      clients.push(client);
      client.subscribe({ query: '{ __typename }' }, { next() {}, error() {}, complete() {} });
    });
    expect(closed.code).toBe(4403);
    expect(closed.reason).not.toContain('not-the-key');
  });

  it('answers bad and too-deep operations with coded errors, not a closed socket', async () => {
    const client = wsClient(tokens(A));
    const unknown = await run(client, '{ nope }');
    expect(unknown.errors!.map((error) => error.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const deep = `{ __schema { types { fields { type { ${'ofType { '.repeat(14)}name${' }'.repeat(14)} } } } } }`;
    const tooDeep = await run(client, deep);
    expect(tooDeep.errors!.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    const syntax = await run(client, '{ kreaAssets(first: "');
    expect(syntax.errors!.map((error) => error.extensions?.code)).toEqual(['GRAPHQL_PARSE_FAILED']);
    // The same socket still serves.
    const fine = await run<{ __typename: string }>(client, '{ __typename }');
    expect(fine.data).toEqual({ __typename: 'Query' });
  });

  it('refuses an upgrade from a foreign origin, and other paths', async () => {
    const status = (path: string, headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(`${wsUrl(url).replace('/graphql', path)}`, 'graphql-transport-ws', { headers });
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.on('open', () => {
          socket.close();
          resolve(101);
        });
      });
    expect(await status('/graphql', { origin: 'https://evil.example' })).toBe(403);
    expect(await status('/metrics', {})).toBe(404);
    expect(await status('/graphql', { origin: new URL(url).origin })).toBe(101);
  });

  it('tears a subscription down when its socket drops: the poller stops, the count returns', async () => {
    const started = await stack.query<{ generateKreaImage: { job: { id: string } } }>(
      'mutation { generateKreaImage(input: { bflFlux1Dev: { prompt: "dropped" } }) { job { id } } }',
      {},
      tokens(A),
    );
    const id = started.data!.generateKreaImage.job.id;
    const metrics = async () => (await fetch(url.replace('/graphql', '/metrics'))).text();
    const open = async () => Number(/^mediagraph_websockets_open (\d+)$/m.exec(await metrics())![1]);
    const before = await open();
    const socket = new WebSocket(wsUrl(url), 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    const messages: Array<{ type: string }> = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data)) as { type: string }));
    socket.send(JSON.stringify({ type: 'connection_init', payload: tokens(A) }));
    await until(() => messages.some((m) => m.type === 'connection_ack'), 'the ack');
    expect(await open()).toBe(before + 1);
    socket.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: { query: 'subscription($id: ID!) { jobUpdates(id: $id) { state } }', variables: { id } },
      }),
    );
    await until(() => messages.some((m) => m.type === 'next'), 'the first event');
    expect(stack.services.live.activePollers).toBe(1);
    socket.terminate();
    await until(() => stack.services.live.activePollers === 0, 'the poller to stop');
    expect(await metrics()).toMatch(/^mediagraph_subscriptions_open 0$/m);
    // Other tests' clients stay connected until afterAll: this socket counted once, then not at all.
    expect(await open()).toBe(before);
  });
});
