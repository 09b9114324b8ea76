/**
 * An execution result as yoga answers it over HTTP (graphql-yoga's
 * processRegularResult, getResponseInitByRespectingErrors and
 * jsonStringifyResultWithoutInternals): masked as its maskedErrors option
 * masks (schema/errors.ts' maskError, the original logged), its status from
 * the errors' `http` extensions (200 to `application/json` clients for
 * spec errors; 500 when an unexpected error left no data), and its JSON
 * without the internal `http` and `unexpected` extensions.
 */
import { GraphQLError } from 'graphql';
import type { ExecutionResult } from 'graphql';
import type { YogaLogger } from 'graphql-yoga';
import { maskError } from '../../schema/errors.js';
import type { JsonMediaType } from './accept.js';

const MASKED_MESSAGE = 'Unexpected error.';

/** yoga's useMaskedErrors over one result: every error through maskError, a masked one's original logged. */
export function masked(result: ExecutionResult, log: YogaLogger): ExecutionResult {
  if (result.errors == null) return result;
  return {
    ...result,
    errors: result.errors.map((error) => {
      const mask = maskError(error, MASKED_MESSAGE, false);
      if (mask !== error) log.error(error);
      return mask as GraphQLError;
    }),
  };
}

interface HttpExtension {
  status?: number;
  spec?: boolean;
  headers?: Record<string, string>;
}

const httpOf = (error: GraphQLError) => error.extensions?.http as HttpExtension | undefined;

function isOriginal(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return false;
  return error.originalError == null || isOriginal(error.originalError);
}

export interface Answer {
  status: number;
  /** Headers the errors ask for (yoga's `http.headers`), besides the content type. */
  headers: Record<string, string> | undefined;
  body: string;
}

function statusOf(result: ExecutionResult, mediaType: JsonMediaType, headers: Record<string, string>): number {
  const errors = result.errors ?? [];
  if (errors.length === 0) return 200;
  // yoga: 200 to application/json clients when the errors are GraphQL errors (spec errors then count for nothing).
  const json =
    mediaType === 'application/json' &&
    errors.some((error) => {
      const original = error.extensions?.originalError;
      return !original || original instanceof GraphQLError;
    });
  let status: number | undefined;
  let unexpected = false;
  for (const error of errors) {
    const http = httpOf(error);
    if (http) {
      if (http.headers) Object.assign(headers, http.headers);
      if (json && http.spec) continue;
      if (http.status && (!status || http.status > status)) status = http.status;
    } else if (!isOriginal(error) || error.extensions?.unexpected) unexpected = true;
  }
  return status ?? (unexpected && !('data' in result) ? 500 : 200);
}

/** An error's JSON without yoga's internal extensions. */
function errorJson(error: GraphQLError): object {
  const json = error.toJSON() as { extensions?: Record<string, unknown> };
  if (json.extensions) {
    const { http: _http, unexpected: _unexpected, ...extensions } = json.extensions;
    if (Object.keys(extensions).length > 0) json.extensions = extensions;
    else delete json.extensions;
  }
  return json;
}

/** The answer to `result` for a client that accepts `mediaType`. */
export function answerOf(result: ExecutionResult, mediaType: JsonMediaType): Answer {
  const headers: Record<string, string> = {};
  const status = statusOf(result, mediaType, headers);
  let wire: object = result;
  if (result.errors?.length || result.extensions?.http) {
    const { http: _http, ...extensions } = result.extensions ?? {};
    wire = {
      ...result,
      ...(result.errors && { errors: result.errors.map(errorJson) }),
      ...(result.extensions && { extensions: Object.keys(extensions).length > 0 ? extensions : undefined }),
    };
  }
  const body = JSON.stringify(wire);
  return { status, headers: Object.keys(headers).length > 0 ? headers : undefined, body };
}
