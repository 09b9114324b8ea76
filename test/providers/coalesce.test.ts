import { describe, expect, it } from 'vitest';
import { releaseInTurns } from '../../src/providers/http/release-order.js';
import type { Waiter } from '../../src/providers/http/release-order.js';

const answer = { status: 200, headers: {}, body: null };
const settle = () => new Promise((done) => setTimeout(done, 20));

/** Waiters that log their release and, a turn later, what their request did next. */
function logged(size: number, order: string[]): Waiter[] {
  return Array.from({ length: size }, (_, i) => ({
    resolve: () => {
      order.push(`w${i}`);
      setImmediate(() => order.push(`after w${i}`));
    },
    reject: () => order.push(`rejected w${i}`),
  }));
}

describe('releaseInTurns', () => {
  it('hands a shared answer to one waiter per event-loop turn while no next call has started', async () => {
    for (const size of [1, 2, 3, 8, 15]) {
      const order: string[] = [];
      const waiters = logged(size, order);
      releaseInTurns(
        waiters,
        (waiter) => waiter.resolve(answer),
        () => false,
      );
      await settle();
      expect(order).toEqual(waiters.flatMap((_, i) => [`w${i}`, `after w${i}`]));
    }
  });

  it('once the next call has started, lets one turn pass (its request goes out), then hands the rest at once', async () => {
    for (const startsAfter of [0, 1, 3]) {
      let turn = 0;
      let ticking = true;
      const tick = () => {
        turn++;
        if (ticking) setImmediate(tick);
      };
      setImmediate(tick);
      const turns: number[] = [];
      const waiters: Waiter[] = Array.from({ length: 6 }, () => ({
        resolve: () => turns.push(turn),
        reject: () => turns.push(-1),
      }));
      releaseInTurns(
        waiters,
        (waiter) => waiter.resolve(answer),
        () => turns.length >= startsAfter,
      );
      await settle();
      ticking = false;
      // One per turn (turns 1…startsAfter), a turn without, then the rest together.
      const rest = startsAfter === 0 ? 2 : startsAfter + 2;
      expect(turns).toEqual([
        ...Array.from({ length: startsAfter }, (_, i) => i + 1),
        ...Array.from({ length: 6 - startsAfter }, () => rest),
      ]);
    }
  });

  it('passes a failure to every waiter, once each', async () => {
    const seen: number[] = [];
    const waiters: Waiter[] = [0, 1, 2, 3].map((i) => ({ resolve: () => seen.push(-1), reject: () => seen.push(i) }));
    releaseInTurns(
      waiters,
      (waiter) => waiter.reject(new Error('down')),
      () => false,
    );
    await settle();
    expect(seen).toEqual([0, 1, 2, 3]);
  });
});
