/**
 * Typed clients and Relay: the example client works against the gateway,
 * and both code generators validate operations against schema.graphql, so
 * a breaking schema change fails the build.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allKreaAssetIds, assetKind, lastArgilVideos } from '../../examples/client/assets-client.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const root = new URL('../..', import.meta.url).pathname;
const relayCli = join(root, 'node_modules/relay-compiler/cli.js');

function relay(cwd: string) {
  return spawnSync(process.execPath, [relayCli], { cwd, encoding: 'utf8' });
}

describe('the typed example client', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ sandbox: { kreaAssets: 130, argilAssets: 60, kreaJobs: 0 } });
  });
  afterAll(() => stack.close());

  it('walks, pages backwards and refetches with typed documents', async () => {
    const url = await stack.listen();
    const data = stack.sandbox.tenants[0]!.data;
    expect(await allKreaAssetIds(url, 40)).toEqual(data.kreaAssets.map((asset) => asset.id));
    const videos = data.argilAssets.filter((asset) => asset.type === 'VIDEO' && asset.status === 'READY');
    expect(await lastArgilVideos(url, 3)).toEqual({
      total: videos.length,
      names: videos.slice(-3).map((video) => video.name ?? '(unnamed)'),
    });
    const id = Buffer.from(`ArgilAsset:${videos[0]!.id}`).toString('base64');
    expect(await assetKind(url, id)).toBe('VIDEO');
  });
});

describe('operations are validated against schema.graphql', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'mediagraph-clients-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('relay-compiler compiles the @connection example', () => {
    const result = relay(root);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout + result.stderr).toMatch(/Compilation completed/);
  });

  it('relay-compiler refuses an operation the schema does not allow', () => {
    cpSync(join(root, 'examples/relay/feed.ts'), join(scratch, 'feed.ts'));
    writeFileSync(
      join(scratch, 'broken.ts'),
      'const graphql = String.raw;\nexport const Broken = graphql`query brokenQuery { kreaAssets(first: 1) { nodes { notAField } } }`;\n',
    );
    const config = JSON.parse(readFileSync(join(root, 'relay.config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(
      join(scratch, 'relay.config.json'),
      JSON.stringify({ ...config, src: '.', schema: join(root, 'schema.graphql') }),
    );
    const result = relay(scratch);
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/notAField/);
  });

  it('graphql-codegen refuses an operation the schema does not allow', () => {
    writeFileSync(join(scratch, 'broken.graphql'), 'query Broken { kreaAssets(first: 1) { nodes { notAField } } }\n');
    writeFileSync(
      join(scratch, 'codegen.json'),
      JSON.stringify({
        schema: join(root, 'schema.graphql'),
        documents: [join(scratch, 'broken.graphql')],
        generates: { [join(scratch, 'out/')]: { preset: 'client' } },
      }),
    );
    const result = spawnSync(
      process.execPath,
      [join(root, 'node_modules/@graphql-codegen/cli/cjs/bin.js'), '--config', join(scratch, 'codegen.json')],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(result.status).not.toBe(0);
    // Without a TTY the CLI prints only its summary line.
    expect(result.stdout + result.stderr).toMatch(/errors occurred, no files were generated/);
  });

  it('relay-compiler compiles the gallery, and refuses it against a schema without a field it uses', () => {
    const gallery = join(root, 'examples/gallery');
    const current = relay(gallery);
    expect(current.status, current.stdout + current.stderr).toBe(0);
    // The same app against a schema whose Asset interface lost thumbnailUrl.
    const schema = readFileSync(join(root, 'schema.graphql'), 'utf8');
    const asset = /interface Asset implements Node \{[\s\S]*?\n\}/.exec(schema)![0];
    const broken = asset.replace(/\n(\s*"""[^"]*"""\n)?\s*thumbnailUrl: URL\n/, '\n');
    expect(broken).not.toBe(asset);
    const copy = join(scratch, 'gallery');
    cpSync(join(gallery, 'src'), join(copy, 'src'), {
      recursive: true,
      filter: (path) => !path.includes('__generated__'),
    });
    writeFileSync(join(copy, 'schema.graphql'), schema.replace(asset, broken));
    const config = JSON.parse(readFileSync(join(gallery, 'relay.config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(copy, 'relay.config.json'), JSON.stringify({ ...config, schema: './schema.graphql' }));
    const result = relay(copy);
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/thumbnailUrl/);
  });
});
