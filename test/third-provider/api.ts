/**
 * Lumen's REST API, a provider that exists only for the tests: a tiny server
 * on loopback with its own assets and jobs, its own pagination
 * (`?page=&per_page=`, 1-based, `{ items, total }`, newest first) and its own
 * credential header (`Authorization: Token <key>`). A job moves one state on
 * (waiting, working, finished) each time it is read by id, so a poller sees
 * it advance without any clock.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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

export interface LumenApi {
  url: string;
  /** Every request, as `METHOD /path?query`. */
  calls: string[];
  close(): Promise<void>;
}

const NEXT: Record<LumenJobState, LumenJobState> = { waiting: 'working', working: 'finished', finished: 'finished' };

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** A page of `items` (already newest first) as `?page=&per_page=` asks. */
function page<T>(items: readonly T[], query: URLSearchParams): { items: T[]; total: number } {
  const number = Math.max(1, Number(query.get('page') ?? '1'));
  const size = Math.min(100, Math.max(1, Number(query.get('per_page') ?? '20')));
  return { items: items.slice((number - 1) * size, number * size), total: items.length };
}

const newestFirst = (a: { created: string; uid: string }, b: { created: string; uid: string }) =>
  Date.parse(b.created) - Date.parse(a.created) || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0);

export async function startLumenApi(data: { key: string; assets: LumenAsset[]; jobs: LumenJob[] }): Promise<LumenApi> {
  const assets = [...data.assets].sort(newestFirst);
  const jobs = [...data.jobs].sort(newestFirst);
  const calls: string[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://lumen');
    calls.push(`${request.method} ${url.pathname}${url.search}`);
    if (request.headers.authorization !== `Token ${data.key}`) return send(response, 401, { error: 'unauthorized' });
    if (request.method !== 'GET') return send(response, 405, { error: 'method' });
    const [, collection, id, extra] = url.pathname.split('/');
    if (extra !== undefined) return send(response, 404, { error: 'not found' });
    if (collection === 'assets' && id === undefined) return send(response, 200, page(assets, url.searchParams));
    if (collection === 'jobs' && id === undefined) return send(response, 200, page(jobs, url.searchParams));
    if (collection === 'assets') {
      const asset = assets.find((candidate) => candidate.uid === id);
      return asset ? send(response, 200, asset) : send(response, 404, { error: 'not found' });
    }
    if (collection === 'jobs') {
      const job = jobs.find((candidate) => candidate.uid === id);
      if (!job) return send(response, 404, { error: 'not found' });
      send(response, 200, job);
      job.state = NEXT[job.state];
      if (job.state === 'finished' && job.outputs.length === 0)
        job.outputs.push(`https://lumen.test/out/${job.uid}.png`);
      return;
    }
    send(response, 404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
