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
import { collectCodes, lineParts, loggedName, writeLogLine, writeRequestLog } from '../request-log.js';
import type { LineParts } from '../request-log.js';
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

/** The request as it came: its method, id and start (performance.now()). */
export interface Arrival {
  method: string;
  requestId: string;
  started: number;
}

/** A request answered with an outcome (waiting.ts): what its log line says besides the outcome. */
export interface Served {
  readonly reply: Reply;
  readonly arrival: Arrival;
  readonly operationType: string;
  readonly operationName: string | undefined;
}

/** The headers of an answer (before its request's id), as yoga writes them. */
export function outcomeHeaders(
  mediaType: string,
  extra: Record<string, string> | undefined,
  body: Buffer,
): ReplyHeaders {
  return { 'content-type': `${mediaType}; charset=utf-8`, ...extra, 'content-length': body.length };
}

/** `shared`: answered by an execution another request started (dedupe.ts). */
export function writeOutcome(served: Served, outcome: Outcome, shared: boolean, logger: Logger): void {
  const { reply, arrival } = served;
  reply.send(outcome.status, outcome.headers, outcome.body, arrival.requestId);
  if (!logger.isLevelEnabled('info')) return;
  // The requests joining one execution log one line but for their ids and durations: made once.
  let parts = shared ? outcome.joinedLine : undefined;
  if (!parts) {
    const codes: string[] = [];
    collectCodes(outcome.result, codes);
    parts = lineParts({
      method: arrival.method,
      path: ENDPOINT,
      status: outcome.status,
      operationType: served.operationType,
      operationName: loggedName(served.operationName),
      codes,
      // A request answered by another's execution made no upstream call of its own.
      upstream: shared ? [] : outcome.upstream,
      deduplicated: shared,
    });
    if (shared) outcome.joinedLine = parts;
  }
  writeLogLine(logger, 'info', arrival, parts);
}

/** A credential the authenticator refused: 401, as use-authentication answers it. */
export function writeRefusal(reply: Reply, refused: string, arrival: Arrival, logger: Logger): void {
  const { status, headers, body } = refusal(refused);
  reply.send(status, { ...headers, 'content-length': Buffer.byteLength(body) }, body, arrival.requestId);
  writeRequestLog(logger, { ...arrival, path: ENDPOINT, status, codes: [] });
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
