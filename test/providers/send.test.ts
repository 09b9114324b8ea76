/**
 * One request on a pool (src/providers/http/send.ts), against a real
 * node:http server on loopback: the status, headers and whole body as
 * undici's `request()` + `body.text()` give them (over many body sizes and
 * chunkings, a BOM dropped, bytes split inside a character), an interim
 * 1xx not taken for the answer, cancellation before and during the body,
 * and the pool's size bound.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallSignal } from '../../src/providers/http/cancel.js';
import { send } from '../../src/providers/http/send.js';

let server: Server;
let origin: string;
/** What each path answers: written in the given chunks, with a pause between them. */
const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = routes.get(req.url ?? '');
    if (route) route(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function chunked(chunks: Buffer[], status = 200) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-seen': 'yes' });
    const next = (index: number) => {
      if (index === chunks.length) return void res.end();
      res.write(chunks[index]);
      setImmediate(() => next(index + 1));
    };
    next(0);
  };
}

/** A deterministic generator (no Math.random: a failure must replay). */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

describe('send', () => {
  it('reads status, headers and body as request() and body.text() do, over many sizes and chunkings', async () => {
    const pool = new Pool(origin, { connections: 4 });
    const random = generator(7);
    try {
      for (let round = 0; round < 60; round++) {
        const length = Math.floor(random() ** 3 * 200_000);
        const text = Array.from({ length }, (_, i) => (i % 97 === 0 ? 'é' : i % 89 === 0 ? '𝄞' : 'abc'[i % 3])).join(
          '',
        );
        const bom = round % 5 === 0;
        const bytes = Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text)]);
        // Cut anywhere, inside a character's bytes too.
        const cuts = Array.from({ length: Math.floor(random() * 6) }, () => Math.floor(random() * bytes.length)).sort(
          (a, b) => a - b,
        );
        const chunks = [0, ...cuts].map((start, index) => bytes.subarray(start, [...cuts, bytes.length][index]));
        const status = [200, 201, 404, 503][round % 4]!;
        routes.set(`/r${round}`, chunked(chunks, status));

        const ours = await send(pool, { method: 'GET', path: `/r${round}` }, new CallSignal(), () => undefined);
        const theirs = await pool.request({ method: 'GET', path: `/r${round}` });
        const theirText = await theirs.body.text();
        expect(ours.statusCode).toBe(theirs.statusCode);
        expect(ours.headers['x-seen']).toBe('yes');
        expect(ours.text.length).toBe(theirText.length);
        expect(ours.text === theirText).toBe(true);
      }
    } finally {
      await pool.close();
    }
  });

  it('takes the final answer after an interim 102, and says when the response began', async () => {
    routes.set('/interim', (_req, res) => {
      res.writeProcessing();
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), 20);
    });
    const pool = new Pool(origin);
    try {
      let began = 0;
      const answer = await send(pool, { method: 'GET', path: '/interim' }, new CallSignal(), () => (began += 1));
      expect(answer).toMatchObject({ statusCode: 200, text: '{"ok":true}' });
      expect(began).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('is cancelled by its signal, before it is sent and while the body comes, and the pool goes on', async () => {
    let served = 0;
    routes.set('/slow', (_req, res) => {
      served += 1;
      res.writeHead(200);
      res.write('{"items":[');
      // The rest never comes unless the socket is torn down.
      res.on('close', () => res.destroy());
    });
    routes.set('/fast', (_req, res) => res.writeHead(200).end('fast'));
    const pool = new Pool(origin, { connections: 1 });
    try {
      const early = new CallSignal();
      early.abort(new Error('gone'));
      await expect(send(pool, { method: 'GET', path: '/slow' }, early, () => undefined)).rejects.toThrow('gone');
      expect(served).toBe(0);

      const late = new CallSignal();
      let began = false;
      const pending = send(pool, { method: 'GET', path: '/slow' }, late, () => (began = true));
      await expect.poll(() => began, { timeout: 10_000 }).toBe(true);
      late.abort(new Error('deadline'));
      await expect(pending).rejects.toThrow('deadline');
      // No listener is left on the signal, and the one connection serves the next call.
      expect(late.listenerCount('abort')).toBe(0);
      const next = await send(pool, { method: 'GET', path: '/fast' }, new CallSignal(), () => undefined);
      expect(next.text).toBe('fast');
    } finally {
      await pool.close();
    }
  });

  it("refuses a body over the pool's maxResponseSize", async () => {
    routes.set('/big', (_req, res) => res.writeHead(200).end(Buffer.alloc(64 * 1024, 0x61)));
    const pool = new Pool(origin, { maxResponseSize: 1024 });
    try {
      await expect(
        send(pool, { method: 'GET', path: '/big' }, new CallSignal(), () => undefined),
      ).rejects.toMatchObject({ code: 'UND_ERR_RES_EXCEEDED_MAX_SIZE' });
    } finally {
      await pool.close();
    }
  });
});
