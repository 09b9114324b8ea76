/**
 * GraphQL-over-HTTP parameters as yoga reads them (its JSON and GET parsers
 * and useCheckGraphQLQueryParams), for the compiled lane: the parameters of
 * a well-formed request, or undefined for anything yoga would refuse or
 * answer otherwise (malformed JSON, a body that is not an object, unknown or
 * mistyped parameters), which then goes to yoga with its body.
 */
import type { OperationParams } from '../persisted-operations.js';

export interface LaneParams extends OperationParams {
  query?: string | undefined;
  operationName?: string | undefined;
  variables?: Record<string, unknown> | undefined;
  extensions?: Record<string, unknown> | undefined;
}

/** The parameters a body may carry: GraphQL over HTTP's, and the persisted operation ids (server.ts's extraParamNames). */
const KNOWN = new Set(['query', 'operationName', 'variables', 'extensions', 'documentId', 'doc_id']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function fromObject(raw: unknown): LaneParams | undefined {
  if (!isObject(raw)) return undefined;
  for (const key in raw) if (raw[key] != null && !KNOWN.has(key)) return undefined;
  const { query, operationName, variables, extensions, documentId, doc_id } = raw;
  if (query != null && typeof query !== 'string') return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  if (variables != null && !isObject(variables)) return undefined;
  if (extensions != null && !isObject(extensions)) return undefined;
  return {
    query: query ?? undefined,
    operationName: operationName ?? undefined,
    variables: variables ?? undefined,
    extensions: extensions ?? undefined,
    documentId,
    doc_id,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A JSON body's parameters, from its text. */
export function paramsOfJson(text: string): LaneParams | undefined {
  return fromObject(parseJson(text));
}

/** A GET's parameters: yoga reads these four (empty ones as absent), and `documentId` for persisted operations. */
export function paramsOfSearch(search: string): LaneParams | undefined {
  const params = new URLSearchParams(search);
  const json = (name: string): unknown => {
    const text = params.get(name) || undefined;
    return text === undefined ? undefined : (parseJson(text) ?? null);
  };
  const variables = json('variables');
  const extensions = json('extensions');
  // `null` here stands for text that is not JSON (or JSON's null): yoga answers those.
  if (variables === null || extensions === null) return undefined;
  return fromObject({
    query: params.get('query') || undefined,
    operationName: params.get('operationName') || undefined,
    variables,
    extensions,
    documentId: params.get('documentId') ?? undefined,
  });
}
