/**
 * Operation de-duplication (OPERATION_DEDUPE): identical queries in flight
 * execute once, and every request waiting on them is answered with the same
 * bytes. Identical means everything an answer can depend on is the same (the
 * lane builds the key, lane/lane.ts): the parameters as sent (the body's or
 * the query string's text: document, operation name, variables), the answer's
 * media type, every provider credential's digest and the caller's subject
 * and scopes. So two callers, or two credentials, never share an answer;
 * mutations are never de-duplicated.
 *
 * The shared execution belongs to no one request: its upstream calls are
 * aborted only when every request waiting on it has gone away.
 */
import type { Connection } from '../../context.js';
import type { Reply } from './reply.js';

/**
 * A request waiting on an execution: told its answer, or the execution's
 * failure, once. Neither throws (a request that fails to answer answers its
 * own failure: waiting.ts), so every waiter of an execution is told.
 */
export interface Waiter<T> {
  readonly reply: Reply;
  /** `shared`: the answer came from an execution another request started. */
  deliver(answer: T, shared: boolean): void;
  fail(error: unknown): void;
}

/** Every request waiting on one execution, seen as one connection by the execution's context. */
class Flight<T> implements Connection {
  readonly remoteAddress: string | undefined;
  /** Every request waiting on it, the one that started it first. */
  readonly waiters: Array<Waiter<T>> = [];
  private open = 0;
  private done = false;
  private listeners: Array<(finished: boolean) => void> = [];

  constructor(first: Reply) {
    this.remoteAddress = first.remoteAddress;
  }

  wait(waiter: Waiter<T>): void {
    this.waiters.push(waiter);
    this.open += 1;
    waiter.reply.onClose(this.waiterClosed);
  }

  /** One listener for every waiter's connection (none of them is named: only how many are still open counts). */
  private readonly waiterClosed = (finished: boolean): void => {
    if (finished || this.done) return;
    this.open -= 1;
    if (this.open === 0) for (const listener of this.listeners) listener(false);
  };

  onClose(listener: (finished: boolean) => void): void {
    this.listeners.push(listener);
  }

  settle(): void {
    this.done = true;
    this.listeners = [];
  }
}

export class InFlight<T> {
  private readonly flights = new Map<string, Flight<T>>();

  /** How many executions are in flight now. */
  get size(): number {
    return this.flights.size;
  }

  /**
   * Tells `waiter` the answer of the execution in flight under `key`, or
   * of a new one that `run` starts (with the connection its context should
   * watch). Every waiter is told in turn, directly, when the execution ends:
   * no promise or task per request.
   */
  join(key: string, waiter: Waiter<T>, run: (connection: Connection) => Promise<T>): void {
    const existing = this.flights.get(key);
    if (existing) return existing.wait(waiter);
    const flight = new Flight<T>(waiter.reply);
    flight.wait(waiter);
    this.flights.set(key, flight);
    const settle = () => {
      this.flights.delete(key);
      flight.settle();
    };
    run(flight).then(
      (answer) => {
        settle();
        flight.waiters.forEach((each, index) => each.deliver(answer, index > 0));
      },
      (error: unknown) => {
        settle();
        for (const each of flight.waiters) each.fail(error);
      },
    );
  }
}
