/**
 * The one place where failures become GraphQL errors. Provider errors,
 * pagination input errors and Pothos validation errors are translated into
 * the contract's `extensions.code` values (with `extensions.provider`);
 * anything unexpected is masked by yoga's own maskError.
 */
import { PothosValidationError } from '@pothos/core';
import { GraphQLError, responsePathAsArray } from 'graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { maskError as yogaMaskError } from 'graphql-yoga';
import { CreditsUnavailableError, QuotaExceededError } from '../credits/errors.js';
import { IdempotencyConflictError } from '../idempotency.js';
import { LiveLimitError } from '../live/hub.js';
import { PaginationInputError, PaginationLimitError } from '../pagination/errors.js';
import { isProviderError } from '../providers/errors.js';
import { UploadError } from '../uploads/upload.js';
import type { ProviderErrorKind } from '../providers/errors.js';
import { providerCode } from '../providers/names.js';
import type { RequestContext } from '../context.js';

/**
 * Every `extensions.code` a client can see (README, "Errors"): the
 * contract's failure codes, graphql-js' two for documents it cannot run, and
 * INTERNAL_SERVER_ERROR for what is masked. server/plugins/use-safe-errors.ts
 * turns anything else into the last.
 */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'RATE_LIMITED',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_UNAVAILABLE',
  'QUERY_TOO_COMPLEX',
  'INSUFFICIENT_CREDITS',
  'QUOTA_EXCEEDED',
  'FORBIDDEN',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_REQUIRED',
  'INTERNAL_SERVER_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const DOCUMENTED = new Set<string>(ERROR_CODES);

export function isDocumentedCode(code: string): code is ErrorCode {
  return DOCUMENTED.has(code);
}

const CODE_FOR_KIND: Record<ProviderErrorKind, ErrorCode> = {
  unauthenticated: 'UNAUTHENTICATED',
  'not-found': 'NOT_FOUND',
  'rate-limited': 'RATE_LIMITED',
  timeout: 'UPSTREAM_TIMEOUT',
  unavailable: 'UPSTREAM_UNAVAILABLE',
  // The provider refused what the client sent through us.
  'bad-request': 'BAD_USER_INPUT',
  'insufficient-credits': 'INSUFFICIENT_CREDITS',
};

/** The helper every GraphQL error of the gateway is made with: a code, always. */
export function gatewayError(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export function userInputError(message: string): GraphQLError {
  return gatewayError(message, 'BAD_USER_INPUT');
}

const UNFIT_VALUE = /^The provider sent a value that is not a valid [A-Za-z]+$/;

/**
 * A provider value an output scalar cannot serialize. yoga's executor
 * (graphql-tools') rethrows what a serializer threw as a plain Error with
 * its message, so the code is also recognised from the message
 * (codeOfUncodedMessage, translateError).
 */
export function unfitProviderValue(scalar: string): GraphQLError {
  return gatewayError(`The provider sent a value that is not a valid ${scalar}`, 'UPSTREAM_UNAVAILABLE');
}

/** The code of an error that lost its extensions on the way (see unfitProviderValue), if it is one of ours. */
export function codeOfUncodedMessage(message: string): ErrorCode | undefined {
  return UNFIT_VALUE.test(message) ? 'UPSTREAM_UNAVAILABLE' : undefined;
}

/** The GraphQL error a known failure stands for, or undefined for an unexpected one. */
export function translateError(error: unknown): GraphQLError | undefined {
  if (isProviderError(error)) {
    const extensions: Record<string, unknown> = { provider: providerCode(error.provider) };
    if (error.details.retryAfterSeconds !== undefined) extensions.retryAfterSeconds = error.details.retryAfterSeconds;
    return gatewayError(error.message, CODE_FOR_KIND[error.kind], extensions);
  }
  if (error instanceof PaginationInputError || error instanceof PothosValidationError || error instanceof UploadError) {
    return userInputError(error.message);
  }
  if (error instanceof QuotaExceededError) return gatewayError(error.message, 'QUOTA_EXCEEDED', { quota: error.quota });
  if (error instanceof CreditsUnavailableError) {
    return gatewayError(error.message, 'UPSTREAM_UNAVAILABLE', { retryAfterSeconds: error.retryAfterSeconds });
  }
  if (error instanceof IdempotencyConflictError) {
    return gatewayError(error.message, 'BAD_USER_INPUT', { field: 'idempotencyKey' });
  }
  if (error instanceof PaginationLimitError) return gatewayError(error.message, 'UPSTREAM_UNAVAILABLE');
  const uncoded = error instanceof Error ? codeOfUncodedMessage(error.message) : undefined;
  if (uncoded && error instanceof Error) return gatewayError(error.message, uncoded);
  if (error instanceof LiveLimitError) return gatewayError(error.message, 'RATE_LIMITED');
  return undefined;
}

/**
 * yoga's `maskedErrors.maskError`: known failures keep their message and get
 * their code, at their path; everything else is masked by yoga.
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  const translated = translateError(original);
  if (translated && error instanceof GraphQLError) {
    return new GraphQLError(translated.message, {
      nodes: error.nodes ?? null,
      source: error.source ?? null,
      positions: error.positions ?? null,
      path: error.path ?? null,
      extensions: translated.extensions,
    });
  }
  if (translated) return translated;
  return yogaMaskError(error, message, isDev);
}

/**
 * Records a known failure at the field's path without failing the field (see
 * server/plugins/use-field-errors.ts); rethrows an unexpected one.
 */
export function recordFieldError(context: RequestContext, info: GraphQLResolveInfo, error: unknown): void {
  const translated = translateError(error);
  if (!translated) throw error;
  context.fieldErrors.push(
    new GraphQLError(translated.message, {
      nodes: info.fieldNodes,
      path: responsePathAsArray(info.path),
      extensions: translated.extensions,
    }),
  );
}

/**
 * Runs a resolver whose field must not fail the whole response (a provider's
 * non-null connection): a known failure is recorded at the field's path and
 * `fallback` is answered instead; an unexpected one still throws.
 */
export async function withFallback<T>(
  context: RequestContext,
  info: GraphQLResolveInfo,
  run: () => Promise<T>,
  fallback: () => T,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    recordFieldError(context, info, error);
    return fallback();
  }
}
