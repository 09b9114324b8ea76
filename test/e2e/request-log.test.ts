/**
 * The request log at info has one line per API request, not one per file:
 * opening GraphiQL (its page and seven files) is logged at debug.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

interface Line {
  level: number;
  msg: string;
  path?: string;
  status?: number;
}

const lines: Line[] = [];
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    gateway: { logger: createLogger('debug', { write: (line: string) => void lines.push(JSON.parse(line) as Line) }) },
  });
});
afterAll(() => stack.close());

const INFO = 30;
const DEBUG = 20;

describe('the request log', () => {
  it('logs static files (GraphiQL’s page and assets) at debug, API requests at info', async () => {
    const page = await stack.gateway.fetch('http://gateway/graphql', { headers: { accept: 'text/html' } });
    const html = await page.text();
    const files = [...html.matchAll(/(?:src|href)="(\/graphiql\/[^"]+)"/g)].map((match) => match[1]!);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect((await stack.gateway.fetch(`http://gateway${file}`)).status).toBe(200);
    const answer = await stack.query('{ __typename }');
    expect(answer.status).toBe(200);

    const requests = lines.filter((line) => line.msg === 'request');
    const levels = requests.map((line) => [line.path, line.level]);
    expect(levels).toEqual([['/graphql', DEBUG], ...files.map((file) => [file, DEBUG]), ['/graphql', INFO]]);
  });
});
