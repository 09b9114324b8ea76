/**
 * One attempt of an upstream call: send it on the provider's pool, read the
 * whole body, and say how it went. It never throws: a failure comes back as
 * a ProviderError with what the retry policy needs to know about it. Each
 * attempt is seen once by the metrics, the request's log and a trace span
 * whose context goes to the provider.
 */
import type { z } from 'zod';
import { ProviderError } from '../errors.js';
import type { ProviderName } from '../errors.js';
import { startAttemptSpan } from '../../telemetry/tracing.js';
import { parseBody } from './body.js';
import type { Deadline } from './deadline.js';
import type { ProviderPool } from './pool.js';
import { queryString } from './query.js';
import { send } from './send.js';
import { isConnectionFailure, statusError, transportError } from './translate-errors.js';
import type { CallRequest, CallResult, UpstreamCall } from './types.js';

export interface AttemptFailure {
  error: ProviderError;
  /** The connection failed before any response arrived (the request may not have reached the provider). */
  connectionFailure: boolean;
}

export type AttemptOutcome<T> = CallResult<T> | AttemptFailure;

export function isFailure<T>(outcome: AttemptOutcome<T>): outcome is AttemptFailure {
  return 'error' in outcome;
}

/** Bodies a server may answer before reading to the end: streams, and anything over 64 KiB. */
const EARLY_ANSWER_BYTES = 64 * 1024;

function mayBeAnsweredEarly(body: CallRequest['body']): boolean {
  if (body === undefined || body === null) return false;
  if (typeof body === 'string') return Buffer.byteLength(body) > EARLY_ANSWER_BYTES;
  if (body instanceof Uint8Array) return body.byteLength > EARLY_ANSWER_BYTES;
  return true;
}

export interface AttemptContext {
  provider: ProviderName;
  target: ProviderPool;
  deadline: Deadline;
  /** Observes every finished attempt (metrics), beside the request's own observer. */
  onCall: ((call: UpstreamCall) => void) | undefined;
}

export async function attempt<S extends z.ZodType>(
  context: AttemptContext,
  request: CallRequest,
  shape: S,
  attemptNumber: number,
): Promise<AttemptOutcome<z.output<S>>> {
  const { provider, target, deadline } = context;
  const started = performance.now();
  let outcome: number | string = 'error';
  let responded = false;
  const span = startAttemptSpan(provider, request.operation, request.method, attemptNumber);
  try {
    const response = await send(
      target.pool,
      {
        method: request.method,
        path: target.basePath + request.path + queryString(request.query),
        headers: { accept: 'application/json', ...request.headers, ...span.headers },
        body: request.body ?? null,
        // A provider may answer a large body before reading it all (a 400 or
        // 413 for an upload it refused) and then drop the connection: the
        // socket must not carry another request, or that one is lost.
        reset: mayBeAnsweredEarly(request.body),
      },
      deadline.cancel,
      () => (responded = true),
    );
    outcome = response.statusCode;
    const { text } = response;
    if (response.statusCode >= 300) {
      return { error: statusError(provider, response.statusCode, response.headers), connectionFailure: false };
    }
    return {
      status: response.statusCode,
      headers: response.headers,
      body: parseBody(provider, text, shape, request.responseType, request.budgetKey),
    };
  } catch (error) {
    if (error instanceof ProviderError) {
      outcome = 'malformed';
      return { error, connectionFailure: false };
    }
    const translated = transportError(provider, error, deadline);
    outcome = translated.kind;
    return { error: translated, connectionFailure: !responded && isConnectionFailure(error) };
  } finally {
    const call: UpstreamCall = {
      provider,
      operation: request.operation,
      method: request.method,
      outcome,
      durationMs: performance.now() - started,
      attempt: attemptNumber,
    };
    context.onCall?.(call);
    request.observer?.(call);
    span.end(outcome);
  }
}
