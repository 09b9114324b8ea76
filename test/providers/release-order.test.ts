/**
 * The fairness of handing one shared answer to the requests that waited for
 * it, proven on a fake queue of turns rather than on the event loop: each
 * turn first reads the requests that arrived (what a socket read does), then
 * runs the release steps scheduled in an earlier turn (what setImmediate
 * does). A client answered in turn t sends its next request in turn t + d;
 * the first such request starts the next identical call.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RELEASE_START, releaseInTurns, releaseTurn } from '../../src/providers/http/release-order.js';
import type { Waiter } from '../../src/providers/http/release-order.js';

const answer = { status: 200, headers: {}, body: null };

type Event =
  | { turn: number; kind: 'answered'; client: number }
  | { turn: number; kind: 'next call'; client: number | 'outsider' }
  | { turn: number; kind: 'joined'; client: number };

/**
 * `delays[i]`: turns between client i's answer and its next request (null:
 * it sends none). `outsiderAt`: a turn in which a client that did not wait
 * starts the next call.
 */
function run(delays: readonly (number | null)[], outsiderAt: number | null = null): Event[] {
  const events: Event[] = [];
  const scheduled: (() => void)[] = [];
  const arriving = new Map<number, number[]>();
  let turn = 0;
  let nextCallStarted = false;
  const waiters: Waiter[] = delays.map((delay, client) => ({
    resolve: () => {
      events.push({ turn, kind: 'answered', client });
      if (delay !== null) arriving.set(turn + delay, [...(arriving.get(turn + delay) ?? []), client]);
    },
    reject: () => {
      throw new Error('no waiter is rejected here');
    },
  }));
  releaseInTurns(
    waiters,
    (waiter) => waiter.resolve(answer),
    () => nextCallStarted,
    (step) => scheduled.push(step),
  );
  while (scheduled.length > 0 || [...arriving.keys()].some((at) => at > turn)) {
    turn++;
    expect(turn).toBeLessThan(1_000);
    const reads: (number | 'outsider')[] = arriving.get(turn) ?? [];
    if (outsiderAt === turn) reads.unshift('outsider');
    for (const client of reads) {
      if (!nextCallStarted) events.push({ turn, kind: 'next call', client });
      else if (client !== 'outsider') events.push({ turn, kind: 'joined', client });
      nextCallStarted = true;
    }
    for (const step of scheduled.splice(0)) step();
  }
  return events;
}

const answeredTurns = (events: Event[]) => events.filter((event) => event.kind === 'answered').map((e) => e.turn);

describe('releaseTurn', () => {
  it('hands one more waiter a turn until the next call starts, then lets one turn pass, then hands all the rest', () => {
    expect(releaseTurn(RELEASE_START, 5, false)).toEqual({ released: 1, yielded: false });
    expect(releaseTurn({ released: 1, yielded: false }, 5, true)).toEqual({ released: 1, yielded: true });
    expect(releaseTurn({ released: 1, yielded: true }, 5, true)).toEqual({ released: 5, yielded: true });
    expect(releaseTurn({ released: 4, yielded: false }, 5, false)).toEqual({ released: 5, yielded: false });
    expect(releaseTurn({ released: 5, yielded: false }, 5, false)).toEqual({ released: 5, yielded: false });
  });
});

describe('releaseInTurns on a fake queue of turns', () => {
  it('lets the first answered client start the next call before the others are handed the answer together', () => {
    expect(run([1, 1, 1, 1, 1, 1]).map((e) => `${e.turn} ${e.kind} ${e.client}`)).toEqual([
      '1 answered 0',
      '2 next call 0',
      '3 answered 1',
      '3 answered 2',
      '3 answered 3',
      '3 answered 4',
      '3 answered 5',
      '4 joined 1',
      '4 joined 2',
      '4 joined 3',
      '4 joined 4',
      '4 joined 5',
    ]);
  });

  it('hands one waiter a turn, each answered client’s next request read before the next waiter, while no call starts', () => {
    expect(answeredTurns(run([null, null, null, null]))).toEqual([1, 2, 3, 4]);
  });

  it('for any waiters and clients: each answered once, in order; one a turn until the next call; the rest a turn after it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 40 }),
        fc.option(fc.integer({ min: 1, max: 50 })),
        (delays, outsiderAt) => {
          const events = run(delays, outsiderAt);
          const answered = events.filter((event) => event.kind === 'answered');
          expect(answered.map((event) => event.client)).toEqual(delays.map((_, client) => client));
          const started = events.find((event) => event.kind === 'next call')?.turn ?? Infinity;
          const before = answeredTurns(events).filter((turn) => turn < started);
          // Fairness: before the next call, never two answers in one turn,
          // so an answered client's next request is read before the next answer.
          expect(new Set(before).size).toBe(before.length);
          // The call just started goes out first: no answer in its turn.
          expect(answeredTurns(events)).not.toContain(started);
          // Then no one waits longer than one more turn.
          for (const turn of answeredTurns(events)) expect(turn).toBeLessThanOrEqual(started + 1);
        },
      ),
    );
  });
});
