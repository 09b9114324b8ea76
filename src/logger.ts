/**
 * The process logger: pino, JSON lines, level from LOG_LEVEL, gathered and
 * written asynchronously (sonic-boom) so a log line per request costs little
 * on the request path, flushed every second and on shutdown.
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
  return pino(options, batchedStdout());
}

/** Characters of log lines gathered before they go to sonic-boom as one write. */
const BATCH_CHARS = 16 * 1024;

/**
 * stdout through sonic-boom (asynchronous writes that wait out a slow pipe)
 * fed one string per 16 KB of lines: sonic-boom spends 2–4 µs on each write
 * it is given, whatever its size, and a line per request made that about 5 %
 * of a request's CPU (bench/side-by-side.sh). Gathered lines go out at least
 * every second (a quiet gateway's line would otherwise wait for more), on
 * `logger.flush()` and when the process exits.
 */
function batchedStdout(): pino.DestinationStream & { flush(done: (error?: Error) => void): void; flushSync(): void } {
  // Its own 4 KB minimum makes its flush wait for a write in flight (at 0 it would answer at once).
  const out = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  let parts: string[] = [];
  let size = 0;
  const drain = () => {
    if (size === 0) return;
    const text = parts.join('');
    parts = [];
    size = 0;
    out.write(text);
  };
  setInterval(() => {
    if (size === 0) return;
    drain();
    out.flush();
  }, FLUSH_EVERY_MS).unref();
  process.once('exit', () => {
    drain();
    try {
      out.flushSync();
    } catch {
      // stdout not open yet, or gone: nothing more can be written.
    }
  });
  return {
    write(line: string) {
      parts.push(line);
      size += line.length;
      if (size >= BATCH_CHARS) drain();
    },
    flush(done) {
      drain();
      out.flush(done);
    },
    flushSync() {
      drain();
      out.flushSync();
    },
  };
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
