/**
 * Malformed client input is the client's mistake (issue 22, item 8): a
 * document nested thousands of brackets deep (graphql-js would overflow its
 * stack parsing it), over HTTP and over WebSocket, and malformed JSON in a
 * GET's `variables` or `extensions`. Each is a 4xx with a documented code,
 * logged at info at most, with nothing sent upstream.
 */
import { createClient } from 'graphql-ws';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../../src/logger.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

let stack: Stack;
let url: string;
const logs: string[] = [];

beforeAll(async () => {
  stack = await startStack({
    sandbox: { kreaAssets: 5, argilAssets: 5, kreaJobs: 2 },
    gateway: { logger: createLogger('debug', { write: (line: string) => void logs.push(line) }) },
  });
  url = await stack.listen();
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.sandbox.controls.resetCalls();
  logs.length = 0;
});

/** ~4 KB: 2,000 nested lists as an argument value. */
const DEEP = `{ kreaAssets(first: 1, after: ${'['.repeat(2_000)}${']'.repeat(2_000)}) { nodes { id } } }`;

const levels = () => logs.map((line) => (JSON.parse(line) as { level: number }).level);

interface Answer {
  status: number;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

async function send(path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await stack.gateway.fetch(`http://gateway${path}`, init);
  return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
}

describe('a document nested too deep to parse', () => {
  it('is GRAPHQL_PARSE_FAILED with a 400 over HTTP, logged at info at most', async () => {
    const answer = await send('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: DEEP }),
    });
    expect(answer.status).toBe(400);
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(answer.errors?.[0]?.message).toMatch(/nests brackets more than 100 deep/);
    expect(levels().length).toBeGreaterThan(0);
    expect(Math.max(...levels())).toBeLessThanOrEqual(30);
    expect(stack.sandbox.controls.calls).toHaveLength(0);

    // Brackets in strings, block strings and comments nest nothing: that document is parsed and run.
    const brackets = '['.repeat(2_000);
    const quoted = `{ a: kreaAssets(first: 1, after: "${brackets}") { nodes { id } } b: kreaAssets(first: 1, after: """${brackets}\\"""""") { nodes { id } } } # ${'{'.repeat(2_000)}`;
    const parsed = await send('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: quoted }),
    });
    // The cursors themselves are refused, by the fields.
    expect(parsed.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
  });

  it('is GRAPHQL_PARSE_FAILED over WebSocket too', async () => {
    const client: Client = createClient({
      url: url.replace(/^http/, 'ws'),
      retryAttempts: 0,
      webSocketImpl: WebSocket,
    });
    try {
      const errors = await new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: DEEP },
          { next: () => undefined, error: resolve, complete: () => resolve(undefined) },
        );
      });
      expect(Array.isArray(errors)).toBe(true);
      const codes = (errors as Array<{ extensions?: { code?: string } }>).map((error) => error.extensions?.code);
      expect(codes).toEqual(['GRAPHQL_PARSE_FAILED']);
    } finally {
      await client.dispose();
    }
    expect(levels().every((level) => level <= 30)).toBe(true);
    expect(stack.sandbox.controls.calls).toHaveLength(0);
  });
});

describe('malformed JSON in GET parameters', () => {
  for (const name of ['variables', 'extensions']) {
    it(`\`${name}={bad\` is a 400 BAD_USER_INPUT naming the parameter, logged at info at most`, async () => {
      const query = encodeURIComponent('{__typename}');
      const answer = await send(`/graphql?query=${query}&${name}=${encodeURIComponent('{bad')}`, {
        headers: { accept: 'application/json' },
      });
      expect(answer.status).toBe(400);
      expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(answer.errors?.[0]?.message).toBe(`The request parameter \`${name}\` is not valid JSON`);
      expect(Math.max(...levels())).toBeLessThanOrEqual(30);
    });
  }

  it('the same in a form POST', async () => {
    const answer = await send('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        'x-graphql-yoga-csrf': '1',
      },
      body: `query=${encodeURIComponent('{__typename}')}&variables=${encodeURIComponent('{bad')}`,
    });
    expect(answer.status).toBe(400);
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(Math.max(...levels())).toBeLessThanOrEqual(30);
  });
});
