/**
 * A body that is not an upload must arrive within BODY_TIMEOUT_MS (here
 * 500 ms): a client that sends its headers and then a byte now and then gets
 * a 408 with a coded error and loses its socket, on /graphql and on the
 * webhooks alike, instead of holding the socket for the 130 s an upload may
 * take. A multipart body still being sent after that deadline is read in full.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LISTENER_TIMEOUTS } from '../../src/server/http-server.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const BODY_TIMEOUT_MS = 500;
let stack: Stack;
let port: number;

beforeAll(async () => {
  stack = await startStack({
    listener: { ...DEFAULT_LISTENER_TIMEOUTS, bodyTimeoutMs: BODY_TIMEOUT_MS },
    argilWebhookSecret: `whsec_${Buffer.from('0123456789abcdef0123').toString('base64')}`,
  });
  port = Number(new URL(await stack.listen()).port);
});
afterAll(() => stack.close());

interface Exchange {
  socket: Socket;
  /** Everything the server sent, once it closed the connection. */
  closed: Promise<string>;
  /** Resolves at the first byte of the answer. */
  answered: Promise<void>;
}

/** A request over a raw socket: its head now, its body as the test sends it. */
function open(head: string): Exchange {
  const socket = connect(port, '127.0.0.1');
  socket.write(head);
  let text = '';
  let first: () => void;
  const answered = new Promise<void>((resolve) => (first = resolve));
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
    first();
  });
  const closed = new Promise<string>((resolve, reject) => {
    socket.once('close', () => resolve(text));
    socket.once('error', reject);
  });
  return { socket, closed, answered };
}

/** Sends one byte every 100 ms until the server answers. */
function dribble(exchange: Exchange): void {
  const timer = setInterval(() => exchange.socket.write(' '), 100);
  void exchange.answered.then(() => clearInterval(timer));
  void exchange.closed.finally(() => clearInterval(timer));
}

function parse(raw: string) {
  const [head, body] = raw.split('\r\n\r\n', 2) as [string, string];
  const [status, ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { status: status!, headers, body };
}

const post = (path: string, type: string, length: number) =>
  `POST ${path} HTTP/1.1\r\nHost: gateway\r\nContent-Type: ${type}\r\nContent-Length: ${length}\r\n\r\n`;

describe('a body that dribbles', () => {
  it.each([
    ['a GraphQL document', '/graphql'],
    ['a webhook delivery', '/webhooks/argil'],
  ])('is cut at the deadline when it is %s: 408, a coded error, and the socket closed', async (_, path) => {
    const exchange = open(`${post(path, 'application/json', 1_000)}{`);
    dribble(exchange);
    const answer = parse(await exchange.closed);
    expect(answer.status).toBe('HTTP/1.1 408 Request Timeout');
    expect(answer.headers.connection).toBe('close');
    const body = JSON.parse(answer.body) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors).toEqual([
      {
        message: `Request body not received within ${BODY_TIMEOUT_MS} ms`,
        extensions: { code: 'BAD_USER_INPUT' },
      },
    ]);
  });

  it('is read in full past that deadline when it is an upload (multipart)', async () => {
    const boundary = 'slow-upload';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"{ __typename }"}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{}\r\n--${boundary}--\r\n`;
    const half = Math.floor(body.length / 2);
    const upload = open(
      post('/graphql', `multipart/form-data; boundary=${boundary}`, body.length).replace(
        '\r\n\r\n',
        '\r\nX-GraphQL-Yoga-CSRF: 1\r\nConnection: close\r\n\r\n',
      ) + body.slice(0, half),
    );
    // A document sent after the upload began: once it is cut, the upload's own start is past the deadline too.
    const document = open(`${post('/graphql', 'application/json', 1_000)}{`);
    dribble(document);
    expect(parse(await document.closed).status).toBe('HTTP/1.1 408 Request Timeout');
    upload.socket.write(body.slice(half));
    const answer = parse(await upload.closed);
    expect(answer.status).toBe('HTTP/1.1 200 OK');
    expect(answer.body).toContain('"__typename":"Query"');
  });
});
