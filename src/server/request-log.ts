/**
 * The request log line, as both lanes write it (yoga's plugin,
 * plugins/use-request-log.ts, and the compiled lane, lane/): one JSON line
 * per request with a request id (the client's X-Request-Id when it is a sane
 * token, else a new one; echoed as a response header), the operation's name
 * and type, the status, the duration and every upstream attempt with its
 * outcome and duration. Never headers, variables or the document: those may
 * carry credentials or personal data.
 */
import { randomFillSync } from 'node:crypto';
import pino from 'pino';
import type { ExecutionResult } from 'graphql';
import type { Logger } from '../logger.js';
import type { UpstreamCall } from '../providers/http/types.js';

export const REQUEST_ID_HEADER = 'x-request-id';

const SANE_ID = /^[\w.:-]{1,64}$/;

/** The id of a request: the client's, when it is a sane token, else a new one. */
export function requestIdOf(incoming: string | null | undefined): string {
  return incoming && SANE_ID.test(incoming) ? incoming : newRequestId();
}

const ID_BYTES = 16;
/** Random bytes for the next 256 ids, drawn at once (as randomUUID caches its entropy). */
const entropy = Buffer.alloc(ID_BYTES * 256);
let entropyUsed = entropy.length;

/**
 * A new request id: 128 random bits as 22 base64url characters (a sane
 * token itself), one string: randomUUID's hex pairs and dashes made about
 * 20 strings per request.
 */
export function newRequestId(): string {
  if (entropyUsed === entropy.length) {
    randomFillSync(entropy);
    entropyUsed = 0;
  }
  entropyUsed += ID_BYTES;
  return entropy.toString('base64url', entropyUsed - ID_BYTES, entropyUsed);
}

/** An operation's name as logged: at most 100 characters. */
export const loggedName = (name: string | null | undefined): string | undefined => name?.slice(0, 100) ?? undefined;

/** Adds the codes of a result's errors to `codes`. */
export function collectCodes(result: ExecutionResult, codes: string[]): void {
  for (const error of result.errors ?? []) codes.push(String(error.extensions?.code ?? 'UNKNOWN'));
}

export interface RequestLine {
  requestId: string;
  method: string;
  path: string;
  status: number;
  /** `performance.now()` when the request came in. */
  started: number;
  operationType?: string | undefined;
  operationName?: string | undefined;
  codes: readonly string[];
  upstream?: readonly UpstreamCall[] | undefined;
  /** The compiled lane answered with the bytes of an identical operation already in flight (lane/dedupe.ts). */
  deduplicated?: boolean;
}

const { chindingsSym, streamSym, timeSym } = pino.symbols;

/** A JSON string (quoted, escaped as pino escapes). */
const json = (text: string) => JSON.stringify(text);

/**
 * A line's text but its request id and duration: what follows the id up to
 * the duration's value, and what follows the duration. Every request one
 * execution answers alike (lane/dedupe.ts) shares these.
 */
export interface LineParts {
  middle: string;
  tail: string;
}

export function lineParts(line: Omit<RequestLine, 'requestId' | 'started'>): LineParts {
  const middle = `,"method":${json(line.method)},"path":${json(line.path)},"status":${line.status},"durationMs":`;
  let tail = '';
  if (line.operationType !== undefined) tail += `,"operationType":${json(line.operationType)}`;
  if (line.operationName !== undefined) tail += `,"operationName":${json(line.operationName)}`;
  if (line.codes.length > 0) tail += `,"errors":${JSON.stringify(line.codes)}`;
  if (line.deduplicated) tail += ',"deduplicated":true';
  if (line.upstream) {
    const calls = line.upstream.map((call) => ({
      provider: call.provider,
      operation: call.operation,
      outcome: call.outcome,
      attempt: call.attempt,
      ms: Math.round(call.durationMs * 10) / 10,
    }));
    tail += `,"upstream":${calls.length === 0 ? '[]' : JSON.stringify(calls)}`;
  }
  return { middle, tail: `${tail},"msg":"request"}\n` };
}

/**
 * The line is the record pino would write for `logger.info(fields, 'request')`
 * (level, time, the logger's bindings, the fields, msg), put together as
 * text and handed to the logger's destination: pino's per-field serializer
 * cost 2–3 % of a request's CPU, and one JSON.stringify of the fields still
 * about 0.5 µs (bench/side-by-side.sh); test/request-log-line.test.ts holds
 * this to pino's own record. Our loggers have no serializers, formatters or
 * redaction that this would skip (logger.ts), and an undefined field is
 * left out as pino leaves it out.
 */
export function writeRequestLog(logger: Logger, line: RequestLine, quiet = false): void {
  const level = quiet ? 'debug' : 'info';
  if (logger.isLevelEnabled(level)) writeLogLine(logger, level, line, lineParts(line));
}

/**
 * A request's line from `parts`, made once for every request answered alike
 * (lane/respond.ts); the caller has checked that `level` is enabled.
 */
export function writeLogLine(
  logger: Logger,
  level: 'info' | 'debug',
  request: Pick<RequestLine, 'requestId' | 'started'>,
  { middle, tail }: LineParts,
): void {
  // pino keeps its bindings (`,"service":…`), clock (`,"time":…`) and destination under these symbols.
  const pinos = logger as unknown as Record<symbol, unknown>;
  const time = (pinos[timeSym] as () => string)();
  const destination = pinos[streamSym] as { write(line: string): unknown };
  const durationMs = Math.round((performance.now() - request.started) * 10) / 10;
  destination.write(
    `{"level":${logger.levels.values[level]}${time}${pinos[chindingsSym] as string},"requestId":${json(request.requestId)}` +
      `${middle}${durationMs}${tail}`,
  );
}
