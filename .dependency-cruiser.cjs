// The layer rules of docs/architecture.md, checked over src/ by
// test/architecture/imports.test.ts (in `npm test`); by hand:
//   npx depcruise src --config .dependency-cruiser.cjs
// Type-only imports count (tsPreCompilationDeps): a type that points upward is
// knowledge that points upward, and a circle of types is still a circle.

/** Modules of Node that do I/O (as dependency-cruiser names them: without `node:`). */
const NODE_IO = '^(http|https|http2|net|tls|dgram|dns|fs|fs/promises|child_process|worker_threads|cluster)$';
/** npm clients that do I/O. */
const NPM_IO = 'node_modules/(undici|ioredis|ws|graphql-ws)/';
/** The providers' HTTP plumbing: the pools, deadlines, retries, budget and multipart bodies. */
const PROVIDER_HTTP = '^src/providers/(http|retry|budget|multipart)([.]|/)';
/** GraphQL and the libraries that are GraphQL. */
const GRAPHQL =
  'node_modules/(graphql|graphql-yoga|graphql-scalars|@pothos/[^/]+|@graphql-yoga/[^/]+|@apollo/subgraph)/';
/** What composes the process: the entry point, the server and the services it is built from. */
const COMPOSITION = '^src/(main[.]|server[.]|services[.]|server/)';
/** Layers below the request context: each knows nothing of GraphQL requests, the server or the schema. */
const BELOW_CONTEXT =
  '^src/(providers|loaders|live|pagination|models|shared|uploads|webhooks|credits|auth|telemetry|krea-document|generated)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import circles: each module can be read (and loaded) after the ones it imports.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'schema-no-http',
      comment:
        "schema/ never speaks HTTP: no undici, no node:http/net, none of the providers' HTTP plumbing. " +
        'Resolvers reach a provider through the clients in the request context (context.ts).',
      severity: 'error',
      from: { path: '^src/schema/' },
      to: { path: [NODE_IO, NPM_IO, PROVIDER_HTTP] },
    },
    {
      name: 'providers-no-graphql',
      comment:
        "providers/ is REST only: no graphql, Pothos or yoga, no schema/. A provider folder's own " +
        'schema contribution (providers/<name>/schema/) is the one exception.',
      severity: 'error',
      from: { path: '^src/providers/', pathNot: '^src/providers/[^/]+/schema/' },
      to: { path: [GRAPHQL, '^src/schema/'] },
    },
    {
      name: 'pagination-pure',
      comment: 'pagination/ is pure functions: nothing with I/O, nothing of the rest of src/ (no providers, no state).',
      severity: 'error',
      from: { path: '^src/pagination/' },
      to: { path: [NODE_IO, NPM_IO, '^src/'], pathNot: '^src/pagination/' },
    },
    {
      name: 'shared-nothing-above',
      comment:
        'shared/ (state shared between replicas) imports nothing above it: the contracts it implements ' +
        'live in shared/ or below, never in server/, schema/, live/, loaders/, uploads/ or the context.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: ['^src/(server|schema|live|loaders|uploads|sandbox)/', '^src/(context|server|services|main)[.]'] },
    },
    {
      name: 'config-only-at-entry',
      comment: 'Only the entry points read config.ts; everything else takes its options as arguments.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(main[.]|sandbox/main[.]|config[.]|config/)' },
      to: { path: '^src/config([.]|/)' },
    },
    {
      name: 'sandbox-shares-no-code',
      comment:
        "The sandbox is written from the providers' documents, not from our clients, so it can catch " +
        'their mistakes: it imports only itself, the documents (specs/) and what is generated from them ' +
        '(src/generated/); its entry point also reads config.ts.',
      severity: 'error',
      from: { path: '^src/sandbox/' },
      to: { path: '^src/', pathNot: '^src/(sandbox/|generated/|config[.]|config/)' },
    },
    {
      name: 'gateway-not-on-sandbox',
      comment: 'The gateway never depends on the sandbox; only the entry point starts it (SANDBOX=1).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(sandbox/|main[.])' },
      to: { path: '^src/sandbox/' },
    },
    {
      name: 'composition-on-top',
      comment: 'Nothing but the composition imports it: main.ts, server.ts, services.ts and server/ are the top layer.',
      severity: 'error',
      from: { path: '^src/', pathNot: COMPOSITION },
      to: { path: COMPOSITION },
    },
    {
      name: 'below-context',
      comment:
        'Providers, loaders, live updates, pagination, models, shared state, uploads, webhooks, credits and ' +
        'auth are below the request context: they never import context.ts or schema/.',
      severity: 'error',
      from: { path: BELOW_CONTEXT },
      to: { path: ['^src/context[.]', '^src/schema/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
    },
    skipAnalysisNotInRules: true,
  },
};
