import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SandboxKreaJob } from '../../src/providers/krea/sandbox/data.js';
import { JOB_STATUSES } from '../../src/providers/krea/sandbox/data.js';
import { codes, startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const JOBS = /* GraphQL */ `
  query Jobs($first: Int, $after: String, $status: KreaJobStatus, $types: [String!]) {
    kreaJobs(first: $first, after: $after, status: $status, types: $types) {
      edges {
        cursor
        node {
          id
          providerId
          status
          isTerminal
          createdAt
          completedAt
          result {
            urls
            styleId
          }
          error {
            code
            message
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

interface JobNode {
  id: string;
  providerId: string;
  status: string;
  isTerminal: boolean;
  completedAt: string | null;
  result: { urls: string[]; styleId: string | null } | null;
  error: { code: string; message: string | null } | null;
}
interface JobsPage {
  kreaJobs: {
    edges: { cursor: string; node: JobNode }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

let stack: Stack;
let jobs: SandboxKreaJob[];

beforeAll(async () => {
  stack = await startStack({ sandbox: { kreaAssets: 0, argilAssets: 0, kreaJobs: 90 } });
  jobs = stack.sandbox.tenants[0]!.data.kreaJobs;
});
afterAll(() => stack.close());
beforeEach(() => stack.sandbox.controls.resetCalls());

async function walk(first: number, variables: Record<string, unknown> = {}) {
  const nodes: JobNode[] = [];
  let after: string | undefined;
  for (;;) {
    const response = await stack.query<JobsPage>(JOBS, { first, after, ...variables });
    expect(response.errors).toBeUndefined();
    nodes.push(...response.data!.kreaJobs.edges.map((edge) => edge.node));
    if (!response.data!.kreaJobs.pageInfo.hasNextPage) return nodes;
    after = response.data!.kreaJobs.pageInfo.endCursor!;
  }
}

describe('kreaJobs', () => {
  it('walks every job once, newest first, at several page sizes', async () => {
    for (const first of [1, 4, 25, 100]) {
      const nodes = await walk(first);
      expect(nodes.map((node) => node.providerId)).toEqual(jobs.map((job) => job.job_id));
    }
  });

  it('maps every status, isTerminal, result and error', async () => {
    const nodes = await walk(100);
    const byId = new Map(nodes.map((node) => [node.providerId, node]));
    const statuses = new Set<string>();
    for (const job of jobs) {
      const node = byId.get(job.job_id)!;
      const expected = job.status.toUpperCase().replace('-', '_');
      statuses.add(node.status);
      expect(node.status).toBe(expected);
      expect(node.isTerminal).toBe(['completed', 'failed', 'cancelled'].includes(job.status));
      expect(node.result?.urls ?? null).toEqual(job.result?.urls ?? null);
      expect(node.result?.styleId ?? null).toBe(job.result?.style_id ?? null);
      expect(node.error).toEqual(job.error ?? null);
      expect(node.completedAt === null).toBe(job.completed_at === undefined);
    }
    expect(statuses.size).toBe(JOB_STATUSES.length);
  });

  it('pushes status and types upstream', async () => {
    const completed = await walk(10, { status: 'INTERMEDIATE_COMPLETE' });
    expect(completed.map((node) => node.providerId)).toEqual(
      jobs.filter((job) => job.status === 'intermediate-complete').map((job) => job.job_id),
    );
    expect(stack.sandbox.controls.calls.every((call) => call.query.get('status') === 'intermediate-complete')).toBe(
      true,
    );
    stack.sandbox.controls.resetCalls();
    const typed = await walk(7, { types: ['flux', 'k1'] });
    expect(typed.map((node) => node.providerId)).toEqual(
      jobs.filter((job) => job.type === 'flux' || job.type === 'k1').map((job) => job.job_id),
    );
    expect(stack.sandbox.controls.calls[0]!.query.get('types')).toBe('flux,k1');
  });

  it('finds one job by kreaJob and by node, and null for an unknown one', async () => {
    const job = jobs[3]!;
    const id = Buffer.from(`KreaJob:${job.job_id}`).toString('base64');
    const response = await stack.query<{ kreaJob: { id: string }; node: { providerId: string }; missing: null }>(
      `query($uuid: UUID!, $id: ID!, $missing: UUID!) {
        kreaJob(id: $uuid) { id }
        node(id: $id) { ... on KreaJob { providerId } }
        missing: kreaJob(id: $missing) { id }
      }`,
      { uuid: job.job_id, id, missing: '00000000-0000-4000-8000-000000000000' },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.kreaJob.id).toBe(id);
    expect(response.data!.node.providerId).toBe(job.job_id);
    expect(response.data!.missing).toBeNull();
    // kreaJob and node share the request's loader: one call for the job, one for the unknown id.
    expect(stack.sandbox.controls.count('krea', 'GET', /^\/jobs\//)).toBe(2);
  });

  it('refuses last/before and bad cursors', async () => {
    const response = await stack.query(JOBS, { first: 2, after: 'bm9wZQ' });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(stack.sandbox.controls.calls).toHaveLength(0);
  });
});
