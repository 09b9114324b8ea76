/**
 * The order in which one shared upstream answer is handed to the requests
 * that waited for it (coalesce.ts). Released together, the waiters' GraphQL
 * work would hold the event loop while the next requests of the clients just
 * answered wait unread, and the next identical call would start only after
 * the whole burst. Released one a turn, those requests are read in between;
 * once one of them has started the next call (the others will join it when
 * read), batching the rest is cheaper.
 *
 * The rule is `releaseTurn`, a pure function of where the release stands and
 * whether the next call has started; `releaseInTurns` only applies it once
 * per scheduled turn. So the order is tested with a fake queue of turns
 * (test/providers/release-order.test.ts), apart from the event loop's phases.
 */
import type { CallResult } from './types.js';

export interface Waiter {
  resolve(value: CallResult<unknown>): void;
  reject(error: unknown): void;
}

/** How far a release has come. */
export interface ReleaseState {
  /** Waiters handed the answer so far (always the first ones, in the order they joined). */
  released: number;
  /** A turn was let pass after the next call started. */
  yielded: boolean;
}

export const RELEASE_START: ReleaseState = { released: 0, yielded: false };

/**
 * One turn: while no next call has started, one more waiter; once it has,
 * a turn with none (its request goes out first), then all the rest at once.
 */
export function releaseTurn(state: ReleaseState, total: number, nextCallStarted: boolean): ReleaseState {
  if (!nextCallStarted) return { released: Math.min(total, state.released + 1), yielded: state.yielded };
  if (state.yielded) return { released: total, yielded: true };
  return { released: state.released, yielded: true };
}

/** Runs `step` in a later turn. */
export type Schedule = (step: () => void) => void;

/**
 * Hands a shared answer to its waiters by `releaseTurn`, one turn per
 * `schedule` (setImmediate: the check phase, after the turn's socket reads).
 * A next call started in a turn has its request written in that same check
 * phase (undici first checks an idle socket there), after this step: the
 * turn let pass keeps the burst from holding it back.
 */
export function releaseInTurns(
  waiting: readonly Waiter[],
  release: (waiter: Waiter) => void,
  nextCallStarted: () => boolean,
  schedule: Schedule = setImmediate,
): void {
  let state = RELEASE_START;
  const step = () => {
    const next = releaseTurn(state, waiting.length, nextCallStarted());
    const from = state.released;
    state = next;
    for (let i = from; i < next.released; i++) release(waiting[i]!);
    if (state.released < waiting.length) schedule(step);
  };
  if (waiting.length > 0) schedule(step);
}
