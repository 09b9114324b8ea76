/**
 * LOG_FORMAT: pino's JSON lines for machines (a pipe, a log collector), or
 * one readable line per record for a person at a terminal, the default
 * when stdout is one. The readable form only rearranges what was logged
 * (use-request-log.ts decides what that is; no header, variable or secret),
 * and escapes what it prints, so one record stays one line.
 */
export type LogFormat = 'json' | 'pretty';

/** `auto` (LOG_FORMAT unset): readable on a terminal, JSON otherwise. */
export function resolveLogFormat(format: LogFormat | 'auto', stdoutIsTerminal: boolean): LogFormat {
  if (format !== 'auto') return format;
  return stdoutIsTerminal ? 'pretty' : 'json';
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Control characters (and the two JavaScript line breaks) escaped, so text stays on its line. */
const oneLine = (text: string) =>
  text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Fields every record has, or that the line's head already shows. */
const SHOWN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'service']);
const REQUEST_FIELDS = new Set([
  'method',
  'path',
  'status',
  'durationMs',
  'operationType',
  'operationName',
  'upstream',
]);

/** A value as one token: bare when it is a plain word, else JSON (quoted, escaped). */
function token(value: unknown): string {
  if (typeof value === 'string') return /^[\w./:@+-]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? String(value);
}

interface UpstreamEntry {
  provider?: unknown;
  operation?: unknown;
  outcome?: unknown;
  attempt?: unknown;
  ms?: unknown;
}

/** `POST /graphql 200 12.3ms query NewestAssets [krea listAssets ok 9.8ms]` */
function requestHead(record: Record<string, unknown>): string {
  const calls = Array.isArray(record.upstream) ? (record.upstream as UpstreamEntry[]) : [];
  const upstream = calls.map((call) =>
    [
      token(call.provider),
      token(call.operation),
      token(call.outcome),
      ...(Number(call.attempt) > 1 ? [`#${token(call.attempt)}`] : []),
      `${token(call.ms)}ms`,
    ].join(' '),
  );
  return [
    token(record.method),
    token(record.path),
    token(record.status),
    `${token(record.durationMs)}ms`,
    ...(record.operationType === undefined ? [] : [token(record.operationType)]),
    ...(record.operationName === undefined ? [] : [token(record.operationName)]),
    ...upstream.map((call) => `[${call}]`),
  ].join(' ');
}

/** One JSON record as one readable line (a line that is not JSON is passed on, escaped). */
export function prettyLine(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return oneLine(json.trim());
  }
  const isRequest = record.msg === 'request';
  const time = typeof record.time === 'number' ? new Date(record.time).toISOString().slice(11, 23) : '';
  const level = (LEVELS[Number(record.level)] ?? token(record.level)).padEnd(5);
  const head = isRequest ? requestHead(record) : oneLine(String(record.msg ?? ''));
  const fields = Object.entries(record)
    .filter(([key, value]) => value !== undefined && !SHOWN.has(key) && !(isRequest && REQUEST_FIELDS.has(key)))
    .map(([key, value]) => `${key}=${token(value)}`);
  return [time, level, head, ...fields].join(' ');
}

/** A pino destination writing each record to `out` as one readable line. */
export function prettyDestination(out: { write(text: string): unknown }): { write(chunk: string): void } {
  return {
    write(chunk) {
      for (const line of chunk.split('\n')) if (line.trim() !== '') out.write(`${prettyLine(line)}\n`);
    },
  };
}
