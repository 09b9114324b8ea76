/**
 * The process logger: pino, JSON lines, level from LOG_LEVEL, written
 * asynchronously (a buffered sonic-boom) so a log line per request costs
 * little on the request path; `flush()` on shutdown. Request logs carry ids,
 * names, statuses and durations, never headers, variables or documents
 * (use-request-log.ts builds them field by field, which is why no redaction
 * pass is needed here).
 */
import pino from 'pino';
import type { Logger } from 'pino';
import type { YogaLogger } from 'graphql-yoga';

export type { Logger } from 'pino';

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = { level, base: { service: 'mediagraph' } };
  if (destination) return pino(options, destination);
  if (level === 'silent') return pino(options);
  return pino(options, pino.destination({ dest: 1, sync: false, minLength: 4096 }));
}

/** yoga's own messages, through the same logger. */
export function yogaLogger(logger: Logger): YogaLogger {
  const forward =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (first instanceof Error) logger[level]({ err: { name: first.name, message: first.message } }, 'yoga');
      else logger[level]({ details: rest.length > 0 ? rest.map(String) : undefined }, String(first));
    };
  return { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error') };
}
