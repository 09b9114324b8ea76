import { describe, expect, it } from 'vitest';
import { releaseOneATurn } from '../../src/providers/http.js';
import type { Waiter } from '../../src/providers/http.js';

describe('releaseOneATurn', () => {
  it('hands a shared answer to one waiter per event-loop turn, other work running between them', async () => {
    for (const size of [1, 2, 3, 8, 15]) {
      const order: string[] = [];
      const waiters: Waiter[] = Array.from({ length: size }, (_, i) => ({
        resolve: () => {
          order.push(`w${i}`);
          // What the released request starts next (its response, the next request read).
          setImmediate(() => order.push(`after w${i}`));
        },
        reject: () => order.push(`rejected w${i}`),
      }));
      releaseOneATurn(waiters, (waiter) => waiter.resolve({ status: 200, headers: {}, body: null }));
      await new Promise((done) => setTimeout(done, 20));
      expect(order).toEqual(waiters.flatMap((_, i) => [`w${i}`, `after w${i}`]));
    }
  });

  it('passes a failure to every waiter, once each', async () => {
    const seen: number[] = [];
    const waiters: Waiter[] = [0, 1, 2, 3].map((i) => ({ resolve: () => seen.push(-1), reject: () => seen.push(i) }));
    releaseOneATurn(waiters, (waiter) => waiter.reject(new Error('down')));
    await new Promise((done) => setTimeout(done, 20));
    expect(seen).toEqual([0, 1, 2, 3]);
  });
});
