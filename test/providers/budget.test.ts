/**
 * The per-credential budget: at most `concurrency` calls of one key at once,
 * keys independent, and idle limiters kept but bounded (many credentials
 * cannot grow it without limit).
 */
import { describe, expect, it } from 'vitest';
import { CallBudget } from '../../src/providers/http/budget.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('CallBudget', () => {
  it('runs at most `concurrency` calls of one key at once, and other keys beside them', async () => {
    for (const concurrency of [1, 2, 5, 16]) {
      const budget = new CallBudget(concurrency);
      let running = 0;
      let peak = 0;
      let otherRan = false;
      const call = async () => {
        running++;
        peak = Math.max(peak, running);
        await tick();
        running--;
      };
      const calls = Array.from({ length: concurrency * 3 + 1 }, () => budget.run('a', call));
      await budget.run('b', async () => void (otherRan = running > 0));
      await Promise.all(calls);
      expect(peak).toBe(concurrency);
      expect(otherRan).toBe(true);
    }
  });

  it('starts waiting calls in the order they came, over many sizes, and ends with nothing held', async () => {
    for (const [concurrency, count] of [
      [1, 5],
      [2, 40],
      [3, 1_500],
      [16, 200],
    ] as const) {
      const budget = new CallBudget(concurrency);
      const started: number[] = [];
      let running = 0;
      let peak = 0;
      const calls = Array.from({ length: count }, (_, index) =>
        budget.run('a', async () => {
          started.push(index);
          running++;
          peak = Math.max(peak, running);
          // Uneven lengths: calls end out of order.
          for (let i = 0; i < index % 3; i++) await tick();
          running--;
          if (index % 7 === 0) throw new Error('failed call');
          return index;
        }),
      );
      const settled = await Promise.allSettled(calls);
      expect(started).toEqual(Array.from({ length: count }, (_, index) => index));
      expect(peak).toBe(Math.min(concurrency, count));
      expect(settled.filter((outcome) => outcome.status === 'rejected')).toHaveLength(Math.ceil(count / 7));
      expect(budget.usage).toEqual({ active: 0, queued: 0 });
    }
  });

  it('keeps idle limiters, but never more than about a thousand keys', async () => {
    const budget = new CallBudget(4);
    for (let i = 0; i < 5_000; i++) await budget.run(`key-${i}`, async () => i);
    expect(budget.size).toBeGreaterThan(0);
    expect(budget.size).toBeLessThanOrEqual(1_000);
    expect(budget.usage).toEqual({ active: 0, queued: 0 });
  });
});
