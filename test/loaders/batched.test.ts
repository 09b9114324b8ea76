/**
 * The per-request loader (src/loaders/batched.ts): items a list call
 * returned are not fetched again, a later list replaces what an earlier
 * load cached, a forgotten item is fetched again, and the single-fetch cap
 * is made only when something is fetched singly; a page two requests share
 * is indexed once; and over many generated sequences of lists, loads and
 * forgets, every load answers what a plain replay of the sequence says.
 */
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { BatchedLoader } from '../../src/loaders/batched.js';

interface Item {
  id: string;
  version: number;
}

/** A provider in memory: every single fetch is counted. */
function source(version: () => number) {
  const fetched: string[] = [];
  let limits = 0;
  const loader = new BatchedLoader<Item>({
    getOne: async (id) => {
      fetched.push(id);
      return { id, version: version() };
    },
    listNewest: async () => [],
    idOf: (item) => item.id,
    limit: () => {
      limits++;
      return pLimit(2);
    },
  });
  return { loader, fetched, limits: () => limits };
}

const page = (ids: string[], version: number) => ids.map((id) => ({ id, version }));

describe('BatchedLoader', () => {
  it('answers listed items without fetching them, and makes no cap until it fetches', async () => {
    const { loader, fetched, limits } = source(() => 0);
    await loader.list(
      async () => page(['a', 'b', 'c'], 1),
      (items) => items,
    );
    expect(limits()).toBe(0);
    expect(await loader.load('b')).toEqual({ id: 'b', version: 1 });
    expect(fetched).toEqual([]);
    expect(await loader.load('z')).toEqual({ id: 'z', version: 0 });
    expect(fetched).toEqual(['z']);
    expect(limits()).toBeGreaterThan(0);
  });

  it('lets a later list replace what an earlier load cached, in the order they came', async () => {
    const { loader } = source(() => 0);
    expect(await loader.load('a')).toEqual({ id: 'a', version: 0 });
    await loader.list(
      async () => page(['a'], 1),
      (items) => items,
    );
    expect(await loader.load('a')).toEqual({ id: 'a', version: 1 });
    await loader.list(
      async () => page(['a', 'b'], 2),
      (items) => items,
    );
    await loader.list(
      async () => page(['b'], 3),
      (items) => items,
    );
    expect(await Promise.all([loader.load('a'), loader.load('b')])).toEqual([
      { id: 'a', version: 2 },
      { id: 'b', version: 3 },
    ]);
  });

  it('fetches a forgotten item again, listed or not', async () => {
    const { loader, fetched } = source(() => 9);
    await loader.list(
      async () => page(['a', 'b'], 1),
      (items) => items,
    );
    loader.forget('a');
    expect(await loader.load('a')).toEqual({ id: 'a', version: 9 });
    expect(await loader.load('b')).toEqual({ id: 'b', version: 1 });
    expect(fetched).toEqual(['a']);
  });

  it('indexes a page two requests share once', async () => {
    const shared = page(
      Array.from({ length: 1000 }, (_, index) => `id-${index}`),
      1,
    );
    let idOfCalls = 0;
    const request = () =>
      new BatchedLoader<Item>({
        getOne: async (id) => ({ id, version: 0 }),
        listNewest: async () => shared,
        idOf: (item) => {
          idOfCalls++;
          return item.id;
        },
        limit: () => pLimit(2),
      });
    const ids = ['id-3', 'id-500', 'id-999', ...Array.from({ length: 10 }, (_, index) => `id-${index * 7}`)];
    for (const loader of [request(), request(), request()]) {
      const items = await Promise.all(ids.map((id) => loader.load(id)));
      expect(items.map((item) => item?.id)).toEqual(ids);
    }
    expect(idOfCalls).toBe(1000);
  });

  it('answers every load as a replay of its lists, loads and forgets says, over many generated sequences', async () => {
    let seed = 11;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const pick = () => ids.filter(() => random() < 0.4);
    for (let sequence = 0; sequence < 300; sequence++) {
      // The oracle: what a request knows, as a plain map replayed in order; a fetch answers version 0.
      const oracle = new Map<string, number>();
      const { loader } = source(() => 0);
      const steps = 2 + Math.floor(random() * 10);
      for (let step = 0; step < steps; step++) {
        const roll = random();
        if (roll < 0.4) {
          const version = step + 1;
          const listed = pick();
          await loader.list(
            async () => page(listed, version),
            (items) => items,
          );
          for (const id of listed) oracle.set(id, version);
        } else if (roll < 0.55) {
          const id = ids[Math.floor(random() * ids.length)]!;
          loader.forget(id);
          oracle.delete(id);
        } else {
          const asked = pick();
          const answers = await Promise.all(asked.map((id) => loader.load(id)));
          asked.forEach((id, index) => {
            // An item fetched now is remembered as fetched (DataLoader's cache) until a list or forget.
            if (!oracle.has(id)) oracle.set(id, 0);
            expect(answers[index], `sequence ${sequence}, step ${step}, ${id}`).toEqual({
              id,
              version: oracle.get(id),
            });
          });
        }
      }
    }
  });
});
