/**
 * A counter tallied as plain numbers and handed to prom-client at each scrape
 * (src/telemetry/tallied-counter.ts) reads, at every scrape, what counting each
 * increment into prom-client would read.
 */
import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { TalliedCounter } from '../src/telemetry/tallied-counter.js';
import { seededRandom as random } from './helpers/random.js';

const snapshot = async (registry: Registry, name: string) =>
  (await registry.getSingleMetric(name)!.get()).values
    .map((value) => `${JSON.stringify(value.labels)}=${value.value}`)
    .sort();

describe('tallied counter', () => {
  it('reads what prom-client counting each increment reads, scrape after scrape', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const next = random(seed);
      const tallied = new Registry();
      const plain = new Registry();
      const counter = new TalliedCounter({ name: 'c', help: 'h', labelNames: ['lane', 'reason'], registry: tallied });
      const oracle = new Counter({ name: 'c', help: 'h', labelNames: ['lane', 'reason'], registers: [plain] });
      const lanes = ['compiled', 'yoga'];
      const reasons = ['plan', 'execute', 'path', 'a\nb', 'x"y'];
      const increments = Math.floor(next() * 2_000);
      for (let i = 0; i < increments; i += 1) {
        const lane = lanes[Math.floor(next() * lanes.length)]!;
        const reason = reasons[Math.floor(next() * reasons.length)]!;
        counter.inc(lane, reason);
        oracle.inc({ lane, reason });
        if (next() < 0.01) expect(await snapshot(tallied, 'c')).toEqual(await snapshot(plain, 'c'));
      }
      expect(await snapshot(tallied, 'c')).toEqual(await snapshot(plain, 'c'));
      // A second scrape with nothing new reads the same.
      expect(await snapshot(tallied, 'c')).toEqual(await snapshot(plain, 'c'));
    }
  });

  it('reads the same for a counter of one label', async () => {
    const next = random(9);
    const tallied = new Registry();
    const plain = new Registry();
    const counter = new TalliedCounter({ name: 'e', help: 'h', labelNames: ['code'], registry: tallied });
    const oracle = new Counter({ name: 'e', help: 'h', labelNames: ['code'], registers: [plain] });
    const codes = ['BAD_USER_INPUT', 'FORBIDDEN', 'UPSTREAM_ERROR', '__proto__'];
    for (let i = 0; i < 1_000; i += 1) {
      const code = codes[Math.floor(next() * codes.length)]!;
      counter.inc(code);
      oracle.inc({ code });
      if (next() < 0.02) expect(await snapshot(tallied, 'e')).toEqual(await snapshot(plain, 'e'));
    }
    expect(await snapshot(tallied, 'e')).toEqual(await snapshot(plain, 'e'));
  });
});
