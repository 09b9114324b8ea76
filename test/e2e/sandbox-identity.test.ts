/**
 * SANDBOX_AUTH's demo identity provider: its key set and token endpoint over
 * loopback, and a gateway that trusts it as it would any issuer.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_USERS, startSandboxIdentity } from '../../src/sandbox/identity.js';
import type { SandboxIdentity } from '../../src/sandbox/identity.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

let identity: SandboxIdentity;
let stack: Stack;
beforeAll(async () => {
  identity = await startSandboxIdentity();
  stack = await startStack({
    sandbox: { kreaAssets: 3, argilAssets: 3, kreaJobs: 1 },
    gateway: { tokens: { jwksUrl: identity.jwksUrl, issuer: identity.issuer, audience: identity.audience } },
  });
});
afterAll(async () => {
  await stack.close();
  await identity.close();
});

const tokenFor = (user: unknown) =>
  fetch(identity.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user }),
  });

it('issues a token to each demo user that the gateway accepts, with the user’s scopes', async () => {
  const users = (await (await fetch(identity.tokenUrl.replace(/token$/, 'users'))).json()) as { users: unknown[] };
  expect(users.users).toEqual(DEMO_USERS);
  for (const user of DEMO_USERS) {
    const response = await tokenFor(user.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const issued = (await response.json()) as { access_token: string; token_type: string; scope: string };
    expect(issued).toMatchObject({ token_type: 'Bearer', scope: user.scope });
    const answer = await stack.query<{ kreaAssets: { nodes: unknown[] } }>(
      '{ kreaAssets(first: 1) { nodes { id } } }',
      {},
      { authorization: `Bearer ${issued.access_token}` },
    );
    expect(answer.status).toBe(200);
    expect(answer.data?.kreaAssets.nodes).toHaveLength(1);
  }
});

it('refuses an unknown user, and the gateway refuses a request without a token', async () => {
  for (const user of ['admin', '__proto__', 42, undefined]) expect((await tokenFor(user)).status).toBe(400);
  const anonymous = await stack.query('{ kreaAssets(first: 1) { nodes { id } } }');
  expect(anonymous.status).toBe(401);
});
