/**
 * `npm start` as a newcomer runs it: its build, then the bundle in a child
 * process with nothing configured, which must start the sandbox and serve
 * GraphiQL and the example query.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { EXAMPLE_QUERY } from '../../src/server/graphiql.js';
import { graphqlData } from '../helpers/http.js';

// Child processes and a build: on a busy 2-core machine each step may take many seconds.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 180_000 });

const root = new URL('../..', import.meta.url).pathname;
const scripts = (JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { scripts: Record<string, string> })
  .scripts;
/** What `npm start` runs after its `prestart` build: `node <flags> dist/main.js`. */
const startArgs = scripts.start!.split(/\s+/).slice(1);

beforeAll(() => {
  const build = spawnSync('npm', ['run', '-s', 'prestart'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run prestart failed: ${build.stderr}`);
});

function start(env: Record<string, string>): ChildProcessWithoutNullStreams {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(KREA|ARGIL|SANDBOX|PORT|HOST|GATEWAY)/.test(key)),
  );
  return spawn(process.execPath, startArgs, {
    cwd: root,
    env: { ...clean, LOG_LEVEL: 'silent', ...env },
  });
}

function output(child: ChildProcessWithoutNullStreams, stream: 'stdout' | 'stderr') {
  let text = '';
  child[stream].on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}

function listening(child: ChildProcessWithoutNullStreams): Promise<string> {
  const stdout = output(child, 'stdout');
  const stderr = output(child, 'stderr');
  return new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /listening on (http:\/\/[^\s]+)\/graphql/.exec(stdout());
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      }
    }, 50);
    child.once('exit', () => {
      clearInterval(timer);
      reject(new Error(`exited early: ${stderr()}`));
    });
  });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('npm start with nothing configured', () => {
  let child: ChildProcessWithoutNullStreams;
  let base: string;

  beforeAll(async () => {
    // Sandbox time runs fast, so a generated job finishes within the test.
    child = start({ PORT: '0', SHUTDOWN_GRACE_MS: '0', SANDBOX_STEP_MS: '50' });
    base = await listening(child);
  });
  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('serves GraphiQL from its own origin (no CDN), opening on the example query', async () => {
    const response = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('NewestAssets');
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    expect(html).not.toMatch(/<link[^>]+href="https?:/);
    const script = /<script src="(\/graphiql\/[^"]+\.js)"/.exec(html)?.[1];
    const loaded = await fetch(new URL(script!, base));
    expect(loaded.status).toBe(200);
    expect(await loaded.text()).toContain('renderYogaGraphiQL');
  });

  it('answers the example query with sandbox data and no keys', async () => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: EXAMPLE_QUERY }),
    });
    const body = (await response.json()) as {
      errors?: unknown;
      data: { kreaAssets: { edges: unknown[] }; argilAssets: { totalCount: number; nodes: unknown[] } };
    };
    expect(body.errors).toBeUndefined();
    expect(body.data.kreaAssets.edges).toHaveLength(5);
    expect(body.data.argilAssets.nodes).toHaveLength(5);
    expect(body.data.argilAssets.totalCount).toBeGreaterThan(5);
  });

  it('generates an image with no keys, watches it finish, and serves the picture', async () => {
    const graphql = <T>(query: string, variables: Record<string, unknown>) =>
      graphqlData<T>(`${base}/graphql`, query, variables);
    const started = await graphql<{ generateKreaImage: { job: { id: string } } }>(
      'mutation($input: KreaImageGenerationInput!) { generateKreaImage(input: $input) { job { id } } }',
      { input: { bflFlux1Dev: { prompt: 'a lighthouse at dusk' } } },
    );
    const id = started.generateKreaImage.job.id;
    let job: { state: string; outputUrls: string[] } | undefined;
    for (let i = 0; i < 600 && job?.state !== 'SUCCEEDED'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const answer = await graphql<{ node: { state: string; outputUrls: string[] } }>(
        'query($id: ID!) { node(id: $id) { ... on Job { state outputUrls } } }',
        { id },
      );
      job = answer.node;
    }
    expect(job?.state).toBe('SUCCEEDED');
    const picture = await fetch(job!.outputUrls[0]!);
    expect(picture.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await picture.arrayBuffer())
        .subarray(1, 4)
        .toString('latin1'),
    ).toBe('PNG');
  });

  it('follows a generated job over WebSocket, and answers a persisted query by its hash over GET', async () => {
    const started = await graphqlData<{ generateKreaImage: { job: { id: string } } }>(
      `${base}/graphql`,
      'mutation { generateKreaImage(input: { bflFlux1Dev: { prompt: "over a socket" } }) { job { id } } }',
    );
    const client = createClient({
      url: `${base.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    try {
      const states: string[] = [];
      const events = client.iterate<{ jobUpdates: { state: string } }>({
        query: 'subscription($id: ID!) { jobUpdates(id: $id) { state } }',
        variables: { id: started.generateKreaImage.job.id },
      });
      for await (const event of events) states.push(event.data!.jobUpdates.state);
      expect(states.at(-1)).toBe('SUCCEEDED');
    } finally {
      await client.dispose();
    }
    const query = '{ kreaAssets(first: 1) { edges { node { providerId } } } }';
    const extensions = (withText: boolean) =>
      encodeURIComponent(
        JSON.stringify({
          persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') },
        }),
      ) + (withText ? `&query=${encodeURIComponent(query)}` : '');
    const miss = (await (await fetch(`${base}/graphql?extensions=${extensions(false)}`)).json()) as {
      errors: Array<{ extensions: { code: string } }>;
    };
    expect(miss.errors[0]!.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = (await (await fetch(`${base}/graphql?extensions=${extensions(true)}`)).json()) as {
      data: unknown;
    };
    const hit = (await (await fetch(`${base}/graphql?extensions=${extensions(false)}`)).json()) as { data: unknown };
    expect(hit.data).toEqual(registered.data);
    expect(hit.data).toBeTruthy();
  });

  it('lists avatars and voices, creates and renders an Argil video, watches it beside Krea’s jobs, pages through jobs', async () => {
    const graphql = <T>(query: string, variables: Record<string, unknown> = {}) =>
      graphqlData<T>(`${base}/graphql`, query, variables);
    const cast = await graphql<{
      argilAvatars: { providerId: string; status: string }[];
      argilVoices: { providerId: string }[];
    }>('{ argilAvatars { providerId status } argilVoices { providerId } }');
    const avatar = cast.argilAvatars.find((a) => a.status === 'IDLE')!;
    const created = await graphql<{ createArgilVideo: { video: { id: string; state: string } } }>(
      'mutation($input: CreateArgilVideoInput!) { createArgilVideo(input: $input) { video { id state } } }',
      {
        input: {
          name: 'newcomer',
          moments: [{ avatarId: avatar.providerId, voiceId: cast.argilVoices[0]!.providerId, transcript: 'Hi!' }],
        },
      },
    );
    expect(created.createArgilVideo.video.state).toBe('DRAFT');
    const id = created.createArgilVideo.video.id;
    await graphql('mutation($id: ID!) { renderArgilVideo(id: $id) { video { state } } }', { id });
    let state = '';
    for (let i = 0; i < 600 && state !== 'SUCCEEDED'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      state = (
        await graphql<{ node: { state: string } }>('query($id: ID!) { node(id: $id) { ... on Job { state } } }', { id })
      ).node.state;
    }
    expect(state).toBe('SUCCEEDED');
    const page = await graphql<{ jobs: { nodes: { __typename: string }[]; pageInfo: { hasNextPage: boolean } } }>(
      '{ jobs(first: 30) { nodes { __typename state } pageInfo { hasNextPage } } }',
    );
    const kinds = new Set(page.jobs.nodes.map((n) => n.__typename));
    expect(kinds).toEqual(new Set(['KreaJob', 'ArgilVideo']));
    expect(page.jobs.pageInfo.hasNextPage).toBe(true);
  });

  it('answers /healthz and /readyz, then drains and exits 0 on SIGTERM', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const exit = exited(child);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});

describe('graceful shutdown', () => {
  it('turns /readyz to 503 on SIGTERM, finishes the request in flight, then exits 0', async () => {
    // A grace long enough that /readyz is still answered (503) however slow the machine is.
    const child = start({ PORT: '0', SANDBOX_LATENCY_MS: '800', SHUTDOWN_GRACE_MS: '3000' });
    try {
      const base = await listening(child);
      const inFlight = fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ kreaAssets(first: 2) { nodes { id } } }' }),
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const exit = exited(child);
      child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      const response = await inFlight;
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data: { kreaAssets: { nodes: unknown[] } } };
      expect(body.data.kreaAssets.nodes).toHaveLength(2);
      expect(await exit).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

describe('npm start with a bad configuration', () => {
  it('stops at once with one line naming the variable', async () => {
    const child = start({ PORT: 'abc' });
    const stderr = output(child, 'stderr');
    expect(await exited(child)).toBe(1);
    const lines = stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PORT/);
  });
});
