/**
 * The oracle's reference: plain graphql-js `validate` + `execute`/`subscribe`
 * over the same schema, with a context made by the same createRequestContext
 * from the same services, and no yoga, no envelop, no JIT. Its errors are
 * then put in the form the gateway documents for clients (one code each,
 * masked when unexpected), with the gateway's own error helpers, so that
 * what remains to differ is how the operation was executed.
 */
import { execute, GraphQLError, parse, subscribe, validate, ValuesOfCorrectTypeRule } from 'graphql';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import { createRequestContext } from '../../src/context.js';
import type { GatewayServices } from '../../src/context.js';
import { maskError } from '../../src/schema/errors.js';
import { recode } from '../../src/server/plugins/recode.js';
import { safeError } from '../../src/server/plugins/use-safe-errors.js';
import type { OracleOperation } from './render.js';

/** A result as a client reads it off the wire. */
export interface WireResult {
  data?: unknown;
  errors?: unknown[];
}

/** The JSON a client would read: `toJSON` of each error, no undefined keys. */
export function wire(result: { data?: unknown; errors?: readonly unknown[] | undefined }): WireResult {
  return JSON.parse(JSON.stringify({ data: result.data, errors: result.errors })) as WireResult;
}

/** Documented codes: a wrong argument literal is BAD_USER_INPUT, any other invalid document GRAPHQL_VALIDATION_FAILED. */
function validationErrors(schema: GraphQLSchema, errors: readonly GraphQLError[], document: ReturnType<typeof parse>) {
  const values = new Set(validate(schema, document, [ValuesOfCorrectTypeRule]).map((error) => error.message));
  return errors.map((error) =>
    safeError(recode(error, values.has(error.message) ? 'BAD_USER_INPUT' : 'GRAPHQL_VALIDATION_FAILED')),
  );
}

/** Documented codes: a variable that cannot be coerced (no path) is BAD_USER_INPUT; resolver errors are translated or masked. */
function executionErrors(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.map((error) => {
    if (!error.path && !error.extensions?.code) return safeError(recode(error, 'BAD_USER_INPUT'));
    const masked = maskError(error, 'Unexpected error.', false);
    return safeError(masked instanceof GraphQLError ? masked : new GraphQLError(masked.message));
  });
}

function clientView(result: ExecutionResult, fieldErrors: readonly GraphQLError[]): WireResult {
  const errors = [...(result.errors ?? []), ...fieldErrors];
  return wire({ data: result.data, errors: errors.length > 0 ? executionErrors(errors) : undefined });
}

export interface ReferenceOptions {
  schema: GraphQLSchema;
  services: GatewayServices;
  /** Request headers, as a client would send them (credentials). */
  headers?: Record<string, string>;
}

/**
 * The operation's result (a subscription's first event, or its refusal)
 * per graphql-js. A subscription is closed after its first event.
 */
export async function runReference(operation: OracleOperation, options: ReferenceOptions): Promise<WireResult> {
  const { schema } = options;
  const document = parse(operation.query);
  const invalid = validate(schema, document);
  if (invalid.length > 0) return wire({ errors: validationErrors(schema, invalid, document) });
  const request = new Request('http://gateway/graphql', { method: 'POST', headers: options.headers });
  const contextValue = createRequestContext(options.services, request);
  const args = { schema, document, contextValue, variableValues: operation.variables };
  if (operation.kind !== 'subscription') {
    return clientView(await execute(args), contextValue.fieldErrors);
  }
  const stream = await subscribe(args);
  if (!(Symbol.asyncIterator in stream)) return clientView(stream, contextValue.fieldErrors);
  const iterator = stream[Symbol.asyncIterator]();
  try {
    const first = await iterator.next();
    return first.done ? {} : clientView(first.value, contextValue.fieldErrors);
  } finally {
    await iterator.return?.();
  }
}
