/**
 * Cancellation on the request path without DOM AbortSignals. On Node 20 an
 * `abort` listener added to and removed from an AbortSignal costs about 7 µs
 * of CPU (EventTarget's bookkeeping), and an upstream call paid it three
 * times (the caller's signal, the deadline's, undici's own listener): with
 * the signal, undici's GET took 15–45 µs more CPU than without, a tenth of a
 * gateway request over a fast upstream. undici takes an EventEmitter as
 * `signal` (its `abort` event, `aborted` and `reason`), so a call's
 * cancellation is a CallSignal; a DOM AbortSignal is made from it only where
 * an API needs one (the wait between retries, a Redis lease), which is off
 * the common path.
 */
import { EventEmitter } from 'node:events';

export class CallSignal extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;
  private controller: AbortController | undefined;

  constructor() {
    super();
    // Every call of a request may listen to its caller's signal at once (a batch of 100 ids).
    this.setMaxListeners(0);
  }

  abort(reason: unknown = new DOMException('This operation was aborted', 'AbortError')): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }

  /** The same cancellation as a DOM AbortSignal, made on first ask. */
  toAbortSignal(): AbortSignal {
    if (!this.controller) {
      const controller = new AbortController();
      if (this.aborted) controller.abort(this.reason);
      else this.once('abort', () => controller.abort(this.reason));
      this.controller = controller;
    }
    return this.controller.signal;
  }
}

/** What a caller cancels its calls with: a fetch-API Request's signal, or a CallSignal. */
export type CallerSignal = AbortSignal | CallSignal;

/** Calls `listener` once `signal` aborts; the returned function stops listening. */
export function onAbort(signal: CallerSignal, listener: () => void): () => void {
  if (signal instanceof CallSignal) {
    signal.once('abort', listener);
    return () => signal.removeListener('abort', listener);
  }
  signal.addEventListener('abort', listener, { once: true });
  return () => signal.removeEventListener('abort', listener);
}
