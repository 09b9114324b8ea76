/**
 * A gate between the gateway and a provider's sandbox, over real HTTP on
 * loopback: each request is held until the test releases the gate, then
 * forwarded as it came (method, path, headers, body) and answered with the
 * sandbox's answer. Once released, requests pass straight through. Tests
 * count what reached it, and whether its client (the gateway) gave up
 * before the gate opened.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

export interface UpstreamGate {
  url: string;
  /** Requests that arrived (held or forwarded). */
  arrived(): number;
  /** Resolves once `count` requests have arrived. */
  whenArrived(count: number): Promise<void>;
  /** Requests whose client went away while they were held. */
  abandoned(): number;
  /** Resolves once `count` held requests were abandoned. */
  whenAbandoned(count: number): Promise<void>;
  /** Forwards the held requests and every later one. */
  release(): void;
  /** Holds requests again from now on. */
  shut(): void;
  close(): Promise<void>;
}

export async function startUpstreamGate(target: string): Promise<UpstreamGate> {
  let open = false;
  let arrived = 0;
  let abandoned = 0;
  const held: Array<() => void> = [];
  const waiters: Array<{ test: () => boolean; resolve: () => void }> = [];
  const notify = () => {
    for (const waiter of [...waiters]) {
      if (!waiter.test()) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  const when = (test: () => boolean) =>
    new Promise<void>((resolve) => {
      waiters.push({ test, resolve });
      notify();
    });

  async function forward(req: IncomingMessage, res: ServerResponse, body: Buffer) {
    const headers = { ...req.headers };
    delete headers.host;
    delete headers.connection;
    const answer = await request(`${new URL(target).origin}${req.url ?? '/'}`, {
      method: req.method as 'GET',
      headers,
      body: body.length > 0 ? body : undefined,
    });
    const out = Buffer.from(await answer.body.arrayBuffer());
    const { connection: _connection, 'transfer-encoding': _encoding, ...kept } = answer.headers;
    res.writeHead(answer.statusCode, { ...kept, 'content-length': out.length });
    res.end(out);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => {
      arrived += 1;
      const go = () => void forward(req, res, Buffer.concat(chunks)).catch(() => res.destroy());
      if (open) go();
      else {
        let gone = false;
        res.once('close', () => {
          if (res.writableFinished || open) return;
          gone = true;
          abandoned += 1;
          notify();
        });
        held.push(() => {
          if (!gone) go();
        });
      }
      notify();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${url}${new URL(target).pathname.replace(/\/$/, '')}`,
    arrived: () => arrived,
    whenArrived: (count) => when(() => arrived >= count),
    abandoned: () => abandoned,
    whenAbandoned: (count) => when(() => abandoned >= count),
    release() {
      open = true;
      for (const go of held.splice(0)) go();
    },
    shut() {
      open = false;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
