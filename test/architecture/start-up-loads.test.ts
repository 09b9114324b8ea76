/**
 * What `npm start` loads before its first request: the bundle as the build
 * script makes it, followed through its static imports from dist/main.js.
 * What not every request needs (the WebSocket server, Redis' client, the
 * OpenTelemetry SDK, the JWT library, ajv, file-type, the webhook signature
 * library, GraphiQL, the sandbox and its identity provider, undici's index,
 * Apollo's subgraph printer), and graphql-jit, which the lane's first plan
 * needs, must not be among them: each is loaded by a dynamic import (a
 * chunk of its own) or a require when first used. The built gateway still
 * answers `_service { sdl }` as subgraph.graphql says.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGateway, startGateway } from '../helpers/gateway-process.js';

const root = new URL('../..', import.meta.url).pathname;

/** The specifiers a chunk imports at its top level (esbuild prints each import from column 0). */
function staticImports(source: string): string[] {
  const found: string[] = [];
  for (const line of source.split('\n')) {
    const match = /^(?:import .* from|} from|import|export .* from) "([^"]+)";$/.exec(line);
    if (match) found.push(match[1]!);
  }
  return found;
}

/** The chunks and packages loaded with `entry`, before anything it imports dynamically. */
function loadedAtStart(entry: string): { chunks: Map<string, string>; packages: Set<string> } {
  const chunks = new Map<string, string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (chunks.has(file)) return;
    const source = readFileSync(file, 'utf8');
    chunks.set(file, source);
    for (const specifier of staticImports(source)) {
      if (specifier.startsWith('.')) visit(join(dirname(file), specifier));
      else packages.add(specifier);
    }
  };
  visit(entry);
  return { chunks, packages };
}

/** The modules esbuild put in a chunk (it names each with a `// src/…` line). */
const modulesOf = (source: string) => [...source.matchAll(/^\/\/ (src\/\S+\.ts)$/gm)].map((match) => match[1]!);

describe('what the gateway loads at start', () => {
  let start: ReturnType<typeof loadedAtStart>;
  let everything: string;
  let entry: string;
  beforeAll(() => {
    entry = buildGateway('start-up-loads');
    start = loadedAtStart(join(root, entry));
    everything = readFileSync(join(root, entry), 'utf8');
  }, 120_000);

  it('has none of the packages only some requests need', () => {
    const lazy = [
      'ws',
      'graphql-ws',
      'ioredis',
      'jose',
      'file-type',
      'standardwebhooks',
      'ajv',
      'ajv/dist/2020.js',
      'ajv-formats',
      '@opentelemetry/sdk-trace-node',
      '@opentelemetry/exporter-trace-otlp-http',
      '@opentelemetry/resources',
      '@graphql-yoga/render-graphiql',
      // undici's index (fetch, WebSocket, caches, mocks): the upstream pools take Pool from its own module.
      'undici',
      // Apollo's subgraph printer and federation-internals: `_service { sdl }` loads them when first asked.
      '@apollo/subgraph',
      '@apollo/federation-internals',
      // graphql-jit and its serializer's ajv: the lane's first plan loads them (server/lane/plan.ts).
      'graphql-jit',
    ];
    expect([...start.packages].filter((name) => lazy.includes(name))).toEqual([]);
    // What every request needs is there (the walk is not reading an empty graph).
    for (const needed of ['graphql', 'undici/lib/dispatcher/pool.js', 'pino', 'prom-client']) {
      expect(start.packages, needed).toContain(needed);
    }
  });

  it('has yoga, what it is made of and graphql-scalars bundled, the parts it uses only, and one graphql', () => {
    // Bundled (scripts/build.ts): no chunk imports them from node_modules...
    const family = /^(?:graphql-yoga|@graphql-yoga\/|@graphql-tools\/|@envelop\/|@whatwg-node\/|graphql-scalars)/;
    expect([...start.packages].filter((name) => family.test(name))).toEqual([]);
    // ...their modules are in the chunks loaded at start (esbuild names each with a `// node_modules/…` line)...
    const bundled = [...start.chunks.values()].flatMap((source) =>
      [...source.matchAll(/^\/\/ node_modules\/(\S+)$/gm)].map((match) => match[1]!),
    );
    expect(bundled).toContain('graphql-yoga/esm/server.js');
    expect(bundled).toContain('@whatwg-node/server/esm/createServerAdapter.js');
    // ...and only what the gateway uses: five of graphql-scalars' scalars, not its index of some eighty
    // (esbuild names a module once per part of it).
    const scalars = bundled.flatMap(
      (module) => /^graphql-scalars\/esm\/scalars\/(?:.+\/)?([A-Z]\w*)\.js$/.exec(module)?.[1] ?? [],
    );
    expect([...new Set(scalars)].sort()).toEqual(['DateTime', 'JSON', 'NonNegativeInt', 'URL', 'UUID']);
    // graphql is never bundled: a second copy would fail on the first schema it met from the other.
    expect(bundled.filter((module) => module.startsWith('graphql/'))).toEqual([]);
  });

  it('loads chunks of ASCII only at start (V8 keeps a script with any other character at two bytes per character)', () => {
    for (const [file, source] of start.chunks) {
      expect(source.match(/[^\x00-\x7f].{0,40}/)?.[0], file).toBeUndefined();
    }
  });

  it('has none of the sandbox, its identity provider, the WebSocket listener or the tracing setup', () => {
    const modules = [...start.chunks.values()].flatMap(modulesOf);
    expect(modules).toContain('src/server.ts');
    expect(
      modules.filter(
        (module) =>
          module.startsWith('src/sandbox/') ||
          // A provider's sandbox declaration (index.ts: its name and sizes, which config reads) is light; its simulation is not.
          (/^src\/providers\/[^/]+\/sandbox\//.test(module) && !module.endsWith('/sandbox/index.ts')) ||
          module === 'src/server/websocket.ts' ||
          module === 'src/telemetry/setup.ts',
      ),
    ).toEqual([]);
    // Each is a chunk of its own, imported when asked for.
    expect(everything).toMatch(/import\("\.\/sandbox-\w+\.js"\)/);
    expect([...start.chunks.values()].join('\n')).toMatch(/import\("\.\/simulation-\w+\.js"\)/);
    expect(everything).toMatch(/import\("\.\/websocket-\w+\.js"\)/);
    expect(everything).toMatch(/import\("\.\/setup-\w+\.js"\)/);
  });

  it('answers `_service { sdl }` with the subgraph SDL of subgraph.graphql, printed on first ask', async () => {
    const gateway = startGateway(entry, { PORT: '0', LOG_LEVEL: 'silent', SHUTDOWN_GRACE_MS: '0' });
    try {
      const response = await fetch(`${await gateway.listening}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
      });
      const body = (await response.json()) as { data?: { _service?: { sdl?: string } } };
      expect(body.data?._service?.sdl?.trim()).toBe(readFileSync(join(root, 'subgraph.graphql'), 'utf8').trim());
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exited;
    }
  }, 90_000);
});
