/**
 * The process logger: pino, JSON lines, level from LOG_LEVEL. Request logs
 * carry ids, names, statuses and durations, never headers, variables or
 * documents; the redaction below is a second line of defence for anything
 * credential-shaped that a future log call might pass by mistake.
 */
import pino from 'pino';
import type { Logger } from 'pino';
import type { YogaLogger } from 'graphql-yoga';

export type { Logger } from 'pino';

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'mediagraph' },
      redact: {
        paths: [
          '*.authorization',
          '*.Authorization',
          '*["x-krea-token"]',
          '*["x-argil-api-key"]',
          '*["x-api-key"]',
          'headers',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
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
