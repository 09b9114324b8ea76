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

/**
 * Where an execution is found: the parameters' text, then a part naming
 * how it was asked and by whom (the same string for every request of one
 * head: dedupe-key.ts), then the document (and the caller, if any). Maps
 * within maps, so a request's key is never one long string made and hashed
 * anew: the text's hash is the one its admission computed (admissions.ts).
 */
export interface FlightKey {
  text: string;
  part: string;
  document: string | number;
}

type Flights<T> = Map<string, Map<string, Map<string | number, Flight<T>>>>;

export class InFlight<T> {
  private readonly flights: Flights<T> = new Map();
  private count = 0;

  /** How many executions are in flight now. */
  get size(): number {
    return this.count;
  }

  /**
   * Tells `waiter` the answer of the execution in flight under `key`, or
   * of a new one that `run` starts (with the connection its context should
   * watch). Every waiter is told in turn, directly, when the execution ends:
   * no promise or task per request.
   */
  join(key: FlightKey, waiter: Waiter<T>, run: (connection: Connection) => Promise<T>): void {
    const { text, part, document } = key;
    let byPart = this.flights.get(text);
    let byDocument = byPart?.get(part);
    const existing = byDocument?.get(document);
    if (existing) return existing.wait(waiter);
    if (!byPart) this.flights.set(text, (byPart = new Map()));
    if (!byDocument) byPart.set(part, (byDocument = new Map()));
    const flight = new Flight<T>(waiter.reply);
    flight.wait(waiter);
    byDocument.set(document, flight);
    this.count += 1;
    const settle = () => {
      this.count -= 1;
      byDocument.delete(document);
      // A map emptied leaves: the next flight under its key makes a new one.
      if (byDocument.size === 0 && byPart.get(part) === byDocument) byPart.delete(part);
      if (byPart.size === 0 && this.flights.get(text) === byPart) this.flights.delete(text);
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
