/**
 * The yoga server: schema, per-request context, the ordered plugin list,
 * error masking, GraphiQL (rendered offline) and the operational endpoints.
 * No schema code lives here.
 */
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { createYoga } from 'graphql-yoga';
import { createAuthenticator, useAuthenticatorFor } from './auth/authenticate.js';
import type { TokenVerifierOptions } from './auth/tokens.js';
import { createRequestContext } from './context.js';
import type { RequestContext } from './context.js';
import { createLogger, yogaLogger } from './logger.js';
import type { Logger } from './logger.js';
import { registeredEntries } from './providers/registry.js';
import { maskError } from './schema/errors.js';
import { schema } from './schema/index.js';
import type { Gateway, NodeServerContext } from './server/gateway.js';
import { EXAMPLE_QUERY } from './server/graphiql.js';
import { persistedOperations } from './server/persisted-operations.js';
import type { PersistedOperations } from './server/persisted-operations.js';
import { inMemoryStore, useGatewayResponseCache } from './server/response-cache.js';
import { isStaticAnswer } from './server/static-assets.js';
import { useTracing } from './server/plugins/use-tracing.js';
import { useCsrfPrevention } from './server/plugins/use-csrf-prevention.js';
import type { GallerySignIn } from './server/gallery-sign-in.js';
import { useGallery } from './server/plugins/use-gallery.js';
import { useGraphiQLAssets } from './server/plugins/use-graphiql-assets.js';
import { useWebhooks } from './server/plugins/use-webhooks.js';
import { useFieldErrors } from './server/plugins/use-field-errors.js';
import { useAuthentication } from './server/plugins/use-authentication.js';
import { useInputErrorCodes } from './server/plugins/use-input-error-codes.js';
import { useMalformedParams } from './server/plugins/use-malformed-params.js';
import { useMetrics } from './server/plugins/use-metrics.js';
import { useOneOverlapRule } from './server/plugins/use-one-overlap-rule.js';
import { operationBudget, useOperationBudget } from './server/plugins/use-operation-budget.js';
import { useQueryLimits } from './server/plugins/use-query-limits.js';
import { useReadiness } from './server/plugins/use-readiness.js';
import { useSameOriginPreflight } from './server/plugins/use-same-origin-preflight.js';
import type { QueryLimits } from './server/plugins/use-query-limits.js';
import { DEFAULT_MAX_REQUEST_BYTES, useRequestBodyLimit } from './server/plugins/use-request-body-limit.js';
import { attachCompiledLane } from './server/lane/index.js';
import { useRequestLog } from './server/plugins/use-request-log.js';
import { useSafeErrors } from './server/plugins/use-safe-errors.js';
import { useScopes } from './server/plugins/use-scopes.js';
import { useStreamingUploads } from './server/plugins/use-streaming-uploads.js';
import type { ClosableServices } from './services.js';
import type { WebhookProvider } from './server/plugins/use-webhooks.js';

/** What a multipart request may carry besides its file: the operation and its map. */
const MULTIPART_OVERHEAD_BYTES = 2_000_000;

export interface GatewayOptions {
  services: ClosableServices;
  /** JSON logs; a silent logger when absent. */
  logger?: Logger;
  /** True while the process drains on SIGTERM: /readyz answers 503. */
  isDraining?: () => boolean;
  /** READY_REQUIRES_REDIS: /readyz also answers 503 while Redis (REDIS_URL) is away. */
  readyRequiresRedis?: boolean;
  /** Keys required on /graphql (GATEWAY_API_KEYS); none: open. */
  gatewayApiKeys?: readonly string[];
  /** AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE: bearer JWTs of end users (auth/tokens.ts). */
  tokens?: TokenVerifierOptions;
  /** @default true */
  introspection?: boolean;
  /** Origins allowed cross-origin; empty (the default): same origin only. */
  corsOrigins?: readonly string[];
  /** Largest non-multipart body. @default 2 MB */
  maxRequestBytes?: number;
  limits?: QueryLimits;
  /** PERSISTED_OPERATIONS; the WebSocket listener takes the same object. @default APQ */
  persisted?: PersistedOperations;
  /** RESPONSE_CACHE_TTL_MS; 0 or absent: no response cache. */
  responseCacheTtlMs?: number;
  /** GALLERY_DIR: the built gallery served at /gallery/; absent: no /gallery. */
  galleryDir?: string;
  /** SANDBOX_AUTH: the demo identity provider the gallery signs in with (server/gallery-sign-in.ts). */
  gallerySignIn?: GallerySignIn;
  /** The clock of expiries and of the credits' UTC day (tests move it). @default Date.now */
  now?: () => number;
  /** COMPILED_LANE: most GraphQL requests answered over plain node:http (server/lane/), yoga the rest. @default true */
  compiledLane?: boolean;
  /** SOCKET_FRONT: the compiled lane reads its requests off the socket (server/socket-front/). @default true */
  socketFront?: boolean;
  /** OPERATION_DEDUPE: identical queries in flight on the compiled lane run once (server/lane/dedupe.ts). @default true */
  operationDedupe?: boolean;
  /** COMPILED_PLANS: the lane runs the queries it may through compiled plans (server/lane/plan.ts). @default true */
  compiledPlans?: boolean;
}

export type { Gateway, NodeServerContext };

export function createGateway(options: GatewayOptions): Gateway {
  const { services } = options;
  const logger = options.logger ?? createLogger('silent');
  const isDraining = options.isDraining ?? (() => false);
  const authenticate = createAuthenticator({ gatewayApiKeys: options.gatewayApiKeys, tokens: options.tokens });
  const origins = options.corsOrigins ?? [];
  const ttl = options.responseCacheTtlMs ?? 0;
  // One upload (the largest any provider takes) and its operation.
  const multipartMaxBytes =
    Math.max(0, ...services.providers.map(({ module }) => module.maxUploadBytes ?? 0)) + MULTIPART_OVERHEAD_BYTES;
  const persisted = options.persisted ?? persistedOperations({ mode: 'apq' });
  // One budget for both lanes: its plans are kept per document.
  const budget = operationBudget({
    maxIds: options.limits?.maxIdsPerOperation,
    maxPaidMutations: options.limits?.maxPaidMutationsPerOperation,
  });
  // The plugins that say what a document may be: yoga runs them, and the compiled lane runs the same
  // instances on the documents it prepares (lane/documents.ts).
  const limits = useQueryLimits(options.limits);
  const inputErrorCodes = useInputErrorCodes();
  const deferStream = useDeferStream();
  const oneOverlapRule = useOneOverlapRule();
  const webhookProviders: WebhookProvider[] = services.providers.flatMap(({ module, runtime }) =>
    runtime.webhooks ? [{ name: module.name, receiver: (tools) => runtime.webhooks!(tools) }] : [],
  );

  // Order matters where noted; optional plugins are `flag && plugin`.
  // yoga takes plugins of any context type; they differ in their generics.
  const plugins: Array<object | false> = [
    // Before everything that reads error codes: it settles them.
    useSafeErrors({ logger }),
    // Logs and request ids next, so every answer below has them.
    useRequestLog<RequestContext>({
      logger,
      upstreamCallsOf: (context) => context.upstreamCalls,
      quiet: isStaticAnswer,
    }),
    // With CORS off, OPTIONS is answered here (yoga's CORS plugin answers it otherwise).
    origins.length === 0 && useSameOriginPreflight(),
    // Operational endpoints and the GraphiQL page answer before anything GraphQL.
    useMetrics({ metrics: services.metrics }),
    useGraphiQLAssets({ title: 'mediagraph', defaultQuery: EXAMPLE_QUERY }),
    options.galleryDir !== undefined && useGallery({ dir: options.galleryDir, signIn: options.gallerySignIn }),
    // Webhooks prove themselves (a token or a signature), not with a gateway key.
    useWebhooks({
      live: services.live,
      publish: services.shared ? (prefix) => services.shared!.publishNudge(prefix) : undefined,
      firstSighting: services.shared ? (key, ttlMs) => services.shared!.firstSighting(key, ttlMs) : undefined,
      metrics: services.metrics,
      providers: webhookProviders,
    }),
    useReadiness({
      isDraining,
      redisUp: services.shared ? () => services.shared!.up : undefined,
      requiresRedis: options.readyRequiresRedis,
    }),
    authenticate !== undefined && useAuthentication({ authenticate }),
    // CSRF prevention before the streaming multipart parser: an unpreflighted
    // upload is refused before a byte of it is read.
    useCsrfPrevention(),
    useStreamingUploads({ maxFiles: 1, maxFieldBytes: 1_000_000, maxBytes: multipartMaxBytes }),
    // After every parser: it wraps the one that was chosen.
    useRequestBodyLimit({ defaultBytes: options.maxRequestBytes, multipartBytes: multipartMaxBytes }),
    // After every parser too: malformed JSON in a GET's parameters is a 400.
    useMalformedParams(),
    // Request parameters to the document to run (or a refusal), before anything parses it.
    ...persisted.plugins,
    ...limits,
    // Who may ask before how much they ask: the budget then counts only the fields that will run,
    // and every later hook (tracing, field errors, the response cache) sees the trimmed operation.
    // Its refusals carry errors, so the response cache never stores them.
    useScopes<RequestContext>({ scopesOf: (context) => context.caller.scopes }),
    // Once the variables are known, before anything runs (and before the response cache answers).
    useOperationBudget(budget),
    options.introspection === false && useDisableIntrospection(),
    inputErrorCodes,
    deferStream,
    oneOverlapRule,
    // No graphql-jit here: what yoga answers runs on its executor (graphql-tools', graphql-js'
    // algorithm). graphql-jit 0.8's compiled subscribe hands the subscription's resolver the
    // operation's variables as its arguments (a literal `id` arrives as {}); only the lane
    // compiles, and only the queries on which graphql-jit answers as graphql-js does
    // (server/lane/plan.ts). test/oracle/ holds every path to graphql-js' answers.
    // OTEL_* variables turn it on; it wraps the execute function.
    useTracing(),
    useFieldErrors<RequestContext>({ errorsOf: (context) => context.fieldErrors }),
    // Last: its execute wraps the others', and it sees the errors useFieldErrors adds (none
    // is cached). Its lookup runs after the persisted operations name the document.
    ...(ttl > 0
      ? useGatewayResponseCache({
          ttlMs: ttl,
          store: services.shared?.responseCacheStore(ttl) ?? inMemoryStore(ttl, options.now),
          changingTypes: registeredEntries().flatMap(({ schema: contribution }) =>
            Object.entries(contribution.nodes).flatMap(([typename, node]) => (node.changes ? [typename] : [])),
          ),
          credentials: services.providers.map((provider) => ({
            header: provider.module.settings.credentialHeader,
            serverDigest: provider.serverKeyDigest,
          })),
        })
      : []),
  ];

  const gateway = createYoga<NodeServerContext, RequestContext>({
    schema,
    context: ({ request, req, res }) =>
      createRequestContext(
        services,
        request,
        {
          remoteAddress: req?.socket?.remoteAddress,
          onClose: res ? (listener) => res.once('close', () => listener(res.writableFinished)) : undefined,
        },
        options.now,
      ),
    logging: yogaLogger(logger),
    // isDev false: NODE_ENV=development must not put original errors in answers.
    maskedErrors: { maskError, isDev: false },
    healthCheckEndpoint: '/healthz',
    // Replaced by useRequestBodyLimit, which knows uploads from documents.
    maxRequestBodySize: false,
    landingPage: false,
    // Persisted operation ids (server/persisted-operations.ts).
    extraParamNames: ['documentId', 'doc_id'],
    cors: origins.length === 0 ? false : { origin: origins.includes('*') ? '*' : [...origins], credentials: false },
    // Served by useGraphiQLAssets (compressed, cacheable, no CDN).
    graphiql: false,
    plugins: plugins.filter((plugin): plugin is object => plugin !== false),
  });
  if (authenticate) useAuthenticatorFor(gateway, authenticate);
  // The response cache is yoga's plugin (keys, entities, invalidation): with it on, yoga answers everything.
  if (options.compiledLane !== false && ttl === 0) {
    attachCompiledLane({
      gateway,
      documentPlugins: [...limits, inputErrorCodes, deferStream, oneOverlapRule],
      services,
      logger,
      authenticate,
      persisted,
      budget,
      maxBodyBytes: options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
      cors: origins.length > 0,
      introspection: options.introspection !== false,
      dedupe: options.operationDedupe !== false,
      socketFront: options.socketFront !== false,
      plans: options.compiledPlans !== false,
      now: options.now,
    });
  }
  return gateway;
}
