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
/** A provider's folder (`src/providers/<name>/`): any folder of providers/ but the HTTP plumbing's. */
const PROVIDER = '^src/providers/(?!http/)[^/]+/';
/** Its simulated API, beside the map with the sandbox. */
const PROVIDER_SANDBOX = `${PROVIDER}sandbox/`;
/** The sandbox's one reader of the registry: which simulated APIs there are. */
const SANDBOX_LIST = '^src/sandbox/registered[.]';
/**
 * A provider folder spans layers, its parts sitting where the core's parts of
 * the same kind sit: its schema contribution with schema/, its module, part,
 * loaders, live sources, feeds, webhooks and uploads with the request
 * services, its models with models/, the rest (client, shapes, generated
 * module, document) with the providers.
 */
const PROVIDER_SCHEMA = `${PROVIDER}schema/`;
const PROVIDER_SERVICES = [
  `${PROVIDER}(index|part|loaders|live|feeds|render-log)[.]`,
  `${PROVIDER}(webhooks|uploads)/`,
];
const PROVIDER_MODELS = `${PROVIDER}models/`;
/**
 * The layer map of docs/architecture.md, top to bottom: a module may import its
 * own layer and the ones below, never one above. The sandbox stands beside the
 * map (its own rules below).
 */
const LAYERS = [
  { name: 'entry points', path: '^src/(main[.]|config[.]|config/|sandbox/main[.])' },
  { name: 'composition', path: '^src/(server[.]|services[.]|server/)' },
  // The registry lists each provider's module and schema contribution.
  { name: 'schema', path: ['^src/schema/', '^src/providers/registry[.]', PROVIDER_SCHEMA] },
  { name: 'request context', path: '^src/context[.]' },
  {
    name: 'request services',
    path: [
      '^src/(loaders|live|uploads|webhooks|credits|auth)/',
      '^src/(idempotency|metrics)[.]',
      '^src/providers/module[.]',
      ...PROVIDER_SERVICES,
    ],
  },
  { name: 'models and pagination', path: ['^src/(models|pagination)/', PROVIDER_MODELS] },
  {
    name: 'providers and documents',
    path: '^src/(providers|openapi)/',
    pathNot: [
      '^src/providers/(registry|module)[.]',
      PROVIDER_SCHEMA,
      ...PROVIDER_SERVICES,
      PROVIDER_MODELS,
      PROVIDER_SANDBOX,
    ],
  },
  {
    name: 'foundation',
    path: ['^src/(shared|telemetry)/', '^src/(logger|log-format)[.]'],
    // Contracts shared/ still takes from the layers it serves (docs/architecture.md, "Not yet
    // checked"): remove each once its contract lives in shared/ or below.
    allowedAbove: ['^src/providers/(http|errors)([.]|/)', '^src/credits/ledger[.]', '^src/idempotency[.]'],
  },
];
const pathsOf = (layers) => layers.flatMap((layer) => [layer.path].flat());

/** One rule per layer: nothing it imports is in a layer above it. */
const layerRules = LAYERS.slice(1).map((layer, index) => ({
  name: 'layer-map',
  comment: `The ${layer.name} layer imports nothing of the layers above it.`,
  severity: 'error',
  from: { path: layer.path, ...(layer.pathNot && { pathNot: layer.pathNot }) },
  to: { path: pathsOf(LAYERS.slice(0, index + 1)), ...(layer.allowedAbove && { pathNot: layer.allowedAbove }) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'layer-map-placed',
      comment: 'Every module of src/ is in a layer of the map (or in the sandbox, beside it).',
      severity: 'error',
      from: { path: '^src/', pathNot: [...pathsOf(LAYERS), '^src/sandbox/', PROVIDER_SANDBOX] },
      to: {},
    },
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
      from: { path: ['^src/schema/', PROVIDER_SCHEMA] },
      to: { path: [NODE_IO, NPM_IO, PROVIDER_HTTP] },
    },
    {
      name: 'providers-no-graphql',
      comment:
        "providers/ is REST only: no graphql, Pothos or yoga, no schema/. A provider folder's own " +
        'schema contribution (providers/<name>/schema/) is the exception, and the registry that lists it.',
      severity: 'error',
      from: { path: '^src/providers/', pathNot: [PROVIDER_SCHEMA, '^src/providers/registry[.]'] },
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
        "their mistakes: it (src/sandbox/ and each provider folder's sandbox/) imports only the sandbox, " +
        'the documents (specs/) and what is generated from them (providers/<name>/generated/); its ' +
        'entry point also reads config.ts. One module reads the registry, for its list of simulated APIs.',
      severity: 'error',
      from: { path: ['^src/sandbox/', PROVIDER_SANDBOX], pathNot: SANDBOX_LIST },
      to: {
        path: '^src/',
        pathNot: ['^src/(sandbox/|config[.]|config/)', PROVIDER_SANDBOX, `${PROVIDER}generated/`],
      },
    },
    {
      name: 'sandbox-shares-no-code',
      comment: 'The module that reads the registry (src/sandbox/registered.ts) reads nothing else of the gateway.',
      severity: 'error',
      from: { path: SANDBOX_LIST },
      to: { path: '^src/', pathNot: ['^src/sandbox/', '^src/providers/registry[.]'] },
    },
    {
      name: 'gateway-not-on-sandbox',
      comment:
        'The gateway never depends on the sandbox; only the entry point starts it (when no provider is configured).',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(sandbox/|main[.])', PROVIDER_SANDBOX, '^src/providers/registry[.]'] },
      to: { path: ['^src/sandbox/', PROVIDER_SANDBOX] },
    },
    {
      name: 'gateway-not-on-sandbox',
      comment:
        "The registry lists each provider's simulated API by its declaration (providers/<name>/sandbox/index.ts, " +
        'typed by sandbox/simulated-api.ts), which loads the simulation only when a sandbox starts.',
      severity: 'error',
      from: { path: '^src/providers/registry[.]' },
      to: {
        path: ['^src/sandbox/', PROVIDER_SANDBOX],
        pathNot: ['^src/sandbox/simulated-api[.]', `${PROVIDER_SANDBOX}index[.]`],
      },
    },
    {
      name: 'core-not-on-a-provider',
      comment:
        "The core never names a provider: nothing outside the providers' folders imports one, but the " +
        'registry that lists them (src/providers/registry.ts). The sandbox learns them from the registry too.',
      severity: 'error',
      from: { path: '^src/', pathNot: [PROVIDER, '^src/providers/registry[.]'] },
      to: { path: PROVIDER },
    },
    {
      name: 'provider-not-on-another',
      comment: 'A provider folder imports no other provider folder: each is one provider, whole.',
      severity: 'error',
      from: { path: '^src/providers/((?!http/)[^/]+)/' },
      to: { path: PROVIDER, pathNot: '^src/providers/$1/' },
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
