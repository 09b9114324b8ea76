import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

describe('the sandbox call log', () => {
  it('keeps the newest calls, at most maxLoggedCalls, in arrival order', async () => {
    sandbox.controls.resetCalls();
    sandbox.controls.maxLoggedCalls = 10;
    for (let limit = 1; limit <= 25; limit++) {
      const response = await fetch(`${sandbox.kreaUrl}/assets?limit=${limit}`, {
        headers: { authorization: 'Bearer sandbox-krea-key' },
      });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      expect(sandbox.controls.calls.length).toBeLessThanOrEqual(10);
    }
    const limits = sandbox.controls.calls.map((call) => Number(call.query.get('limit')));
    // The newest calls, consecutive, ending with the last one.
    expect(limits[limits.length - 1]).toBe(25);
    expect(limits).toEqual(Array.from({ length: limits.length }, (_, i) => 25 - limits.length + 1 + i));
  });
});
