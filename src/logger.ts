/**
 * The process logger: pino, JSON lines, level from LOG_LEVEL, gathered into
 * 64 KB writes so a log line per request costs little on the request path
 * (batchedStdout), flushed every second and on shutdown.
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

/** Bytes of log lines gathered before they go to stdout as one write. */
const BATCH_BYTES = 64 * 1024;

/**
 * stdout fed one buffer per 64 KB of lines, through node's own
 * process.stdout: a file or a terminal is written at once (node writes
 * those synchronously), a pipe (a container's log collector) never makes
 * the gateway wait: node writes what the pipe takes and queues the rest
 * until it drains. Each line is copied into the batch's bytes as it comes,
 * so it is garbage at once instead of outliving a few collections in a list
 * of strings. sonic-boom's asynchronous mode, which this replaced, sent every
 * write through libuv's thread pool and cost 3–4 µs per line on a pinned
 * core (bench/side-by-side.sh); the list of strings cost about 1 µs more per
 * line than the bytes. Gathered lines go out at least every second (a quiet
 * gateway's line would otherwise wait for more), on `logger.flush()` (its
 * callback once stdout has taken everything queued) and when the process
 * exits (what a pipe has not taken by then is lost: a graceful stop flushes
 * first, main.ts).
 */
export function batchedStdout(
  out: NodeJS.WritableStream = process.stdout,
): pino.DestinationStream & { flush(done: (error?: Error) => void): void; flushSync(): void } {
  // A new buffer per batch: a pipe's queue keeps the last one until it is written.
  let batch = Buffer.allocUnsafe(BATCH_BYTES);
  let used = 0;
  const drain = () => {
    if (used === 0) return;
    const bytes = batch.subarray(0, used);
    batch = Buffer.allocUnsafe(BATCH_BYTES);
    used = 0;
    out.write(bytes);
  };
  setInterval(drain, FLUSH_EVERY_MS).unref();
  process.once('exit', drain);
  return {
    write(line: string) {
      // At most 3 bytes per UTF-16 unit (a surrogate pair is 4 bytes for 2 units).
      const most = line.length * 3;
      if (used + most > BATCH_BYTES) drain();
      if (most > BATCH_BYTES) return void out.write(line);
      used += batch.write(line, used);
    },
    flush(done) {
      drain();
      // Called back once every earlier write is out: writes complete in order.
      out.write('', () => done());
    },
    flushSync: drain,
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
