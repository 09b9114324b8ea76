/**
 * At most `lines` log lines per `windowMs`, for events a crowd of clients can
 * cause at once (sockets dropping): the log must not become the flood. The
 * next line written after some were left out says how many.
 */
export interface RateLimitedLogOptions {
  lines: number;
  windowMs: number;
  /** Milliseconds; injectable for tests. @default performance.now */
  now?: () => number;
}

/** Calls `write` (with the number left out since the last line, if any) unless the window is used up. */
export type RateLimitedLog = (write: (omitted: number | undefined) => void) => void;

export function rateLimitedLog(options: RateLimitedLogOptions): RateLimitedLog {
  const now = options.now ?? (() => performance.now());
  let windowStart = -Infinity;
  let written = 0;
  let omitted = 0;
  return (write) => {
    const at = now();
    if (at - windowStart >= options.windowMs) {
      windowStart = at;
      written = 0;
    }
    if (written >= options.lines) {
      omitted++;
      return;
    }
    written++;
    const left = omitted;
    omitted = 0;
    write(left > 0 ? left : undefined);
  };
}
