/**
 * The README's first example answers what a reader sees: its query, run
 * against the sandbox `npm start` starts (the same seed and sizes), once the
 * sandbox's PROCESSING assets have turned READY, gives the JSON printed
 * beside it, but for the sandbox's port, which is picked at start.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## An example query'));
const fenced = (language: string) => {
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(section);
  if (!match) throw new Error(`no ${language} block under "An example query"`);
  return match[1]!;
};
/** Every loopback origin as one placeholder: ports are picked at start. */
const withoutPorts = (json: string) => json.replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://127.0.0.1:PORT');

let stack: Stack;
beforeAll(async () => {
  const { stepMs: _stepMs, kreaPort: _kreaPort, argilPort: _argilPort, ...sizes } = loadConfig({}).sandboxData;
  stack = await startStack({ sandbox: sizes });
});
afterAll(() => stack.close());

it('answers the first example as printed, once the sandbox has settled', async () => {
  // What a reader sees a few seconds after `npm start`: nothing PROCESSING left.
  const processing = () => stack.sandbox.tenants[0]!.data.argilAssets.some((asset) => asset.status === 'PROCESSING');
  for (let step = 0; step < 100 && processing(); step++) stack.sandbox.advance();
  expect(processing()).toBe(false);
  const answer = await stack.query(fenced('graphql'));
  expect(JSON.parse(withoutPorts(JSON.stringify({ data: answer.data })))).toEqual(
    JSON.parse(withoutPorts(fenced('json'))),
  );
});
