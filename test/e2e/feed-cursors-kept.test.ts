/**
 * The merged feeds' cursors hold one position per provider stream (now over
 * the registry's N streams): with Krea and Argil registered, a cursor is
 * still the two-position cursor the gateway handed out before the providers
 * became folders (issue 24). The literals below were made by that gateway
 * (commit 434f524) over the same seeded sandbox: the same page ends with the
 * same cursor, and each old cursor still pages on to the same items.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const BEFORE = {
  assets: {
    endCursor:
      'MTpmZWVkOmI5YzU1NTM2OjE3OTA4NTU2NDAwMDAuMi5mZjhkMDg1Yi04Y2Y4LTQ2YWItODQzMC0wZmRhMDk5YmY0ZmE6MTo1YjUxNTM4ZQ',
    next: [
      'QXJnaWxBc3NldDowM2ZkM2QxMS1mY2VmLTRhZjEtYWFhZC1mYzVjYTE1ZDAxZWY=',
      'QXJnaWxBc3NldDo2MzUzYjI4ZC05NTE0LTQyOTEtOGRmMy00NWUxNWU1MTQ1OTg=',
      'QXJnaWxBc3NldDplYTEyNzZjMS04MTRhLTRmNGEtOTMwZC0xMjkxZDExZDUwY2Q=',
      'S3JlYUFzc2V0OmM4YzY5NDhjLTE0ZGQtNDY1ZS1hNTdkLTZmODY1ODRlOWZkNw==',
    ],
  },
  filtered:
    'MTpmZWVkOjFiZjY5YzRkOjE3OTA4NTU2NDAwMDAuMS45MjYzZGRiYS1mOWJmLTQzOWMtODM4Ny04MjQ3NzIwMjAxZWY6Mjo1MTkxYWJkOA',
  jobs: {
    endCursor:
      'MTpmZWVkOmE1MjJlM2M5OjE3OTA4NTYwMDAwMDAuMS5lMTg0MjlkNi1hZjcxLTQ3ZGYtOWU5Yi1mNTBhYzVmMzAwMmI6NDo3NjZiMzUwZQ',
    next: [
      'QXJnaWxWaWRlbzplYTU1MThjNy1mNThlLTQ1YTYtYjFlMC02NDA2NzUyNThmMjU=',
      'QXJnaWxWaWRlbzo4MzcwMDRkNS05YmM4LTQ0MTMtYWY1Yy1iNTM3ODUxM2RlZWE=',
      'S3JlYUpvYjoyY2QxMmI3OS0yZWQxLTRjMGUtYTYwMy00Mzg2ODk1ODllNGI=',
    ],
  },
};

interface Page {
  pageInfo: { endCursor: string | null };
  nodes: Array<{ id: string }>;
}

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ sandbox: { kreaAssets: 30, argilAssets: 30, kreaJobs: 20, seed: 7 } });
});
afterAll(() => stack.close());

describe('feed cursors made before the providers became folders', () => {
  it('are the cursors the same pages end with now', async () => {
    const { data } = await stack.query<{ assets: Page; filtered: Page; jobs: Page }>(`{
      assets(first: 4) { pageInfo { endCursor } nodes { id } }
      filtered: assets(first: 3, filter: { kinds: [IMAGE], providers: [ARGIL, KREA] }) { pageInfo { endCursor } nodes { id } }
      jobs(first: 5) { pageInfo { endCursor } nodes { id } }
    }`);
    expect(data!.assets.pageInfo.endCursor).toBe(BEFORE.assets.endCursor);
    expect(data!.filtered.pageInfo.endCursor).toBe(BEFORE.filtered);
    expect(data!.jobs.pageInfo.endCursor).toBe(BEFORE.jobs.endCursor);
  });

  it('page on to the same items', async () => {
    const { data, errors } = await stack.query<{ assets: Page; jobs: Page }>(
      `query ($assets: String!, $jobs: String!) {
        assets(first: 4, after: $assets) { pageInfo { endCursor } nodes { id } }
        jobs(first: 3, after: $jobs) { pageInfo { endCursor } nodes { id } }
      }`,
      { assets: BEFORE.assets.endCursor, jobs: BEFORE.jobs.endCursor },
    );
    expect(errors).toBeUndefined();
    expect(data!.assets.nodes.map((node) => node.id)).toEqual(BEFORE.assets.next);
    expect(data!.jobs.nodes.map((node) => node.id)).toEqual(BEFORE.jobs.next);
  });
});
