/**
 * The last word on every error a client sees, whatever made it (a resolver,
 * yoga's request parsing, a plugin): one of the documented codes, a short
 * message, and only the documented extensions. Nothing else of the error
 * (a library's `originalError`, a stack, an echo of the request body) gets
 * through. An error thrown past yoga itself becomes a plain coded 500
 * instead of the server adapter's default, which answers with the stack.
 *
 * Must come first in the plugin list: the request log and the metrics count
 * the codes this plugin settles.
 */
import { GraphQLError } from 'graphql';
import type { ExecutionResult } from 'graphql';
import { isAsyncIterable, mapAsyncIterator } from 'graphql-yoga';
import type { Plugin } from 'graphql-yoga';
import { codeOfUncodedMessage, isDocumentedCode } from '../../schema/errors.js';
import type { ErrorCode } from '../../schema/errors.js';
import type { Logger } from '../../logger.js';
import { describeVariableError, ownReason } from './variable-errors.js';

/** Long enough for any message of ours or graphql-js'; short enough that no body is echoed back. */
export const MAX_ERROR_MESSAGE = 300;

/** Extensions a client may see (`http` and `unexpected` are yoga's, read for the status and never serialized). */
const PUBLIC_EXTENSIONS = ['code', 'provider', 'retryAfterSeconds', 'field', 'quota', 'http', 'unexpected'] as const;

const UNEXPECTED = 'Unexpected error.';

/** The answer to a request whose handling threw (both lanes send it, with status 500). */
export const UNEXPECTED_BODY = JSON.stringify({
  errors: [{ message: UNEXPECTED, extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
});

/** yoga's and graphql-js' own codes, in the contract's words. */
const ALIASES: Record<string, ErrorCode> = {
  BAD_REQUEST: 'BAD_USER_INPUT',
  PERSISTED_QUERY_MISMATCH: 'BAD_USER_INPUT',
  // An operationName the document does not define (yoga's wording: "Could not determine what operation to execute.").
  OPERATION_RESOLUTION_FAILURE: 'BAD_USER_INPUT',
};

function httpStatusOf(extensions: Record<string, unknown>): number | undefined {
  const http = extensions.http as { status?: unknown } | undefined;
  return typeof http?.status === 'number' ? http.status : undefined;
}

/** The same error as a client may see it. */
export function safeError(error: GraphQLError): GraphQLError {
  const extensions = (error.extensions ?? {}) as Record<string, unknown>;
  const raw = typeof extensions.code === 'string' ? extensions.code : undefined;
  const status = httpStatusOf(extensions);
  let code: ErrorCode;
  let message = error.message;
  let field = extensions.field;
  // graphql-js words a bad variable with its whole value: not echoed back.
  const variable = error.path === undefined ? describeVariableError(message, ownReason(error)) : undefined;
  if (variable) {
    message = variable.message;
    field = variable.field;
  }
  const recognised = raw === undefined ? codeOfUncodedMessage(message) : undefined;
  if (recognised) code = recognised;
  else if (variable && raw === undefined) code = 'BAD_USER_INPUT';
  else if (raw !== undefined && isDocumentedCode(raw)) code = raw;
  else if (raw !== undefined && raw in ALIASES) code = ALIASES[raw]!;
  // yoga's own refusals of a request (a bad method, a bad parameter) carry a 4xx and no code.
  else if (raw === undefined && status !== undefined && status >= 400 && status < 500) code = 'BAD_USER_INPUT';
  else {
    code = 'INTERNAL_SERVER_ERROR';
    message = UNEXPECTED;
  }
  if (code === 'INTERNAL_SERVER_ERROR') message = UNEXPECTED;
  if (message.length > MAX_ERROR_MESSAGE) message = `${message.slice(0, MAX_ERROR_MESSAGE - 1)}…`;
  const kept: Record<string, unknown> = {};
  for (const key of PUBLIC_EXTENSIONS) if (extensions[key] !== undefined) kept[key] = extensions[key];
  kept.code = code;
  if (field !== undefined) kept.field = field;
  // yoga marks a body it cannot read (invalid JSON, bad parameters) as `spec`,
  // which answers 200 to `application/json` clients once its original error
  // is gone; such a request was not run at all: keep its 4xx.
  if (raw === 'BAD_REQUEST' && status !== undefined) kept.http = { status };
  const same =
    message === error.message &&
    field === extensions.field &&
    error.originalError === undefined &&
    Object.keys(kept).length === Object.keys(extensions).length &&
    kept.code === raw;
  if (same) return error;
  return new GraphQLError(message, {
    nodes: error.nodes ?? null,
    source: error.source ?? null,
    positions: error.positions ?? null,
    path: error.path ?? null,
    extensions: kept,
  });
}

/** A later payload of an incremental (@defer/@stream) answer carries its errors in its increments. */
type Increments = { incremental?: ReadonlyArray<{ errors?: readonly GraphQLError[] }> };

/** The result with every error made safe (see safeError), those of increments too. */
export function safeResult<T extends ExecutionResult>(result: T): T {
  let safe = result;
  if (result.errors && result.errors.length > 0) safe = { ...safe, errors: result.errors.map(safeError) };
  const { incremental } = result as Increments;
  if (incremental?.some((increment) => increment.errors?.length)) {
    safe = {
      ...safe,
      incremental: incremental.map((increment) =>
        increment.errors?.length ? { ...increment, errors: increment.errors.map(safeError) } : increment,
      ),
    };
  }
  return safe;
}

type RequestHandler = Parameters<NonNullable<Plugin['onRequest']>>[0]['requestHandler'];

export function useSafeErrors(options: { logger: Logger }): Plugin {
  const wrapped = new WeakMap<RequestHandler, RequestHandler>();
  return {
    onRequest({ requestHandler, setRequestHandler, fetchAPI }) {
      // One wrapper per handler (the same one for every request), not a closure per request.
      let guarded = wrapped.get(requestHandler);
      if (!guarded) {
        guarded = async (request, serverContext) => {
          try {
            return await requestHandler(request, serverContext);
          } catch (error) {
            options.logger.error({ err: error }, 'unhandled error in a request');
            return new fetchAPI.Response(UNEXPECTED_BODY, {
              status: 500,
              headers: { 'content-type': 'application/json' },
            });
          }
        };
        wrapped.set(requestHandler, guarded);
      }
      setRequestHandler(guarded);
    },
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result)) setResult(result.map((single: ExecutionResult) => safeResult(single)));
      else if (isAsyncIterable(result))
        setResult(mapAsyncIterator(result, (single: ExecutionResult) => safeResult(single)));
      else setResult(safeResult(result as ExecutionResult));
    },
  };
}
