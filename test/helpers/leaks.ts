/**
 * What no answer may carry: a stack frame, a file path of the server, a
 * library's original error.
 */
import { expect } from 'vitest';

const LEAKS: Array<[string, RegExp]> = [
  ['a stack frame', /\bat [^\s]+ \(|\bat (file:\/\/|\/)[^\s]+:\d+:\d+/],
  ['a server path', new RegExp(`${process.cwd().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|node_modules|\\.ts:\\d+`)],
  ['an original error', /originalError|"stack"/],
];

export function leakIn(text: string): string | undefined {
  return LEAKS.find(([, pattern]) => pattern.test(text))?.[0];
}

export function expectNoLeak(text: string): void {
  expect(leakIn(text), text.slice(0, 300)).toBeUndefined();
}
