/**
 * server/settle-heap.ts: after start-up, V8's young generation is given back.
 * Against V8 itself, in a child process started with npm start's V8 flags:
 * a start-up-like burst (objects that survive a few collections) grows the
 * young generation, and settleHeap shrinks it; without --expose-gc it does
 * nothing. The loop's own rules over a stand-in collector.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { settleHeap } from '../src/server/settle-heap.js';
import { startFlags } from './helpers/gateway-process.js';
import type { Collect } from '../src/server/settle-heap.js';

const root = new URL('..', import.meta.url).pathname;

const CHILD = `
import { getHeapSpaceStatistics } from 'node:v8';
import { settleHeap } from './src/server/settle-heap.ts';
const young = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
// Like building a schema: many objects, a good part of them surviving a few scavenges.
let kept = [];
for (let round = 0; round < 400; round += 1) {
  const batch = [];
  for (let i = 0; i < 2000; i += 1) batch.push({ round, i, name: 'field' + i, args: [i, round] });
  kept.push(batch);
  if (kept.length > 40) kept = kept.slice(20);
}
kept = [];
const grown = young();
// settleHeap's timers never hold a process open; a server's listener does in npm start.
const open = setInterval(() => {}, 1000);
const settled = await settleHeap();
clearInterval(open);
console.log(JSON.stringify({ grown, settled, after: young() }));
`;

function runChild(flags: string[]): { grown: number; settled: boolean; after: number } {
  const child = spawnSync(process.execPath, [...flags, '--import', 'tsx', '--input-type=module', '-e', CHILD], {
    cwd: root,
    encoding: 'utf8',
    timeout: 25_000,
  });
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout) as { grown: number; settled: boolean; after: number };
}

describe('settleHeap against V8', () => {
  it("gives back the young generation start-up grew, under npm start's flags", () => {
    expect(startFlags).toContain('--expose-gc');
    const { grown, settled, after } = runChild(startFlags);
    expect(grown).toBeGreaterThanOrEqual(8 * 1024 * 1024);
    expect(settled).toBe(true);
    expect(after).toBeLessThanOrEqual(grown / 4);
  });

  it('does nothing without --expose-gc', () => {
    const { grown, settled, after } = runChild(startFlags.filter((flag) => flag !== '--expose-gc'));
    expect(settled).toBe(false);
    expect(after).toBe(grown);
  });
});

describe('settleHeap: the loop', () => {
  /** A collector whose young generation shrinks at its `shrinksAt`th minor collection (never when 0). */
  function collector(shrinksAt: number) {
    const calls: string[] = [];
    let young = 16;
    let minors = 0;
    const collect: Collect = ({ type }) => {
      calls.push(type);
      if (type === 'minor' && ++minors === shrinksAt) young = 1;
    };
    return { calls, collect, youngBytes: () => young };
  }

  it('collects fully once, then minor collections until the young generation shrank', async () => {
    for (const shrinksAt of [1, 2, 5, 9]) {
      const { calls, collect, youngBytes } = collector(shrinksAt);
      await expect(settleHeap({ collect, youngBytes, intervalMs: 1, tries: 10 })).resolves.toBe(true);
      expect(calls).toEqual(['major', ...Array<string>(shrinksAt).fill('minor')]);
    }
  });

  it('gives up after its tries when V8 keeps the young generation', async () => {
    const { calls, collect, youngBytes } = collector(0);
    await expect(settleHeap({ collect, youngBytes, intervalMs: 1, tries: 7 })).resolves.toBe(false);
    expect(calls).toEqual(['major', ...Array<string>(7).fill('minor')]);
  });
});
