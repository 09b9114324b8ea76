/**
 * How the compiled lane writes its answers and logs them: the same status,
 * headers and body as yoga's (answer.ts), the request id echoed, one log
 * line per request (request-log.ts), and the same answers as yoga's plugins
 * for a refused credential (use-authentication.ts) and a handler that threw
 * (use-safe-errors.ts).
 */
import type { ExecutionResult } from 'graphql';
import type { Logger } from '../../logger.js';
import type { UpstreamCall } from '../../providers/http/types.js';
import { refusal } from '../plugins/use-authentication.js';
import { UNEXPECTED_BODY } from '../plugins/use-safe-errors.js';
import { collectCodes, lineParts, loggedName, writeRequestLog } from '../request-log.js';
import type { LineParts, RequestLine } from '../request-log.js';
import { ENDPOINT } from './classify.js';
import type { Reply, ReplyHeaders } from './reply.js';

/** One execution's answer, as every request waiting on it writes it. */
export interface Outcome {
  result: ExecutionResult;
  status: number;
  /** The answer's headers but its request's id: made once, written by every request waiting on it. */
  headers: ReplyHeaders;
  body: Buffer;
  /** The execution's upstream attempts (its leader's log line lists them). */
  upstream: readonly UpstreamCall[];
  /** The log line of the requests that joined it, but for their ids and durations (made by the first). */
  joinedLine?: LineParts;
}

/** What one request's log line says besides the outcome. */
export interface Served {
  requestId: string;
  started: number;
  operationType: string;
  operationName: string | undefined;
  /** Answered by an execution another request started (dedupe.ts). */
  shared: boolean;
}

/** The headers of an answer (before its request's id), as yoga writes them. */
export function outcomeHeaders(
  mediaType: string,
  extra: Record<string, string> | undefined,
  body: Buffer,
): ReplyHeaders {
  return { 'content-type': `${mediaType}; charset=utf-8`, ...extra, 'content-length': body.length };
}

export function writeOutcome(method: string, reply: Reply, outcome: Outcome, served: Served, logger: Logger): void {
  reply.send(outcome.status, outcome.headers, outcome.body, served.requestId);
  if (!logger.isLevelEnabled('info')) return;
  const line: RequestLine = {
    requestId: served.requestId,
    method,
    path: ENDPOINT,
    status: outcome.status,
    started: served.started,
    operationType: served.operationType,
    operationName: loggedName(served.operationName),
    codes: [],
    // A request answered by another's execution made no upstream call of its own.
    upstream: served.shared ? [] : outcome.upstream,
    deduplicated: served.shared,
  };
  // The requests joining one execution log one line but for their ids and durations: made once.
  let parts = served.shared ? outcome.joinedLine : undefined;
  if (!parts) {
    collectCodes(outcome.result, line.codes as string[]);
    parts = lineParts(line);
    if (served.shared) outcome.joinedLine = parts;
  }
  writeRequestLog(logger, line, false, parts);
}

/** A credential the authenticator refused: 401, as use-authentication answers it. */
export function writeRefusal(
  method: string,
  reply: Reply,
  refused: string,
  served: Pick<Served, 'requestId' | 'started'>,
  logger: Logger,
): void {
  const { status, headers, body } = refusal(refused);
  reply.send(status, { ...headers, 'content-length': Buffer.byteLength(body) }, body, served.requestId);
  writeRequestLog(logger, { ...served, method, path: ENDPOINT, status, codes: [] });
}

/** A handler that threw: 500 and the coded error, as use-safe-errors' guard answers. */
export function writeFailure(reply: Reply, error: unknown, logger: Logger): void {
  logger.error({ err: error }, 'unhandled error in a request');
  if (reply.headersSent) return void reply.destroy();
  reply.send(
    500,
    { 'content-type': 'application/json', 'content-length': Buffer.byteLength(UNEXPECTED_BODY) },
    UNEXPECTED_BODY,
  );
}
