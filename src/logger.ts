/**
 * The process logger: pino, JSON lines, level from LOG_LEVEL, written
 * asynchronously (a buffered sonic-boom) so a log line per request costs
 * little on the request path, flushed every second and on shutdown.
 * LOG_FORMAT=pretty (the default on a terminal) writes one readable line per
 * record instead (log-format.ts). Request logs carry ids,
 * names, statuses and durations, never headers, variables or documents
 * (use-request-log.ts builds them field by field, which is why no redaction
 * pass is needed here).
 */
import pino from 'pino';
import type { Logger } from 'pino';
import type { YogaLogger } from 'graphql-yoga';
import { prettyDestination } from './log-format.js';
import type { LogFormat } from './log-format.js';

export type { Logger } from 'pino';

/** The longest a JSON log line waits in the buffer. */
const FLUSH_EVERY_MS = 1_000;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = { level, base: { service: 'mediagraph' } };
  if (destination) return pino(options, destination);
  if (level === 'silent') return pino(options);
  // Written in 4 KB chunks, and at least every second: a quiet gateway's lines would otherwise wait for more.
  return pino(options, pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: FLUSH_EVERY_MS }));
}

/** The logger of `npm start`, writing to stdout in `format`. */
export function createStdoutLogger(level: string, format: LogFormat): Logger {
  if (format === 'json' || level === 'silent') return createLogger(level);
  // A person reads these as they come: written at once, not buffered.
  return createLogger(level, prettyDestination(process.stdout));
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
