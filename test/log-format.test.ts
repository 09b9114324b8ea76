/**
 * LOG_FORMAT=pretty: pino's records, as the gateway logs them, each on one
 * readable line; JSON stays the format when stdout is not a terminal.
 */
import { describe, expect, it } from 'vitest';
import { prettyDestination, resolveLogFormat } from '../src/log-format.js';
import { createLogger } from '../src/logger.js';

function prettyLogger() {
  const lines: string[] = [];
  const logger = createLogger('debug', prettyDestination({ write: (text: string) => lines.push(text) }));
  return { logger, lines };
}

describe('LOG_FORMAT', () => {
  it('is readable on a terminal and JSON elsewhere unless set', () => {
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });

  it('writes a request as time, level, method, path, status, duration, operation and upstream calls', () => {
    const { logger, lines } = prettyLogger();
    logger.info(
      {
        requestId: 'req-1',
        method: 'POST',
        path: '/graphql',
        status: 200,
        durationMs: 12.3,
        operationType: 'query',
        operationName: 'NewestAssets',
        upstream: [
          { provider: 'krea', operation: 'listAssets', outcome: 'ok', attempt: 1, ms: 9.8 },
          { provider: 'argil', operation: 'listAssets', outcome: 'timeout', attempt: 2, ms: 50 },
        ],
        errors: ['UPSTREAM_TIMEOUT'],
      },
      'request',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} INFO {2}POST \/graphql 200 12\.3ms query NewestAssets \[krea listAssets ok 9\.8ms\] \[argil listAssets timeout #2 50ms\] requestId=req-1 errors=\["UPSTREAM_TIMEOUT"\]\n$/,
    );
  });

  it('keeps every record on one line, whatever its text holds, and shows other fields as key=value', () => {
    const { logger, lines } = prettyLogger();
    logger.warn({ signal: 'SIGTERM', details: ['line one\nline two'] }, 'draining\nnow');
    logger.debug({ err: { name: 'Error', message: 'a "quoted"\r\nmessage' } }, 'yoga');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.slice(0, -1)).not.toMatch(/[\r\n]/);
    expect(lines[0]).toMatch(/ WARN {2}draining\\u000anow signal=SIGTERM details=\["line one\\nline two"\]\n$/);
    expect(lines[1]).toMatch(/ DEBUG yoga err=\{.*"message":"a \\"quoted\\"\\r\\nmessage".*\}\n$/);
  });
});
