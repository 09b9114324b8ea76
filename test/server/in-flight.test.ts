/**
 * The compiled lane's executions in flight (src/server/lane/dedupe.ts),
 * keyed by text, part and document in maps within maps. Over random
 * schedules of requests joining and executions ending, in any order, the
 * oracle is a plain set of every in-flight key as one JSON string: a
 * request starts an execution exactly when no execution of an equal key is
 * in flight, every request is told exactly once, with the answer of the
 * execution it joined, and once all have ended nothing is left in flight.
 */
import { describe, expect, it } from 'vitest';
import type { Waiter } from '../../src/server/lane/dedupe.js';
import { InFlight } from '../../src/server/lane/dedupe.js';
import type { FlightKey } from '../../src/server/lane/dedupe.js';
import type { Reply } from '../../src/server/lane/reply.js';
import { seededRandom } from '../helpers/random.js';

/** A connection that stays open: what a waiter's reply is to InFlight. */
const openReply = (): Reply => ({
  remoteAddress: '127.0.0.1',
  headersSent: false,
  send: () => undefined,
  destroy: () => undefined,
  onClose: () => undefined,
});

interface Told {
  answer: string;
  shared: boolean;
}

class Recorder implements Waiter<string> {
  readonly reply = openReply();
  told: Told[] = [];
  deliver(answer: string, shared: boolean): void {
    this.told.push({ answer, shared });
  }
  fail(): void {
    this.told.push({ answer: 'failed', shared: false });
  }
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('executions in flight', () => {
  it('start once per key in flight, tell every request once, and leave nothing behind, over random schedules', async () => {
    const random = seededRandom(0xf11e);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    for (let round = 0; round < 60; round += 1) {
      const flights = new InFlight<string>();
      /** The oracle: keys in flight, as one string each, and what each execution will answer. */
      const inFlight = new Map<string, string>();
      const running: Array<{ model: string; end: (ok: boolean) => void }> = [];
      const expected = new Map<Recorder, string>();
      let executions = 0;
      const steps = 5 + Math.floor(random() * 80);
      for (let step = 0; step < steps; step += 1) {
        if (running.length > 0 && random() < 0.35) {
          // An execution in flight ends, succeeding or failing.
          const [ending] = running.splice(Math.floor(random() * running.length), 1);
          ending!.end(random() < 0.85);
          inFlight.delete(ending!.model);
          await settled();
          continue;
        }
        const key: FlightKey = {
          text: pick(['{"query":"{ a }"}', '{"query":"{ b }"}', 'query=%7B%20a%20%7D']),
          part: pick(['post\napplication/json\nd1', 'post\napplication/json\nd2', 'get\napplication/json\nd1']),
          // A number and the same digits as text are different documents (a caller's key is text).
          document: pick<string | number>([1, 2, '1', '1\n["alice",[]]']),
        };
        const model = JSON.stringify([key.text, key.part, key.document]);
        const waiter = new Recorder();
        const starts = !inFlight.has(model);
        let started = false;
        flights.join(key, waiter, () => {
          started = true;
          executions += 1;
          const answer = `answer ${executions}`;
          inFlight.set(model, answer);
          return new Promise<string>((resolve, reject) => {
            running.push({ model, end: (ok) => (ok ? resolve(answer) : reject(new Error('upstream'))) });
          });
        });
        expect(started).toBe(starts);
        expected.set(waiter, inFlight.get(model)!);
        expect(flights.size).toBe(inFlight.size);
      }
      for (const { end } of running.splice(0)) end(true);
      await settled();
      expect(flights.size).toBe(0);
      // Each request told once, with its execution's answer: the one that started it not shared, the rest
      // shared; or, when the execution failed, every one of them told the failure.
      const byExecution = new Map<string, Recorder[]>();
      for (const [waiter, answer] of expected) byExecution.set(answer, [...(byExecution.get(answer) ?? []), waiter]);
      expect(byExecution.size).toBe(executions);
      for (const [answer, waiters] of byExecution) {
        for (const waiter of waiters) expect(waiter.told).toHaveLength(1);
        const told = waiters.map((waiter) => waiter.told[0]!);
        if (told[0]!.answer === 'failed') expect(told.every((each) => each.answer === 'failed')).toBe(true);
        else expect(told).toEqual(waiters.map((_, index) => ({ answer, shared: index > 0 })));
      }
    }
  });
});
