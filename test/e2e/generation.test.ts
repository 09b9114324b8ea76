/**
 * Making media through the graph, over the sandbox (issue 12): every
 * generation endpoint of Krea's document with a minimal valid input built
 * here from the document, the body Krea receives exactly, refusals before
 * any upstream call, idempotency, jobs watched to SUCCEEDED with a picture
 * that opens, styles and node apps.
 */
import { readFileSync } from 'node:fs';
import { createClient } from 'graphql-sse';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '../../src/sandbox/tenants.js';
import { codes, startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
};
const document = JSON.parse(readFileSync(new URL('../../specs/krea-openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, { post?: { requestBody?: { content: Record<string, { schema: Schema }> } } }>;
};
const ONE_OF: Record<string, { input: string; mutation: string }> = {
  image: { input: 'KreaImageGenerationInput', mutation: 'generateKreaImage' },
  video: { input: 'KreaVideoGenerationInput', mutation: 'generateKreaVideo' },
  enhance: { input: 'KreaImageEnhanceInput', mutation: 'enhanceKreaImage' },
};
const camel = (snake: string) => snake.replace(/_(.)/g, (_, c: string) => c.toUpperCase());
const member = (rest: string) =>
  rest
    .split(/[/\-._]/)
    .filter(Boolean)
    .map((word, i) => (i === 0 ? word.toLowerCase() : word[0]!.toUpperCase() + word.slice(1)))
    .join('');

/** The smallest valid value of a schema: Krea's body (snake_case) and the GraphQL value (camelCase where typed). */
function minimal(schema: Schema): { body: unknown; graphql: unknown } {
  const branch = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (branch) return minimal(branch);
  if (schema.const !== undefined) return { body: schema.const, graphql: schema.const };
  if (schema.enum) return { body: schema.enum[0], graphql: schema.enum[0] };
  const type = (Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type) ?? 'object';
  switch (type) {
    case 'string': {
      const value =
        schema.format === 'uri' ? 'https://example.com/input.png' : 'a'.repeat(Math.max(1, schema.minLength ?? 1));
      return { body: value, graphql: value };
    }
    case 'integer':
    case 'number': {
      const value = schema.minimum ?? Math.min(1, schema.maximum ?? 1);
      return { body: value, graphql: value };
    }
    case 'boolean':
      return { body: false, graphql: false };
    case 'array': {
      const items = Array.from({ length: schema.minItems ?? 0 }, () => minimal(schema.items ?? {}));
      return { body: items.map((i) => i.body), graphql: items.map((i) => i.graphql) };
    }
    default: {
      const body: Record<string, unknown> = {};
      const graphql: Record<string, unknown> = {};
      // An object without properties is a JSON field: passed on as written.
      const typed = schema.properties !== undefined && Object.keys(schema.properties).length > 0;
      for (const property of schema.required ?? []) {
        const value = minimal(schema.properties?.[property] ?? {});
        body[property] = value.body;
        graphql[typed ? camel(property) : property] = typed ? value.graphql : value.body;
      }
      return { body, graphql };
    }
  }
}

const endpoints = Object.entries(document.paths)
  .filter(([path, item]) => path.startsWith('/generate/') && item.post)
  .map(([path, item]) => {
    const [, modality, rest] = /^\/generate\/([^/]+)\/(.+)$/.exec(path)!;
    return {
      path,
      modality: modality!,
      member: member(rest!),
      schema: item.post!.requestBody!.content['application/json']!.schema,
    };
  });

const mutationFor = (modality: string) =>
  `mutation($input: ${ONE_OF[modality]!.input}!, $key: String) { ${ONE_OF[modality]!.mutation}(input: $input, idempotencyKey: $key) { job { id providerId state providerStatus isTerminal outputUrls } } }`;
const IMAGE = mutationFor('image');

/** A second credential: its idempotency keys are its own. */
const SECOND = { kreaKey: 'second-krea-key', argilKey: 'second-argil-key' };

type Job = { id: string; providerId: string; state: string; providerStatus: string; outputUrls: string[] };
type Generated = Record<string, { job: Job }>;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    sandbox: { tenants: [DEFAULT_TENANT, SECOND], kreaJobs: 5, kreaAssets: 5, argilAssets: 5 },
  });
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.sandbox.controls.resetCalls();
  stack.sandbox.controls.clearFaults();
});
const jobs = () => stack.sandbox.tenants[0]!.data.kreaJobs;

describe('every generation endpoint of the document', () => {
  it('has 22 image, 31 video and 3 enhance endpoints', () => {
    const count = (modality: string) => endpoints.filter((e) => e.modality === modality).length;
    expect([count('image'), count('video'), count('enhance')]).toEqual([22, 31, 3]);
  });

  for (const endpoint of endpoints) {
    it(`starts a job at POST ${endpoint.path} with a minimal input, sending exactly its body`, async () => {
      const { body, graphql } = minimal(endpoint.schema);
      const response = await stack.query<Generated>(mutationFor(endpoint.modality), {
        input: { [endpoint.member]: graphql },
      });
      expect(response.errors).toBeUndefined();
      const job = response.data![ONE_OF[endpoint.modality]!.mutation]!.job;
      expect(job).toMatchObject({ state: 'QUEUED', providerStatus: 'queued', outputUrls: [] });
      expect(stack.sandbox.controls.count('krea', 'POST', endpoint.path)).toBe(1);
      const received = jobs().find((j) => j.job_id === job.providerId)!;
      expect(received.request).toEqual(body);
    });
  }
});

describe('bad input is refused before any upstream call', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['out of range', { bflFlux1Dev: { prompt: 'a fox', steps: 101 } }, 'input.bflFlux1Dev.steps'],
    ['too long', { bflFlux1Dev: { prompt: 'x'.repeat(1_801) } }, 'input.bflFlux1Dev.prompt'],
    [
      'out of range in a list item',
      { bflFlux1Dev: { prompt: 'a', styles: [{ id: 's', strength: 3 }] } },
      'input.bflFlux1Dev.styles[0].strength',
    ],
    ['two members', { bflFlux1Dev: { prompt: 'a' }, googleImagen3: { prompt: 'b' } }, 'input'],
    ['no member', {}, 'input'],
  ];
  for (const [name, input, field] of cases) {
    it(`refuses ${name}, naming ${field}`, async () => {
      const response = await stack.query(IMAGE, { input });
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0]!.extensions!.field).toBe(field);
      expect(stack.sandbox.controls.calls).toHaveLength(0);
    });
  }

  it('refuses a value outside an enum', async () => {
    const response = await stack.query(mutationFor('enhance'), {
      input: {
        topazStandardEnhance: { imageUrl: 'https://example.com/a.png', width: 100, height: 100, model: 'Nope' },
      },
    });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0]!.extensions!.field).toBe('input.topazStandardEnhance.model');
    expect(stack.sandbox.controls.calls).toHaveLength(0);
  });

  it('refuses two members written inline (graphql-js checks @oneOf literals)', async () => {
    const response = await stack.query(
      'mutation { generateKreaImage(input: { bflFlux1Dev: { prompt: "a" }, googleImagen3: { prompt: "b" } }) { job { id } } }',
    );
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(stack.sandbox.controls.calls).toHaveLength(0);
  });
});

describe('what Krea refuses, and POSTs that are never sent twice', () => {
  it('answers INSUFFICIENT_CREDITS for a 402 and RATE_LIMITED for a 429, one POST each', async () => {
    for (const [status, code] of [
      [402, 'INSUFFICIENT_CREDITS'],
      [429, 'RATE_LIMITED'],
    ] as const) {
      stack.sandbox.controls.resetCalls();
      stack.sandbox.controls.injectFault({
        provider: 'krea',
        method: 'POST',
        path: '/generate/',
        kind: 'status',
        status,
        body: '{"error":"no"}',
      });
      const response = await stack.query(IMAGE, { input: { bflFlux1Dev: { prompt: 'a fox' } } });
      expect(codes(response)).toEqual([code]);
      expect(response.errors![0]!.extensions!.provider).toBe('KREA');
      expect(stack.sandbox.controls.count('krea', 'POST')).toBe(1);
    }
  });

  it('sends one POST for ten identical requests with one idempotency key, at once', async () => {
    const input = { bflFlux1Dev: { prompt: 'the same fox' } };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => stack.query<Generated>(IMAGE, { input, key: 'fox-1' })),
    );
    const ids = new Set(answers.map((a) => a.data!.generateKreaImage!.job.providerId));
    expect(ids.size).toBe(1);
    expect(stack.sandbox.controls.count('krea', 'POST')).toBe(1);
    const later = await stack.query<Generated>(IMAGE, { input, key: 'fox-1' });
    expect(later.data!.generateKreaImage!.job.providerId).toBe([...ids][0]);
    expect(stack.sandbox.controls.count('krea', 'POST')).toBe(1);
  });

  it('refuses the same key with another input; another credential’s key is its own', async () => {
    await stack.query(IMAGE, { input: { bflFlux1Dev: { prompt: 'one' } }, key: 'fox-2' });
    const other = await stack.query(IMAGE, { input: { bflFlux1Dev: { prompt: 'two' } }, key: 'fox-2' });
    expect(codes(other)).toEqual(['BAD_USER_INPUT']);
    expect(other.errors![0]!.extensions!.field).toBe('idempotencyKey');
    expect(stack.sandbox.controls.count('krea', 'POST')).toBe(1);
    // The same key under another credential is a new generation, of that credential's tenant.
    const second = await stack.query<Generated>(
      IMAGE,
      { input: { bflFlux1Dev: { prompt: 'two' } }, key: 'fox-2' },
      { 'x-krea-token': SECOND.kreaKey },
    );
    expect(second.errors).toBeUndefined();
    expect(stack.sandbox.controls.count('krea', 'POST')).toBe(2);
    const secondJobs = stack.sandbox.tenants[1]!.data.kreaJobs;
    expect(secondJobs.some((job) => job.job_id === second.data!.generateKreaImage!.job.providerId)).toBe(true);
    expect(jobs().some((job) => job.job_id === second.data!.generateKreaImage!.job.providerId)).toBe(false);
  });

  it('lets a key be used again after Krea refused the first try (no job was made)', async () => {
    stack.sandbox.controls.injectFault({
      provider: 'krea',
      method: 'POST',
      path: '/generate/',
      kind: 'status',
      status: 402,
    });
    const refused = await stack.query(IMAGE, { input: { bflFlux1Dev: { prompt: 'paid' } }, key: 'fox-3' });
    expect(codes(refused)).toEqual(['INSUFFICIENT_CREDITS']);
    const retried = await stack.query<Generated>(IMAGE, { input: { bflFlux1Dev: { prompt: 'paid' } }, key: 'fox-3' });
    expect(retried.errors).toBeUndefined();
    expect(stack.sandbox.controls.count('krea', 'POST')).toBe(2);
  });
});

describe('watching a generated job', () => {
  it('reaches SUCCEEDED through jobUpdates, with output URLs that answer with a PNG', async () => {
    const started = await stack.query<Generated>(IMAGE, { input: { bflFlux1Dev: { prompt: 'a fox at dawn' } } });
    const id = started.data!.generateKreaImage!.job.id;
    const client = createClient({ url: await stack.listen(), retryAttempts: 0 });
    try {
      const events = client.iterate<{ jobUpdates: { state: string; outputUrls: string[] } }>({
        query:
          'subscription($id: ID!) { jobUpdates(id: $id) { state providerStatus outputUrls ... on KreaJob { status } } }',
        variables: { id },
      });
      const states: string[] = [];
      let urls: string[] = [];
      for await (const event of events) {
        expect(event.errors).toBeUndefined();
        states.push(event.data!.jobUpdates.state);
        urls = event.data!.jobUpdates.outputUrls;
        stack.sandbox.advance();
      }
      expect(states[0]).toBe('QUEUED');
      expect(states).toContain('RUNNING');
      expect(states[states.length - 1]).toBe('SUCCEEDED');
      expect(urls).toHaveLength(1);
      const picture = await fetch(urls[0]!);
      expect(picture.status).toBe(200);
      expect(picture.headers.get('content-type')).toBe('image/png');
      const bytes = Buffer.from(await picture.arrayBuffer());
      expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    } finally {
      client.dispose();
    }
  });

  it('gives a finished video job an MP4', async () => {
    const started = await stack.query<Generated>(mutationFor('video'), {
      input: { klingKling21: { prompt: 'waves' } },
    });
    const providerId = started.data!.generateKreaVideo!.job.providerId;
    for (let i = 0; i < 8; i++) stack.sandbox.advance();
    const job = await stack.query<{ kreaJob: { outputUrls: string[]; state: string } }>(
      'query($id: UUID!) { kreaJob(id: $id) { state outputUrls } }',
      { id: providerId },
    );
    expect(job.data!.kreaJob.state).toBe('SUCCEEDED');
    const video = await fetch(job.data!.kreaJob.outputUrls[0]!);
    expect(video.headers.get('content-type')).toBe('video/mp4');
    expect(
      Buffer.from(await video.arrayBuffer())
        .subarray(4, 8)
        .toString('latin1'),
    ).toBe('ftyp');
  });
});

describe('webhooks, prepared', () => {
  it('asks Krea for a webhook to PUBLIC_URL when one is configured, and for none otherwise', async () => {
    const hooked = await startStack({
      sandbox: { kreaJobs: 1, kreaAssets: 1, argilAssets: 1 },
      gateway: {},
      webhooks: { publicUrl: 'https://media.example.com', secret: 'a-secret-of-sixteen-chars' },
    });
    try {
      const response = await hooked.query<Generated>(IMAGE, { input: { bflFlux1Dev: { prompt: 'hook' } } });
      const job = hooked.sandbox.tenants[0]!.data.kreaJobs.find(
        (j) => j.job_id === response.data!.generateKreaImage!.job.providerId,
      )!;
      expect(job.webhookUrl).toMatch(/^https:\/\/media\.example\.com\/webhooks\/krea\/[A-Za-z0-9_.-]+$/);
      expect(job.webhookUrl).not.toContain('sandbox-krea-key');
    } finally {
      await hooked.close();
    }
    const plain = await stack.query<Generated>(IMAGE, { input: { bflFlux1Dev: { prompt: 'no hook' } } });
    expect(jobs().find((j) => j.job_id === plain.data!.generateKreaImage!.job.providerId)!.webhookUrl).toBeUndefined();
  });
});

describe('styles', () => {
  type StylePage = {
    kreaStyles: {
      nodes: { providerId: string; models: string[] }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };

  it('walks every style once, in order, at several page sizes, one upstream call a page', async () => {
    const all = stack.sandbox.tenants[0]!.data.kreaStyles.map((s) => s.id);
    for (const first of [1, 7, 20, 45, 100]) {
      stack.sandbox.controls.resetCalls();
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const response: Awaited<ReturnType<typeof stack.query<StylePage>>> = await stack.query<StylePage>(
          'query($first: Int, $after: String) { kreaStyles(first: $first, after: $after) { nodes { providerId models } pageInfo { hasNextPage endCursor } } }',
          { first, after },
        );
        expect(response.errors).toBeUndefined();
        pages++;
        seen.push(...response.data!.kreaStyles.nodes.map((n) => n.providerId));
        after = response.data!.kreaStyles.pageInfo.hasNextPage ? response.data!.kreaStyles.pageInfo.endCursor : null;
      } while (after !== null && pages < 100);
      expect(seen).toEqual(all);
      expect(stack.sandbox.controls.count('krea', 'GET', '/styles')).toBe(pages);
    }
  });

  it('passes filters upstream and refuses a cursor used with other filters', async () => {
    const response = await stack.query<StylePage>(
      '{ kreaStyles(first: 50, model: "wan") { nodes { providerId models } pageInfo { hasNextPage endCursor } } }',
    );
    const nodes = response.data!.kreaStyles.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n) => n.models.includes('wan'))).toBe(true);
    const page = await stack.query<StylePage>(
      '{ kreaStyles(first: 2) { pageInfo { endCursor } nodes { providerId models } } }',
    );
    stack.sandbox.controls.resetCalls();
    const mixed = await stack.query(
      'query($after: String) { kreaStyles(first: 2, after: $after, model: "wan") { nodes { providerId } } }',
      {
        after: page.data!.kreaStyles.pageInfo.endCursor,
      },
    );
    expect(codes(mixed)).toEqual(['BAD_USER_INPUT']);
    expect(stack.sandbox.controls.calls).toHaveLength(0);
  });

  it('finds one style by id and by node, trains, updates, shares and unshares', async () => {
    const style = stack.sandbox.tenants[0]!.data.kreaStyles[0]!;
    const gid = Buffer.from(`KreaStyle:${style.id}`).toString('base64');
    const found = await stack.query(
      'query($id: String!, $gid: ID!) { kreaStyle(id: $id) { id title } node(id: $gid) { ... on KreaStyle { providerId } } }',
      {
        id: style.id,
        gid,
      },
    );
    expect(found.data).toEqual({ kreaStyle: { id: gid, title: style.title }, node: { providerId: style.id } });

    const trained = await stack.query<{ trainKreaStyle: { job: Job } }>(
      'mutation($input: KreaStyleTrainingInput!) { trainKreaStyle(input: $input) { job { providerId state } } }',
      { input: { flux: { name: 'my style', urls: ['https://example.com/1.png'], maxTrainSteps: 100 } } },
    );
    expect(trained.errors).toBeUndefined();
    const job = jobs().find((j) => j.job_id === trained.data!.trainKreaStyle.job.providerId)!;
    expect(job.request).toEqual({ name: 'my style', urls: ['https://example.com/1.png'], max_train_steps: 100 });
    const tooMany = await stack.query(
      'mutation($input: KreaStyleTrainingInput!) { trainKreaStyle(input: $input) { job { id } } }',
      {
        input: { flux: { name: 'x', urls: ['https://example.com/1.png'], maxTrainSteps: 5000 } },
      },
    );
    expect(codes(tooMany)).toEqual(['BAD_USER_INPUT']);

    const updated = await stack.query(
      'mutation($id: String!) { updateKreaStyle(id: $id, input: { title: "renamed" }) { title } }',
      { id: style.id },
    );
    expect(updated.data).toEqual({ updateKreaStyle: { title: 'renamed' } });
    const link = await stack.query<{ kreaStyleShareLink: { url: string } }>(
      'mutation($id: String!) { kreaStyleShareLink(id: $id) { url isNew } }',
      { id: style.id },
    );
    expect(link.data!.kreaStyleShareLink.url).toContain(style.id);
    const shared = await stack.query(
      'mutation($id: String!) { shareKreaStyleWithWorkspace(id: $id) { styleId isDefault } }',
      { id: style.id },
    );
    expect(shared.data).toEqual({ shareKreaStyleWithWorkspace: { styleId: style.id, isDefault: true } });
    const unshared = await stack.query('mutation($id: String!) { unshareKreaStyleFromWorkspace(id: $id) }', {
      id: style.id,
    });
    expect(unshared.data).toEqual({ unshareKreaStyleFromWorkspace: true });
  });
});

describe('node apps', () => {
  it('shows an app’s schemas and executes it with a valid input; an invalid one never reaches Krea', async () => {
    const app = stack.sandbox.tenants[0]!.data.kreaNodeApps[1]!;
    const shown = await stack.query<{ kreaNodeApp: { name: string; inputSchema: { required: string[] } } }>(
      'query($id: String!) { kreaNodeApp(id: $id) { id name inputSchema outputSchema } }',
      { id: app.id },
    );
    expect(shown.data!.kreaNodeApp.name).toBe(app.name);
    expect(shown.data!.kreaNodeApp.inputSchema.required).toEqual(['image_url', 'factor']);

    const EXECUTE =
      'mutation($id: String!, $input: JSON!) { executeKreaNodeApp(id: $id, input: $input) { jobs { providerId state } } }';
    stack.sandbox.controls.resetCalls();
    const invalid = await stack.query(EXECUTE, {
      id: app.id,
      input: { image_url: 'https://example.com/a.png', factor: 9 },
    });
    expect(codes(invalid)).toEqual(['BAD_USER_INPUT']);
    expect(invalid.errors![0]!.extensions!.field).toBe('input.factor');
    expect(stack.sandbox.controls.count('krea', 'POST')).toBe(0);

    const valid = await stack.query<{ executeKreaNodeApp: { jobs: Job[] } }>(EXECUTE, {
      id: app.id,
      input: { image_url: 'https://example.com/a.png', factor: 2, mode: 'fast' },
    });
    expect(valid.errors).toBeUndefined();
    expect(valid.data!.executeKreaNodeApp.jobs).toHaveLength(1);
    expect(stack.sandbox.controls.count('krea', 'POST', `/node-apps/${app.id}/execute`)).toBe(1);
    const job = jobs().find((j) => j.job_id === valid.data!.executeKreaNodeApp.jobs[0]!.providerId)!;
    expect(job.request).toEqual({ image_url: 'https://example.com/a.png', factor: 2, mode: 'fast' });
  });
});
