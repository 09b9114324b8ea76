/**
 * Per-request objects carry no accessors of their own: a getter in an object
 * literal is a closure per object that V8 keeps, with the whole request it
 * reaches, through every young-generation GC (3–5 ms pauses under load, see
 * README "Benchmarks"). Lazy values live on class prototypes instead.
 */
import { createHook } from 'node:async_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { createRequestContext } from '../src/context.js';
import { fromKreaAssets } from '../src/providers/krea/models/assets.js';
import { kreaOf } from '../src/providers/krea/schema/context.js';
import { lazyEdge } from '../src/schema/connections.js';
import { createServices } from '../src/services.js';

const services = createServices({
  kreaBaseUrl: 'http://127.0.0.1:9',
  argilBaseUrl: 'http://127.0.0.1:9/v1',
  kreaApiKey: 'k',
  argilApiKey: 'a',
  upstreamTimeoutMs: 1000,
  maxPageSize: 100,
});
afterAll(() => services.close());

const ownAccessors = (value: object) =>
  Object.entries(Object.getOwnPropertyDescriptors(value))
    .filter(([, descriptor]) => descriptor.get !== undefined || descriptor.set !== undefined)
    .map(([name]) => name);

describe('per-request objects', () => {
  it('the request context, its loaders and live updates have no own getters', () => {
    const context = createRequestContext(services, new Request('http://gateway/graphql'));
    expect(ownAccessors(context)).toEqual([]);
    expect(ownAccessors(context.providers)).toEqual([]);
    expect(ownAccessors(kreaOf(context).loaders)).toEqual([]);
    expect(ownAccessors(context.live)).toEqual([]);
    // Still lazy: a loader is made on first use, and then kept.
    expect(kreaOf(context).loaders.asset).toBe(kreaOf(context).loaders.asset);
  });

  it('an edge encodes its cursor on first read only, from its prototype', () => {
    let encoded = 0;
    const edge = lazyEdge({ id: 1 }, () => `cursor-${++encoded}`);
    expect(ownAccessors(edge)).toEqual([]);
    expect(encoded).toBe(0);
    expect([edge.cursor, edge.cursor]).toEqual(['cursor-1', 'cursor-1']);
    expect(encoded).toBe(1);
  });

  it("a list's items cost no promise each until one is loaded, and then no upstream call", async () => {
    const context = createRequestContext(services, new Request('http://gateway/graphql'));
    const loader = kreaOf(context).loaders.asset;
    const items = fromKreaAssets(
      Array.from({ length: 500 }, (_, i) => ({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        image_url: `https://cdn.example/${i}.png`,
        uploaded_at: '2026-01-01T00:00:00.000Z',
        width: 1,
        height: 1,
        size_bytes: 1,
        mime_type: 'image/png',
      })),
    );
    let promises = 0;
    const hook = createHook({ init: (_id, type) => void (type === 'PROMISE' && promises++) }).enable();
    try {
      loader.remember(items);
    } finally {
      hook.disable();
    }
    expect(promises).toBe(0);
    // Asked for, a remembered item is served as it was listed: the provider
    // here is a closed port, so an upstream call would fail instead.
    await expect(loader.load(items[7]!.providerId)).resolves.toBe(items[7]);
    const [again, other] = await Promise.all([loader.load(items[7]!.providerId), loader.load(items[8]!.providerId)]);
    expect(again).toBe(items[7]);
    expect(other).toBe(items[8]);
  });
});
