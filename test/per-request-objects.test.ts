/**
 * Per-request objects carry no accessors of their own: a getter in an object
 * literal is a closure per object that V8 keeps, with the whole request it
 * reaches, through every young-generation GC (3–5 ms pauses under load, see
 * README "Benchmarks"). Lazy values live on class prototypes instead.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createRequestContext } from '../src/context.js';
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
});
