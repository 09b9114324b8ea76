/**
 * How many operations one WebSocket connection may run at once, and every
 * connection with the same credentials together. The next ones wait their
 * turn, in order, up to a bound per connection; one more and the connection
 * is refused (close 4429). An open subscription holds its slot until it ends.
 * Credentials are keyed by a digest (the per-credential limiters are the
 * upstream budget's kind), never by the credential.
 */
import pLimit from 'p-limit';
import type { LimitFunction } from 'p-limit';
import { CallBudget } from '../providers/http/budget.js';
import { credentialDigest } from '../providers/credential.js';

export interface OperationLimits {
  /** WS_MAX_OPERATIONS_PER_CONNECTION */
  perConnection: number;
  /** WS_MAX_OPERATIONS_PER_CREDENTIAL: the connections of one credential together. */
  perCredential: number;
  /** WS_MAX_QUEUED_OPERATIONS: operations of a connection waiting for a slot; one more closes it. */
  queuedPerConnection: number;
  /**
   * WS_MAX_QUEUED_BYTES: the size of the messages of those waiting operations
   * (each may be as large as a request body); one more past it closes the
   * connection, unless it would be the only one waiting.
   */
  queuedBytesPerConnection: number;
}

/** Gives a slot back. */
export type Release = () => void;

/** Operations admitted and not yet released, and those of them holding their slots. */
export interface SlotUsage {
  admitted: number;
  running: number;
}

/** One connection's share. */
export class ConnectionSlots {
  private readonly limit: LimitFunction;
  private readonly own: SlotUsage = { admitted: 0, running: 0 };
  /** The message sizes of operations waiting for the connection's slot. */
  private waitingBytes = 0;

  constructor(
    private readonly limits: OperationLimits,
    private readonly credentials: CallBudget,
    private readonly credentialKey: string,
    /** Every connection's together (a closed connection's count until its operations have let go). */
    private readonly total: SlotUsage,
  ) {
    this.limit = pLimit(limits.perConnection);
  }

  /**
   * A slot for one more operation (whose message had `bytes`), granted when
   * both caps allow; undefined (admitting nothing) when the connection
   * already has its most waiting, by count or by size.
   */
  take(bytes: number): Promise<Release> | undefined {
    const waits = this.own.admitted >= this.limits.perConnection;
    if (waits) {
      if (this.own.admitted >= this.limits.perConnection + this.limits.queuedPerConnection) return undefined;
      if (this.waitingBytes > 0 && this.waitingBytes + bytes > this.limits.queuedBytesPerConnection) return undefined;
      this.waitingBytes += bytes;
    }
    this.count('admitted', 1);
    return new Promise<Release>((grant) => {
      void this.limit(() => {
        if (waits) this.waitingBytes -= bytes;
        return this.credentials.run(
          this.credentialKey,
          () =>
            new Promise<void>((release) => {
              this.count('running', 1);
              let released = false;
              grant(() => {
                if (released) return;
                released = true;
                this.count('running', -1);
                this.count('admitted', -1);
                release();
              });
            }),
        );
      });
    });
  }

  private count(key: keyof SlotUsage, change: number): void {
    this.own[key] += change;
    this.total[key] += change;
  }
}

export class OperationSlots {
  private readonly credentials: CallBudget;
  /** Over every connection. */
  readonly usage: SlotUsage = { admitted: 0, running: 0 };

  constructor(readonly limits: OperationLimits) {
    this.credentials = new CallBudget(limits.perCredential);
  }

  /** The slots of a connection whose credentials are these (the forwarded header values). */
  forConnection(credentials: readonly string[]): ConnectionSlots {
    const key = credentialDigest(credentials.join('\n'));
    return new ConnectionSlots(this.limits, this.credentials, key, this.usage);
  }
}

/**
 * When one operation ends, in the shape of an HTTP response's `close` (the
 * request context aborts its upstream calls on a close that did not finish):
 * each operation gets its own, so no signal or socket collects a listener
 * per operation.
 */
export class OperationEnd {
  writableFinished = false;
  private listeners: Array<() => void> | undefined = [];

  once(_event: 'close', listener: () => void): this {
    if (this.listeners) this.listeners.push(listener);
    else listener();
    return this;
  }

  /** `finished`: it ran to its end; otherwise it was cut short (the socket went away). */
  end(finished: boolean): void {
    if (!this.listeners) return;
    this.writableFinished = finished;
    const listeners = this.listeners;
    this.listeners = undefined;
    for (const listener of listeners) listener();
  }
}
