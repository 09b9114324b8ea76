import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KREA_MAX_UPLOAD_BYTES } from '../../src/providers/krea/uploads/media.js';
import { collect, CSRF, pngOfSize, postMultipart } from '../helpers/multipart.js';
import type { MultipartFile } from '../helpers/multipart.js';
import { codes, startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const UPLOAD = /* GraphQL */ `
  mutation Upload($file: File!, $description: String) {
    uploadKreaAsset(input: { file: $file, description: $description }) {
      asset {
        id
        providerId
        kind
        mimeType
        sizeBytes
        description
        status
        url
      }
    }
  }
`;

interface Uploaded {
  uploadKreaAsset: {
    asset: { id: string; providerId: string; kind: string; mimeType: string; sizeBytes: number; description: string };
  };
}

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let stack: Stack;
let url: string;

beforeAll(async () => {
  stack = await startStack({ sandbox: { kreaAssets: 20, argilAssets: 20, kreaJobs: 20 } });
  url = await stack.listen();
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.sandbox.controls.resetCalls();
  stack.sandbox.controls.uploads.length = 0;
});

const upload = (file: MultipartFile, description?: string, headers?: Record<string, string>) =>
  postMultipart<Uploaded>(
    url,
    { query: UPLOAD, variables: { file: null, description } },
    { 0: { paths: ['variables.file'], file } },
    headers,
  );

describe('uploadKreaAsset', () => {
  it('streams the file to Krea: the sandbox receives exactly the bytes sent, with the description', async () => {
    const file = pngOfSize(300_000, 7);
    const bytes = await collect(file);
    const response = await upload(file, 'a test picture');
    expect(response.body.errors).toBeUndefined();
    const asset = response.body.data!.uploadKreaAsset.asset;
    expect(asset).toMatchObject({
      kind: 'IMAGE',
      mimeType: 'image/png',
      sizeBytes: 300_000,
      description: 'a test picture',
    });
    expect(stack.sandbox.controls.uploads).toEqual([
      expect.objectContaining({
        size: bytes.length,
        sha256: sha256(bytes),
        description: 'a test picture',
        mimeType: 'image/png',
      }),
    ]);

    const found = await stack.query<{ node: { providerId: string }; kreaAssets: { nodes: { providerId: string }[] } }>(
      'query($id: ID!) { node(id: $id) { ... on KreaAsset { providerId } } kreaAssets(first: 3) { nodes { providerId } } }',
      { id: asset.id },
    );
    expect(found.data!.node.providerId).toBe(asset.providerId);
    expect(found.data!.kreaAssets.nodes.map((node) => node.providerId)).toContain(asset.providerId);
  });

  it('judges the type by the leading bytes: a PDF named .png never reaches Krea', async () => {
    const pdf: MultipartFile = {
      filename: 'cat.png',
      contentType: 'image/png',
      async *chunks() {
        yield Buffer.from('%PDF-1.7\n' + 'x'.repeat(5000));
      },
    };
    const response = await upload(pdf);
    expect(codes({ status: 200, headers: new Headers(), ...response.body })).toEqual(['BAD_USER_INPUT']);
    expect(stack.sandbox.controls.count('krea', 'POST')).toBe(0);
  });

  it('refuses a file just over 75 MB, generated as a stream, and Krea records no completed upload', async () => {
    const response = await upload(pngOfSize(KREA_MAX_UPLOAD_BYTES + 1, 'zeros'));
    expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(response.body.errors![0]!.message).toMatch(/75 MB/);
    expect(stack.sandbox.controls.uploads).toHaveLength(0);
    // It was streamed (Krea saw the request start) but never completed.
    expect(stack.sandbox.controls.count('krea', 'POST', '/assets')).toBe(1);
    // The gateway is fine afterwards.
    const after = await upload(pngOfSize(1000, 3));
    expect(after.body.errors).toBeUndefined();
  });

  it('keeps CSRF prevention on: a multipart request without a preflight header is refused unread', async () => {
    const response = await upload(pngOfSize(1000), undefined, {});
    expect(response.status).toBe(403);
    expect(stack.sandbox.controls.calls).toHaveLength(0);
  });

  it('refuses a file written inline instead of sent as a part', async () => {
    const response = await stack.query(UPLOAD, { file: 'not a file' }, CSRF);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('importArgilAsset', () => {
  const IMPORT = /* GraphQL */ `
    mutation Import($input: ImportArgilAssetInput!) {
      importArgilAsset(input: $input) {
        asset {
          id
          providerId
          name
          type
          status
          url
        }
      }
    }
  `;

  it('imports by URL and answers the PROCESSING asset, which the request can load again for free', async () => {
    const response = await stack.query<{
      importArgilAsset: { asset: { providerId: string; status: string; name: string } };
    }>(IMPORT, { input: { url: 'https://example.com/clip.mp4', name: 'clip', type: 'VIDEO' } });
    expect(response.errors).toBeUndefined();
    expect(response.data!.importArgilAsset.asset).toMatchObject({ status: 'PROCESSING', name: 'clip' });
    const call = stack.sandbox.controls.calls.find((c) => c.method === 'POST')!;
    expect(call.status).toBe(201);
    const stored = stack.sandbox.tenants[0]!.data.argilAssets.find(
      (a) => a.id === response.data!.importArgilAsset.asset.providerId,
    );
    expect(stored).toMatchObject({ name: 'clip', type: 'VIDEO', status: 'PROCESSING' });
  });

  it('checks name, URL scheme and type before any upstream call', async () => {
    const cases = [
      { url: 'https://example.com/a.png', name: '', type: 'IMAGE' },
      { url: 'https://example.com/a.png', name: 'x'.repeat(257), type: 'IMAGE' },
      { url: 'ftp://example.com/a.png', name: 'a', type: 'IMAGE' },
      { url: 'not a url', name: 'a', type: 'IMAGE' },
      { url: 'https://example.com/a.mp3', name: 'a', type: 'AUDIO' },
    ];
    for (const input of cases) {
      const response = await stack.query(IMPORT, { input });
      expect(codes(response), JSON.stringify(input)).toEqual(['BAD_USER_INPUT']);
    }
    expect(stack.sandbox.controls.calls).toHaveLength(0);
    const longest = await stack.query(IMPORT, {
      input: { url: 'https://example.com/a.png', name: 'é'.repeat(256), type: 'IMAGE' },
    });
    expect(longest.errors).toBeUndefined();
  });
});

describe('deleteAsset and deleteKreaJob', () => {
  const DELETE = 'mutation($id: ID!) { deleteAsset(id: $id) { deletedId } }';
  const DELETE_JOB = 'mutation($id: ID!) { deleteKreaJob(id: $id) { deletedId } }';

  it('deletes on either provider, after which the object is gone and a second delete is NOT_FOUND', async () => {
    const data = stack.sandbox.tenants[0]!.data;
    for (const id of [gid('KreaAsset', data.kreaAssets[5]!.id), gid('ArgilAsset', data.argilAssets[5]!.id)]) {
      const deleted = await stack.query<{ deleteAsset: { deletedId: string } }>(DELETE, { id });
      expect(deleted.errors).toBeUndefined();
      expect(deleted.data!.deleteAsset.deletedId).toBe(id);
      const gone = await stack.query<{ node: null }>('query($id: ID!) { node(id: $id) { id } }', { id });
      expect(gone.data!.node).toBeNull();
      const again = await stack.query(DELETE, { id });
      expect(codes(again)).toEqual(['NOT_FOUND']);
      expect(again.errors![0]!.extensions!.provider).toBe(
        id.startsWith(gid('Krea', '').slice(0, 4)) ? 'KREA' : 'ARGIL',
      );
    }
    expect(stack.sandbox.controls.count('argil', 'DELETE')).toBe(2);
    expect(stack.sandbox.controls.count('krea', 'DELETE')).toBe(2);
  });

  it('cancels a queued job', async () => {
    const job = stack.sandbox.tenants[0]!.data.kreaJobs.find((j) => j.status === 'queued')!;
    const response = await stack.query(DELETE_JOB, { id: gid('KreaJob', job.job_id) });
    expect(response.errors).toBeUndefined();
    expect(job.status).toBe('cancelled');
  });

  it('refuses an id of the wrong type or a malformed one, with no upstream call', async () => {
    const job = stack.sandbox.tenants[0]!.data.kreaJobs[0]!.job_id;
    const asset = stack.sandbox.tenants[0]!.data.kreaAssets[0]!.id;
    for (const [query, id] of [
      [DELETE, gid('KreaJob', job)],
      [DELETE, 'garbage'],
      [DELETE, gid('KreaAsset', 'not-a-uuid')],
      [DELETE_JOB, gid('KreaAsset', asset)],
      [DELETE_JOB, '!!'],
    ] as const) {
      const response = await stack.query(query, { id });
      expect(codes(response), id).toEqual(['BAD_USER_INPUT']);
    }
    expect(stack.sandbox.controls.calls).toHaveLength(0);
  });
});

describe('writes without credentials', () => {
  it('answer UNAUTHENTICATED for the provider concerned, without calling it', async () => {
    const bare = await startStack({ kreaApiKey: null, argilApiKey: null });
    try {
      const bareUrl = await bare.listen();
      const uploaded = await postMultipart(
        bareUrl,
        { query: UPLOAD, variables: { file: null } },
        {
          0: { paths: ['variables.file'], file: pngOfSize(2000) },
        },
      );
      expect(uploaded.body.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', provider: 'KREA' });
      const imported = await bare.query(
        'mutation { importArgilAsset(input: { url: "https://e.com/a.png", name: "a", type: IMAGE }) { asset { id } } }',
      );
      expect(imported.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', provider: 'ARGIL' });
      const deleted = await bare.query('mutation($id: ID!) { deleteAsset(id: $id) { deletedId } }', {
        id: gid('ArgilAsset', randomUUID()),
      });
      expect(deleted.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', provider: 'ARGIL' });
      expect(bare.sandbox.controls.calls).toHaveLength(0);
    } finally {
      await bare.close();
    }
  });
});
