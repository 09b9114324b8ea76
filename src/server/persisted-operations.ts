/**
 * Persisted operations (PERSISTED_OPERATIONS):
 * - `apq` (the default): Apollo's automatic persisted queries
 *   (@graphql-yoga/plugin-apq). A client sends a query's SHA-256 first and
 *   the text only when the gateway does not know it yet, over POST or GET
 *   (so a CDN can cache the GET). Any other operation is served as usual.
 * - `only`: trusted documents. Only the operations of the manifests
 *   (PERSISTED_OPERATIONS_MANIFEST) are served, named by their id; any
 *   operation text is refused before it is parsed
 *   (@graphql-yoga/plugin-persisted-operations).
 * - `off`: neither.
 *
 * A manifest is the JSON GraphQL Code Generator's client preset
 * (`persisted-documents.json`) or the Relay compiler (`persist.file`) writes,
 * `{ "<id>": "<document>" }`, or Apollo's `persisted-query-manifest.json`.
 */
import { readFileSync } from 'node:fs';
import { useAPQ } from '@graphql-yoga/plugin-apq';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { GraphQLError } from 'graphql';
import { createLRUCache } from 'graphql-yoga';
import type { Plugin } from 'graphql-yoga';

export interface PersistedOperationsOptions {
  /** PERSISTED_OPERATIONS, as config.ts reads it. */
  mode: 'apq' | 'only' | 'off';
  /** Id → document, from the manifests (required for `only`). */
  manifest?: ReadonlyMap<string, string>;
}

/** What a request or a WebSocket subscribe message carries. */
export interface OperationParams {
  query?: string | null | undefined;
  extensions?: Record<string, unknown> | null | undefined;
  documentId?: unknown;
  doc_id?: unknown;
}

/** Ids are hashes (`abc…`, `sha256:abc…`) or compiler-made names; nothing else is looked up. */
const ID = /^[\w:.-]{1,128}$/;

/** APQ keeps at most this many documents, each at most this long (a client chooses them). */
const APQ_ENTRIES = 1_000;
const APQ_MAX_DOCUMENT = 32_000;

export const PERSISTED_REQUIRED = 'Only persisted operations are served here: send the operation’s documentId';
export const PERSISTED_NOT_FOUND = 'PersistedQueryNotFound';

function persistedError(message: string, code: string): GraphQLError {
  // 200: the answer is an ordinary GraphQL error that clients read (Apollo's link retries with the text on this one).
  return new GraphQLError(message, { extensions: { code, http: { status: 200 } } });
}

/** The persisted id a request names: `documentId` (GraphQL over HTTP), `doc_id` (Relay), or Apollo's extension. */
export function persistedIdOf(params: OperationParams, request?: Request): string | undefined {
  const fromUrl =
    request?.method === 'GET' ? (new URL(request.url).searchParams.get('documentId') ?? undefined) : undefined;
  const apq = params.extensions?.persistedQuery as { version?: unknown; sha256Hash?: unknown } | undefined;
  const candidates = [params.documentId, params.doc_id, fromUrl, apq?.version === 1 ? apq.sha256Hash : undefined];
  for (const candidate of candidates) if (typeof candidate === 'string' && ID.test(candidate)) return candidate;
  return undefined;
}

/** Reads manifests: `{ id: document }` objects, or Apollo's `{ format, operations: [{ id, body }] }`. */
export function loadManifests(paths: readonly string[]): Map<string, string> {
  const manifest = new Map<string, string>();
  for (const path of paths) {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (!parsed || typeof parsed !== 'object') throw new Error(`${path}: not a JSON object`);
    const apollo = parsed as { format?: unknown; operations?: unknown };
    const entries: Array<[unknown, unknown]> =
      apollo.format === 'apollo-persisted-query-manifest' && Array.isArray(apollo.operations)
        ? apollo.operations.map((operation: { id?: unknown; body?: unknown }) => [operation.id, operation.body])
        : Object.entries(parsed);
    for (const [id, document] of entries) {
      if (typeof id !== 'string' || !ID.test(id) || typeof document !== 'string') {
        throw new Error(`${path}: every entry must map an id to a document`);
      }
      manifest.set(id, document);
      // `sha256:<hex>` (GraphQL over HTTP, codegen) and `<hex>` (Apollo's extension) name the same document.
      if (/^[0-9a-f]{64}$/.test(id)) manifest.set(`sha256:${id}`, document);
      if (/^sha256:[0-9a-f]{64}$/.test(id)) manifest.set(id.slice('sha256:'.length), document);
    }
  }
  return manifest;
}

export interface PersistedOperations {
  plugins: Plugin[];
  /** The same rules for a WebSocket subscribe message: the document to run, or the refusal. */
  documentOf(params: OperationParams): string | GraphQLError;
  /**
   * The document the plugins would run for these GraphQL-over-HTTP parameters
   * (a GET's `documentId` among them), or undefined where only the plugins
   * can answer: a refusal, or an APQ request that registers its document.
   * The compiled lane (lane/) asks this and hands the rest to yoga.
   */
  httpDocumentOf(params: OperationParams): string | undefined;
}

const apqHashOf = (params: OperationParams): string | undefined => {
  const apq = params.extensions?.persistedQuery as { version?: unknown; sha256Hash?: unknown } | undefined;
  return apq?.version === 1 && typeof apq.sha256Hash === 'string' ? apq.sha256Hash : undefined;
};

export function persistedOperations(options: PersistedOperationsOptions): PersistedOperations {
  if (options.mode === 'only') {
    const manifest = options.manifest ?? new Map<string, string>();
    return {
      plugins: [
        usePersistedOperations({
          getPersistedOperation: (id) => manifest.get(id) ?? null,
          extractPersistedOperationId: (params, request) => persistedIdOf(params as OperationParams, request) ?? null,
          allowArbitraryOperations: false,
          customErrors: {
            notFound: () => persistedError(PERSISTED_NOT_FOUND, 'PERSISTED_QUERY_NOT_FOUND'),
            keyNotFound: () => persistedError(PERSISTED_REQUIRED, 'PERSISTED_QUERY_REQUIRED'),
            persistedQueryOnly: () => persistedError(PERSISTED_REQUIRED, 'PERSISTED_QUERY_REQUIRED'),
          },
        }) as Plugin,
      ],
      documentOf(params) {
        const id = persistedIdOf(params);
        if (params.query || id === undefined) return persistedError(PERSISTED_REQUIRED, 'PERSISTED_QUERY_REQUIRED');
        return manifest.get(id) ?? persistedError(PERSISTED_NOT_FOUND, 'PERSISTED_QUERY_NOT_FOUND');
      },
      httpDocumentOf(params) {
        const id = persistedIdOf(params);
        return params.query || id === undefined ? undefined : manifest.get(id);
      },
    };
  }
  if (options.mode === 'apq') {
    const store = createLRUCache<string>({ max: APQ_ENTRIES, ttl: 24 * 3_600_000 });
    return {
      plugins: [
        useAPQ({
          // Long documents are run but not kept: a client cannot fill the store with megabytes.
          store: {
            get: (hash) => store.get(hash),
            set: (hash, document) => (document.length <= APQ_MAX_DOCUMENT ? store.set(hash, document) : undefined),
          },
          responseConfig: { forceStatusCodeOk: true },
        }),
      ],
      documentOf(params) {
        const id = persistedIdOf(params);
        if (params.query || id === undefined) return params.query ?? '';
        return store.get(id) ?? persistedError(PERSISTED_NOT_FOUND, 'PERSISTED_QUERY_NOT_FOUND');
      },
      httpDocumentOf(params) {
        if (params.extensions?.persistedQuery === undefined) return params.query || undefined;
        // With the text (even an empty one) the plugin checks the hash and keeps the document: yoga answers those.
        const hash = apqHashOf(params);
        return hash === undefined || params.query != null ? undefined : store.get(hash);
      },
    };
  }
  return {
    plugins: [],
    documentOf: (params) => params.query ?? '',
    httpDocumentOf: (params) => params.query || undefined,
  };
}
