/**
 * The per-request loader (src/loaders/batched.ts): items a list call
 * returned are not fetched again, a later list replaces what an earlier
 * load cached, a forgotten item is fetched again, and the single-fetch cap
 * is made only when something is fetched singly.
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
});
