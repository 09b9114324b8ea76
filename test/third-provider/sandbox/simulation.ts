/**
 * Lumen's REST API, a provider that exists only for the tests, simulated by
 * the sandbox as Krea's and Argil's are: its own assets and jobs per tenant
 * (seeded, drawn after Krea's and Argil's, on the same one-minute grid, so
 * the merged feeds meet ties), its own pagination (`?page=&per_page=`,
 * 1-based, `{ items, total }`, newest first), its own credential header
 * (`Authorization: Token <key>`), and jobs that move one state on (waiting,
 * working, finished) with each step of the sandbox's clock.
 */
import type { DatasetStep, Simulation } from '../../../src/sandbox/simulated-api.js';
import { newestFirst, timeline } from '../../../src/sandbox/dataset.js';
import type { TenantData } from '../../../src/sandbox/data.js';
import type { Reply } from '../../../src/sandbox/routes.js';

export interface LumenAsset {
  uid: string;
  created: string;
  media: 'image' | 'video';
  href: string;
  title: string | null;
}

export type LumenJobState = 'waiting' | 'working' | 'finished';

export interface LumenJob {
  uid: string;
  created: string;
  state: LumenJobState;
  outputs: string[];
}

const NEXT: Record<LumenJobState, LumenJobState> = { waiting: 'working', working: 'finished', finished: 'finished' };
const STATES: readonly LumenJobState[] = ['waiting', 'working', 'finished'];

const error = (status: number, message: string): Reply => ({ status, body: { error: message } });

/** A page of `items` (already newest first) as `?page=&per_page=` asks. */
function page<T>(items: readonly T[], query: URLSearchParams): Reply {
  const number = Math.max(1, Number(query.get('page') ?? '1'));
  const size = Math.min(100, Math.max(1, Number(query.get('per_page') ?? '20')));
  return { status: 200, body: { items: items.slice((number - 1) * size, number * size), total: items.length } };
}

/** After Krea's and Argil's turns (0 to 3), so their data is what it is without Lumen. */
const dataset: readonly DatasetStep[] = [
  {
    turn: 10,
    draw: ({ random, files, size }) => ({
      lumenAssets: newestFirst(
        timeline(random, size('lumenAssets')).map((created, i) => {
          const uid = random.uuid();
          const media = random.pick(['image', 'video'] as const);
          const href = `${files.lumen}/${uid}.${media === 'image' ? 'png' : 'mp4'}`;
          return { uid, created, media, href, title: i % 3 === 0 ? null : `Lumen ${i}` };
        }),
        (asset) => asset.created,
        (asset) => asset.uid,
      ),
      lumenJobs: newestFirst(
        timeline(random, size('lumenJobs')).map((created, i) => {
          const state = STATES[i % STATES.length]!;
          return {
            uid: random.uuid(),
            created,
            state,
            outputs: state === 'finished' ? [`${files.lumen}/${i}.png`] : [],
          };
        }),
        (job) => job.created,
        (job) => job.uid,
      ),
    }),
  },
];

function route(method: string, path: string, query: URLSearchParams, data: TenantData): Reply {
  if (method !== 'GET') return error(405, 'method');
  const [, collection, id, extra] = path.split('/');
  const items: ReadonlyArray<LumenAsset | LumenJob> | undefined =
    collection === 'assets' ? data.lumenAssets : collection === 'jobs' ? data.lumenJobs : undefined;
  if (!items || extra !== undefined) return error(404, 'not found');
  if (id === undefined) return page(items, query);
  const item = items.find((candidate) => candidate.uid === id);
  return item ? { status: 200, body: item } : error(404, 'not found');
}

export const lumenSimulation: Simulation = {
  basePath: '',
  cdnPath: '/files/',
  credential: { header: 'Authorization', scheme: 'Token' },
  dataset,
  start: ({ tenants, tenantOf }) => ({
    router: async ({ method, path, query, headers }) => {
      const index = tenantOf(headers);
      const tenant = tenants[index];
      if (!tenant) return error(401, 'unauthorized');
      return { ...route(method, path, query, tenant.data), tenant: index };
    },
    advance({ data }) {
      for (const job of data.lumenJobs) {
        if (job.state === 'finished') continue;
        job.state = NEXT[job.state];
        if (job.state === 'finished') job.outputs.push(`${data.files.lumen}/out/${job.uid}.png`);
      }
    },
  }),
};
