/**
 * Errors as a WebSocket client may see them: use-safe-errors.ts' safe form,
 * without `extensions.http`. yoga reads that extension for an HTTP status
 * and never serializes it; graphql-ws sends a payload as it is. graphql-js'
 * executor marks a variable it cannot coerce with `http: { status: 400 }`.
 */
import { GraphQLError } from 'graphql';
import type { ExecutionResult } from 'graphql';
import { safeError, safeResult } from './plugins/use-safe-errors.js';

function withoutHttp(error: GraphQLError): GraphQLError {
  if (error.extensions?.http === undefined) return error;
  const extensions = { ...error.extensions };
  delete extensions.http;
  return new GraphQLError(error.message, {
    nodes: error.nodes ?? null,
    source: error.source ?? null,
    positions: error.positions ?? null,
    path: error.path ?? null,
    extensions,
  });
}

export function socketError(error: GraphQLError): GraphQLError {
  return withoutHttp(safeError(error));
}

export function socketResult<T extends ExecutionResult>(result: T): T {
  const safe = safeResult(result);
  if (!safe.errors?.some((error) => error.extensions?.http !== undefined)) return safe;
  return { ...safe, errors: safe.errors.map(withoutHttp) };
}
