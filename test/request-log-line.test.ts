/**
 * The request log line is written without pino's serializer
 * (server/request-log.ts): it must be the record pino itself writes for the
 * same fields, bindings, level and message, whatever the fields hold
 * (client-chosen names with quotes, control characters, lone surrogates).
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { lineParts, writeLogLine, writeRequestLog } from '../src/server/request-log.js';
import type { RequestLine } from '../src/server/request-log.js';

function capture(level = 'debug') {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (text: string) => void lines.push(text) });
  return { logger, lines };
}

/** pino's own record of `fields` as writeRequestLog logs them. */
function pinoRecord(line: RequestLine, level: 'info' | 'debug', bindings: Record<string, unknown> = {}): string {
  const { logger, lines } = capture();
  const at = performance.now() - line.started;
  (Object.keys(bindings).length > 0 ? logger.child(bindings) : logger)[level](
    {
      requestId: line.requestId,
      method: line.method,
      path: line.path,
      status: line.status,
      durationMs: Math.round(at * 10) / 10,
      operationType: line.operationType,
      operationName: line.operationName,
      errors: line.codes.length > 0 ? line.codes : undefined,
      deduplicated: line.deduplicated || undefined,
      upstream: line.upstream?.map((call) => ({
        provider: call.provider,
        operation: call.operation,
        outcome: call.outcome,
        attempt: call.attempt,
        ms: Math.round(call.durationMs * 10) / 10,
      })),
    },
    'request',
  );
  return lines[0]!;
}

const NAMES = ['Newest', 'with "quotes" and \\ back', 'tab\there\nnewline', 'lone \ud800 surrogate', 'é ✓ 𝄞', ''];

/** Without its clock: the two records are written microseconds apart. */
const timeless = (line: string) => line.replace(/,"time":\d+/, '').replace(/"durationMs":[\d.]+/, '"durationMs":0');

describe('the request log line', () => {
  it('is the record pino writes for the same fields, over many field values', () => {
    let checked = 0;
    for (const [index, name] of NAMES.entries()) {
      for (const quiet of [false, true]) {
        for (const bindings of [{}, { replica: `r"${index}` }]) {
          const line: RequestLine = {
            requestId: `req-${index}`,
            method: index % 2 === 0 ? 'POST' : 'GET',
            path: '/graphql',
            status: [200, 400, 401, 500][index % 4]!,
            started: performance.now() - index,
            operationType: index === 5 ? undefined : 'query',
            operationName: name === '' ? undefined : name,
            codes: index % 3 === 0 ? [] : ['BAD_USER_INPUT', 'FORBIDDEN'].slice(0, index % 3),
            upstream:
              index % 2 === 0
                ? undefined
                : [
                    {
                      provider: 'krea',
                      operation: 'listAssets',
                      method: 'GET',
                      outcome: 200,
                      attempt: index,
                      durationMs: 1.234 * index,
                    },
                  ],
            deduplicated: index === 4,
          };
          const { logger, lines } = capture();
          writeRequestLog(Object.keys(bindings).length > 0 ? logger.child(bindings) : logger, line, quiet);
          expect(lines).toHaveLength(1);
          expect(lines[0]!.endsWith('\n')).toBe(true);
          const ours = lines[0]!;
          const theirs = pinoRecord(line, quiet ? 'debug' : 'info', bindings);
          // The same record, fields in the same order (a lone surrogate is escaped by JSON.stringify, raw in pino's).
          const [record, expected] = [JSON.parse(timeless(ours)), JSON.parse(timeless(theirs))] as Record<
            string,
            unknown
          >[];
          expect(record).toEqual(expected);
          expect(Object.keys(record!)).toEqual(Object.keys(expected!));
          if (!name.includes('\ud800')) expect(timeless(ours)).toBe(timeless(theirs));
          expect(JSON.parse(ours)).toMatchObject({ msg: 'request', level: quiet ? 20 : 30, service: 'mediagraph' });
          // Made from the parts of another request's line, alike but for its id and start (one execution's
          // joiners share them): the same line with this request's id.
          const other = { ...line, requestId: 'someone-else', started: line.started - 7 };
          const shared = capture();
          const logged = Object.keys(bindings).length > 0 ? shared.logger.child(bindings) : shared.logger;
          writeLogLine(logged, quiet ? 'debug' : 'info', line, lineParts(other));
          expect(timeless(shared.lines[0]!)).toBe(timeless(ours));
          checked += 1;
        }
      }
    }
    expect(checked).toBe(NAMES.length * 4);
  });

  it('is not written below the logger level', () => {
    const { logger, lines } = capture('info');
    const line: RequestLine = { requestId: 'q', method: 'POST', path: '/graphql', status: 200, started: 0, codes: [] };
    writeRequestLog(logger, line, true);
    expect(lines).toEqual([]);
    writeRequestLog(logger, line);
    expect(lines).toHaveLength(1);
  });
});
