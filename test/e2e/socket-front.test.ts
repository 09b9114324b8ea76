/**
 * The socket front (src/server/socket-front/) on the gateway's real
 * listener, over raw loopback sockets, in front of the sandbox providers.
 * Two gateways share one sandbox: one with the front (on by default), one
 * with `socketFront: false`, whose every answer is node:http's own; each
 * listener is made by createHttpServer, as the stack's and `npm start`'s
 * are (here so that the test holds the HttpServer: drain and closing).
 *
 * The oracle is the listener without the front: the same bytes sent to
 * both must get the same answers (status line, headers but Date, body), in
 * the same order, and the connection must end alike. On top of that, what
 * each answer must be: the lane's data, yoga's codes, node's 400/408/431,
 * `Connection: close` and the socket closed when they are due.
 */
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/server/http-server.js';
import type { HttpServer, ListenerTimeouts } from '../../src/server/http-server.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const TIMEOUTS: ListenerTimeouts = {
  headersTimeoutMs: 800,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 1_000,
  bodyTimeoutMs: 700,
};

let on: Stack;
let off: Stack;
const servers: HttpServer[] = [];
/** The listener with the front, and without. */
let frontPort: number;
let nodePort: number;

async function serve(stack: Stack): Promise<{ server: HttpServer; port: number }> {
  const server = createHttpServer(stack.gateway, TIMEOUTS);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

beforeAll(async () => {
  on = await startStack({ sandbox: { kreaAssets: 6, argilAssets: 4, kreaJobs: 2 } });
  off = await startStack({ sharedSandbox: on.sandbox, gateway: { socketFront: false } });
  frontPort = (await serve(on)).port;
  nodePort = (await serve(off)).port;
});
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await off?.close();
  await on?.close();
});

// ---------------------------------------------------------------------------
// A raw HTTP/1.1 client

interface Answer {
  statusLine: string;
  status: number;
  /** Lower-cased names, in order. */
  headers: Array<[string, string]>;
  body: string;
}

const header = (answer: Answer, name: string) => answer.headers.find(([n]) => n === name)?.[1];

/** One answer off the front of `data`, or undefined while it is incomplete. */
function parseAnswer(data: Buffer, ended: boolean): { answer: Answer; used: number } | undefined {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = data.toString('latin1', 0, end).split('\r\n') as [string, ...string[]];
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
  });
  const answer = (body: string): Answer => ({ statusLine, status: Number(statusLine.split(' ')[1]), headers, body });
  // An interim answer (100 Continue) has no body.
  if (statusLine.startsWith('HTTP/1.1 1')) return { answer: answer(''), used: end + 4 };
  const length = headers.find(([name]) => name === 'content-length')?.[1];
  if (length !== undefined) {
    const stop = end + 4 + Number(length);
    if (data.length < stop) return undefined;
    return { answer: answer(data.toString('utf8', end + 4, stop)), used: stop };
  }
  if (headers.some(([name, value]) => name === 'transfer-encoding' && value.includes('chunked'))) {
    let at = end + 4;
    let body = '';
    for (;;) {
      const lineEnd = data.indexOf('\r\n', at);
      if (lineEnd < 0) return undefined;
      const size = parseInt(data.toString('latin1', at, lineEnd), 16);
      if (data.length < lineEnd + 2 + size + 2) return undefined;
      body += data.toString('utf8', lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
      if (size === 0) return { answer: answer(body), used: at };
    }
  }
  // No length: the body runs to the end of the connection.
  if (!ended) return undefined;
  return { answer: answer(data.toString('utf8', end + 4)), used: data.length };
}

class Connection {
  readonly socket: Socket;
  /** Resolves when the socket is closed (by either side). */
  readonly closed: Promise<void>;
  ended = false;
  /** Bytes received and not yet taken as answers. */
  private data = Buffer.alloc(0);
  private wake: () => void = () => {};

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => {
      this.data = Buffer.concat([this.data, chunk]);
      this.wake();
    });
    // A reset after the server's close is a close too.
    this.socket.on('error', () => {});
    this.closed = new Promise((resolve) =>
      this.socket.once('close', () => {
        this.ended = true;
        this.wake();
        resolve();
      }),
    );
  }

  write(bytes: string | Buffer): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** The next answer; fails if the connection ends first or none comes within `ms`. */
  async answer(ms = 5_000): Promise<Answer> {
    const deadline = Date.now() + ms;
    for (;;) {
      const parsed = parseAnswer(this.data, this.ended);
      if (parsed) {
        this.data = this.data.subarray(parsed.used);
        return parsed.answer;
      }
      if (this.ended) throw new Error(`closed without a (whole) answer; received ${JSON.stringify(this.rest)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no answer within ${ms} ms; received ${JSON.stringify(this.rest)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Every answer until the server closes the connection (fails after `ms`). */
  async untilClosed(ms = 5_000): Promise<Answer[]> {
    await withinMs(this.closed, ms, () => `still open after ${ms} ms; received ${JSON.stringify(this.rest)}`);
    const answers: Answer[] = [];
    while (this.data.length > 0) {
      const parsed = parseAnswer(this.data, true);
      if (!parsed) break;
      this.data = this.data.subarray(parsed.used);
      answers.push(parsed.answer);
    }
    return answers;
  }

  /** What was received and not taken as an answer. */
  get rest(): string {
    return this.data.toString('latin1');
  }

  close(): void {
    this.socket.destroy();
  }
}

async function withinMs<T>(promise: Promise<T>, ms: number, why: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(why())), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether the socket is still open `ms` later (a close may only be seen after a tick). */
async function openAfter(connection: Connection, ms: number): Promise<boolean> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return !connection.ended;
}

/** An answer as the two listeners are compared: everything but the Date and a generated request id. */
function normal(answer: Answer): string {
  const headers = answer.headers
    .filter(([name]) => name !== 'date')
    .map(([name, value]) => `${name}: ${name === 'x-request-id' && !value.startsWith('sf-') ? '<generated>' : value}`)
    .sort();
  return [answer.statusLine, ...headers, '', answer.body].join('\n');
}

/**
 * Runs `script` once on each listener; what each saw (answers, as
 * compared, and whether the server closed the connection).
 */
async function onBoth(
  script: (connection: Connection) => Promise<Answer[]>,
): Promise<{ front: Answer[]; node: Answer[] }> {
  const run = async (port: number) => {
    const connection = new Connection(port);
    try {
      return await script(connection);
    } finally {
      connection.close();
    }
  };
  const [front, node] = await Promise.all([run(frontPort), run(nodePort)]);
  return { front, node };
}

/** Sends `bytes` to both listeners, reads `count` answers from each: they must be the same. */
async function sameOnBoth(bytes: string | Buffer, count: number): Promise<Answer[]> {
  const { front, node } = await onBoth(async (connection) => {
    connection.write(bytes);
    const answers: Answer[] = [];
    for (let i = 0; i < count; i += 1) answers.push(await connection.answer());
    return answers;
  });
  expect(front.map(normal)).toEqual(node.map(normal));
  return front;
}

/** Sends `bytes` to both listeners and reads until each closes the connection: the same answers. */
async function sameUntilClosed(bytes: string | Buffer, ms = 5_000): Promise<Answer[]> {
  const { front, node } = await onBoth(async (connection) => {
    connection.write(bytes);
    return connection.untilClosed(ms);
  });
  expect(front.map(normal)).toEqual(node.map(normal));
  return front;
}

// ---------------------------------------------------------------------------
// Requests

const TWO = '{ kreaAssets(first: 2) { nodes { id } } }';
const ONE = '{ kreaAssets(first: 1) { nodes { id mimeType } } }';
const ARGIL = '{ argilAssets(first: 3) { nodes { id name } } }';

/** A POST the compiled lane takes. `extra`: more header lines, each ending in CRLF. */
function lanePost(body: string | object, extra = '', id = 'sf-1'): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return (
    `POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nAccept: application/json\r\n` +
    `X-Request-Id: ${id}\r\nContent-Length: ${Buffer.byteLength(text)}\r\n${extra}\r\n${text}`
  );
}
const laneGet = (query: string) =>
  `GET /graphql?query=${encodeURIComponent(query)} HTTP/1.1\r\nHost: gateway\r\nAccept: application/json\r\n\r\n`;
const HEALTH = 'GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n';
const GRAPHIQL = 'GET /graphql HTTP/1.1\r\nHost: gateway\r\nAccept: text/html\r\n\r\n';

interface Result {
  data?: Record<string, { nodes: Array<Record<string, unknown>> }> | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}
const json = (answer: Answer) => JSON.parse(answer.body) as Result;
const codesOf = (answer: Answer) => (json(answer).errors ?? []).map((error) => error.extensions?.code);

/** The lane counter's values on a stack: `compiled`, or `yoga/<reason>`. */
async function laneCounts(stack: Stack): Promise<Record<string, number>> {
  const metric = await stack.services.metrics.registry.getSingleMetric('mediagraph_lane_requests_total')?.get();
  const counts: Record<string, number> = {};
  for (const { labels, value } of metric?.values ?? []) {
    const key = labels.lane === 'compiled' ? 'compiled' : `yoga/${String(labels.reason)}`;
    counts[key] = (counts[key] ?? 0) + value;
  }
  return counts;
}
function delta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const moved: Record<string, number> = {};
  for (const key of Object.keys(after)) {
    const change = (after[key] ?? 0) - (before[key] ?? 0);
    if (change !== 0) moved[key] = change;
  }
  return moved;
}

/** The compiled lane's count as /metrics shows it over the listener (a request node answers). */
async function compiledOnMetrics(port: number): Promise<number> {
  const connection = new Connection(port);
  connection.write('GET /metrics HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n');
  const answer = await connection.answer();
  connection.close();
  expect(answer.status).toBe(200);
  let sum = 0;
  for (const line of answer.body.split('\n')) {
    if (line.startsWith('mediagraph_lane_requests_total{') && line.includes('lane="compiled"')) {
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return sum;
}

// ---------------------------------------------------------------------------

describe('one keep-alive connection', () => {
  it('serves a lane query, requests the lane declines, and lane queries after them, in order, as node does', async () => {
    const { front, node } = await onBoth(async (connection) => {
      const answers: Answer[] = [];
      for (const request of [lanePost({ query: TWO }), HEALTH, lanePost({ query: TWO }), GRAPHIQL, laneGet(ARGIL)]) {
        connection.write(request);
        answers.push(await connection.answer());
      }
      // Still open: every answer was kept alive.
      expect(connection.ended).toBe(false);
      return answers;
    });
    expect(front.map(normal)).toEqual(node.map(normal));
    const [first, health, third, graphiql, fifth] = front as [Answer, Answer, Answer, Answer, Answer];
    expect(first.status).toBe(200);
    expect(json(first).data?.kreaAssets?.nodes).toHaveLength(2);
    expect(health.status).toBe(200);
    expect(third.body).toBe(first.body);
    expect(graphiql.status).toBe(200);
    expect(header(graphiql, 'content-type')).toMatch(/^text\/html/);
    expect(graphiql.body.toLowerCase()).toContain('<html');
    expect(json(fifth).data?.argilAssets?.nodes).toHaveLength(3);
    for (const answer of front) expect(header(answer, 'connection')).toBe('keep-alive');
  });

  it('reads each head as sent when heads without an id repeat and alternate (the last head’s bytes are compared)', async () => {
    // No X-Request-Id: these heads are remembered (recent-heads.ts), and a repeated one is not read again.
    const post = (first: number, accept: string, pad: number) => {
      const text = JSON.stringify({ query: `{ kreaAssets(first: ${first}) { nodes { id } } }` }) + ' '.repeat(pad);
      return `POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nAccept: ${accept}\r\nContent-Length: ${text.length}\r\n\r\n${text}`;
    };
    const plain = 'application/json';
    const graphql = 'application/graphql-response+json';
    // Heads of one length a byte apart (Content-Length 53 and 54) follow each other; then other accepts and lengths.
    const sent: Array<[number, string, number]> = [
      [1, plain, 0],
      [1, plain, 0],
      [2, plain, 1],
      [1, plain, 0],
      [2, plain, 1],
      [2, graphql, 1],
      [3, graphql, 0],
      [2, plain, 1],
      [10, plain, 0],
      [1, plain, 0],
    ];
    const counted = await laneCounts(on);
    const { front, node } = await onBoth(async (connection) => {
      const answers: Answer[] = [];
      for (const [first, accept, pad] of sent) {
        connection.write(post(first, accept, pad));
        answers.push(await connection.answer());
      }
      return answers;
    });
    expect(front.map(normal)).toEqual(node.map(normal));
    // Every one served by the compiled lane (none fell to yoga).
    expect(delta(counted, await laneCounts(on))).toEqual({ compiled: sent.length });
    front.forEach((answer, index) => {
      const [first, accept] = sent[index]!;
      expect(header(answer, 'content-type')).toBe(`${accept}; charset=utf-8`);
      expect(json(answer).data?.kreaAssets?.nodes).toHaveLength(Math.min(first, 6));
    });
  });

  it('answers three lane queries written at once (pipelined) in order', async () => {
    const answers = await sameOnBoth(
      lanePost({ query: TWO }) + lanePost({ query: ONE }) + lanePost({ query: ARGIL }),
      3,
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(json(answers[0]!).data?.kreaAssets?.nodes).toHaveLength(2);
    expect(json(answers[1]!).data?.kreaAssets?.nodes).toEqual([
      { id: expect.any(String), mimeType: expect.any(String) },
    ]);
    expect(json(answers[2]!).data?.argilAssets?.nodes).toHaveLength(3);
  });

  it('answers pipelined requests in order when node takes over in the middle (before and after a body)', async () => {
    const answers = await sameOnBoth(
      lanePost({ query: ONE }) + HEALTH + lanePost('{"query": "{ kreaAssets(first: 1) {') + lanePost({ query: TWO }),
      4,
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 400, 200]);
    expect(json(answers[0]!).data?.kreaAssets?.nodes).toHaveLength(1);
    expect(codesOf(answers[2]!)).toEqual(['BAD_USER_INPUT']);
    expect(json(answers[3]!).data?.kreaAssets?.nodes).toHaveLength(2);
  });

  it('answers a request whose head and body arrive a byte at a time', async () => {
    const request = Buffer.from(lanePost({ query: TWO, variables: { unused: 'x'.repeat(50) } }), 'latin1');
    const { front, node } = await onBoth(async (connection) => {
      for (const byte of request) {
        connection.write(Buffer.of(byte));
        await new Promise((resolve) => setImmediate(resolve));
      }
      return [await connection.answer()];
    });
    expect(front.map(normal)).toEqual(node.map(normal));
    expect(json(front[0]!).data?.kreaAssets?.nodes).toHaveLength(2);
  });

  it('answers a body of 300 KB that arrives in many pieces', async () => {
    const body = `{"query": "${TWO}"${' '.repeat(300_000)}}`;
    const { front, node } = await onBoth(async (connection) => {
      const bytes = Buffer.from(lanePost(body), 'latin1');
      for (let at = 0; at < bytes.length; at += 7_001) {
        connection.write(bytes.subarray(at, at + 7_001));
        await new Promise((resolve) => setImmediate(resolve));
      }
      return [await connection.answer()];
    });
    expect(front.map(normal)).toEqual(node.map(normal));
    expect(json(front[0]!).data?.kreaAssets?.nodes).toHaveLength(2);
  });

  it('reads a head of 16,384 bytes, and leaves a longer one to node: served, or 431 past node’s own limit', async () => {
    /** A lane POST whose head (with its empty line) is `total` bytes long. */
    const ofLength = (total: number) => {
      const bare = lanePost({ query: TWO }, 'X-Pad: \r\n');
      const head = bare.indexOf('\r\n\r\n') + 4;
      return lanePost({ query: TWO }, `X-Pad: ${'p'.repeat(total - head)}\r\n`);
    };
    for (const total of [16_384, 16_390]) {
      const request = ofLength(total);
      expect(request.indexOf('\r\n\r\n') + 4).toBe(total);
      const [served] = await sameOnBoth(request, 1);
      expect(served!.status).toBe(200);
      expect(json(served!).data?.kreaAssets?.nodes).toHaveLength(2);
    }
    const [refused] = await sameUntilClosed(ofLength(17_000));
    expect(refused!.status).toBe(431);
  });
});

describe('heads the front leaves to node', () => {
  const body = JSON.stringify({ query: TWO });
  const post = (head: string, rest = body) => `${head}\r\n\r\n${rest}`;
  const common = `Host: gateway\r\nContent-Type: application/json\r\nAccept: application/json\r\nX-Request-Id: sf-2`;
  /** [name, request, answers before the lane query that follows it (none: node closes the connection)] */
  const cases: Array<[string, string, number]> = [
    ['HTTP/1.0', post(`POST /graphql HTTP/1.0\r\n${common}\r\nContent-Length: ${body.length}`), 0],
    [
      'an absolute-form target',
      post(`POST http://gateway/graphql HTTP/1.1\r\n${common}\r\nContent-Length: ${body.length}`),
      1,
    ],
    [
      'a chunked body',
      post(
        `POST /graphql HTTP/1.1\r\n${common}\r\nTransfer-Encoding: chunked`,
        `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      ),
      1,
    ],
    [
      'Expect: 100-continue',
      post(`POST /graphql HTTP/1.1\r\n${common}\r\nExpect: 100-continue\r\nContent-Length: ${body.length}`),
      2,
    ],
    [
      'obs-text in a value',
      post(`POST /graphql HTTP/1.1\r\n${common}\r\nX-Name: caf\u00e9\r\nContent-Length: ${body.length}`),
      1,
    ],
    [
      'a header twice',
      post(`POST /graphql HTTP/1.1\r\n${common}\r\nAccept: application/json\r\nContent-Length: ${body.length}`),
      1,
    ],
    [
      'Connection: keep-alive, close',
      post(`POST /graphql HTTP/1.1\r\n${common}\r\nConnection: keep-alive, close\r\nContent-Length: ${body.length}`),
      0,
    ],
    ['a POST without a body', post(`POST /graphql HTTP/1.1\r\n${common}\r\nContent-Length: 0`, ''), 1],
    [
      'a GET with a Content-Length',
      post(`GET /graphql?query=${encodeURIComponent(TWO)} HTTP/1.1\r\n${common}\r\nContent-Length: 0`, ''),
      1,
    ],
  ];
  it.each(cases)(
    'answers %s as node does (and a lane query after it on the same socket)',
    async (_, request, count) => {
      if (count === 0) {
        const answers = await sameUntilClosed(request);
        expect(answers).toHaveLength(1);
        expect(header(answers[0]!, 'connection')).toBe('close');
        return;
      }
      const answers = await sameOnBoth(request + lanePost({ query: ONE }), count + 1);
      expect(json(answers[answers.length - 1]!).data?.kreaAssets?.nodes).toHaveLength(1);
      if (count === 2) expect(answers[0]!.statusLine).toBe('HTTP/1.1 100 Continue');
    },
  );
});

describe('requests the lane refuses once their body is read', () => {
  const cases: Array<[string, string, number, string[]]> = [
    ['invalid JSON', '{"query": "{ __typename }"', 400, ['BAD_USER_INPUT']],
    ['JSON that is not an object', '["{ __typename }"]', 400, ['BAD_USER_INPUT']],
    // Errors of the document and its variables are 200 for `Accept: application/json` (GraphQL over HTTP).
    [
      'a document that does not parse',
      JSON.stringify({ query: '{ kreaAssets(first: 2) { nodes { id }' }),
      200,
      ['GRAPHQL_PARSE_FAILED'],
    ],
    [
      'an invalid document',
      JSON.stringify({ query: '{ kreaAssets(first: 2) { nodes { nope } } }' }),
      200,
      ['GRAPHQL_VALIDATION_FAILED'],
    ],
    [
      'variables of the wrong type',
      JSON.stringify({ query: 'query($n: Int!) { kreaAssets(first: $n) { nodes { id } } }', variables: { n: 'two' } }),
      200,
      ['BAD_USER_INPUT'],
    ],
    [
      'an unknown operation name',
      JSON.stringify({ query: 'query A { __typename }', operationName: 'B' }),
      400,
      ['BAD_USER_INPUT'],
    ],
  ];
  it.each(cases)(
    'answers %s as yoga does with the front off, then serves the next request on the socket',
    async (_, body, status, codes) => {
      const before = await Promise.all([laneCounts(on), laneCounts(off)]);
      const [refused, next] = await sameOnBoth(lanePost(body) + lanePost({ query: ONE }), 2);
      expect(refused!.status).toBe(status);
      expect(codesOf(refused!)).toEqual(codes);
      expect(json(refused!).data ?? undefined).toBeUndefined();
      expect(json(next!).data?.kreaAssets?.nodes).toHaveLength(1);
      // Counted once, by the same lane and reason, as without the front.
      const after = await Promise.all([laneCounts(on), laneCounts(off)]);
      expect(delta(before[0], after[0])).toEqual(delta(before[1], after[1]));
    },
  );
});

describe('smuggling attempts', () => {
  const hidden = lanePost({ query: ARGIL }, '', 'sf-hidden');
  const attempts: Array<[string, string]> = [
    [
      'Content-Length and Transfer-Encoding',
      `POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: ${5 + hidden.length}\r\n` +
        `Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n${hidden}`,
    ],
    [
      'two Content-Lengths',
      `POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 26\r\n` +
        `Content-Length: ${26 + hidden.length}\r\n\r\n{"query":"{ __typename }"}${hidden}`,
    ],
    [
      'two equal Content-Lengths',
      `POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 26\r\n` +
        `Content-Length: 26\r\n\r\n{"query":"{ __typename }"}${hidden}`,
    ],
    [
      'Transfer-Encoding folded into another header',
      `POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nX-Folded: 1\r\n Transfer-Encoding: chunked\r\n` +
        `Content-Length: 26\r\n\r\n{"query":"{ __typename }"}${hidden}`,
    ],
    [
      'a folded Content-Length',
      `POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 2\r\n 6\r\n\r\n{"query":"{ __typename }"}${hidden}`,
    ],
    [
      'a space before the colon',
      `POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length : 0\r\nContent-Length: 26\r\n\r\n{"query":"{ __typename }"}${hidden}`,
    ],
    [
      'bare LF line ends',
      `POST /graphql HTTP/1.1\nHost: gateway\nContent-Type: application/json\nContent-Length: 26\n\n{"query":"{ __typename }"}${hidden}`,
    ],
  ];
  it.each(attempts)('gets node’s own 400 for %s, and no answer to the request hidden behind it', async (_, bytes) => {
    const answers = await sameUntilClosed(bytes);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.status).toBe(400);
    expect(answers.map((answer) => answer.body).join('')).not.toContain('argilAssets');
  });

  it('gets node’s 400 for a Content-Length with a tab after its digits (node: HPE_INVALID_CONTENT_LENGTH)', async () => {
    // parseHead trims the tab and reads 26; node refuses the head. The front must not serve what node refuses.
    const bytes = lanePost('{"query":"{ __typename }"}').replace('Content-Length: 26\r\n', 'Content-Length: 26\t\r\n');
    const answers = await sameUntilClosed(bytes);
    expect(answers.map((answer) => answer.status)).toEqual([400]);
  });
});

describe('Connection: close', () => {
  it('answers with Connection: close and closes the socket', async () => {
    const answers = await sameUntilClosed(lanePost({ query: TWO }, 'Connection: close\r\n'));
    expect(answers).toHaveLength(1);
    expect(header(answers[0]!, 'connection')).toBe('close');
    expect(json(answers[0]!).data?.kreaAssets?.nodes).toHaveLength(2);
  });

  it('answers a request pipelined behind a Connection: close one as node does', async () => {
    // node's parser refuses bytes after a `Connection: close` request (400, before the first is answered).
    const answers = await sameUntilClosed(lanePost({ query: TWO }, 'Connection: close\r\n') + lanePost({ query: ONE }));
    expect(answers).toHaveLength(1);
    expect(header(answers[0]!, 'connection')).toBe('close');
  });
});

describe('deadlines', () => {
  it('answers half a head 408 once the headers timeout passes, and closes', async () => {
    const answers = await sameUntilClosed('POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: appl');
    expect(answers.map((answer) => answer.statusLine)).toEqual(['HTTP/1.1 408 Request Timeout']);
    expect(header(answers[0]!, 'connection')).toBe('close');
  });

  it('ends a connection that never sends a byte as node does', async () => {
    const { front, node } = await onBoth(async (connection) => connection.untilClosed());
    expect(front.map(normal)).toEqual(node.map(normal));
  });

  it('gives a keep-alive connection’s next head the headers timeout too', async () => {
    const { front, node } = await onBoth(async (connection) => {
      connection.write(lanePost({ query: ONE }));
      const first = await connection.answer();
      connection.write('POST /graphql HTTP/1.1\r\nHost: gat');
      return [first, ...(await connection.untilClosed())];
    });
    expect(front.map(normal)).toEqual(node.map(normal));
    expect(front.map((answer) => answer.status)).toEqual([200, 408]);
  });

  it('answers a body that never completes 408 with a coded error and Connection: close', async () => {
    const answers = await sameUntilClosed(
      'POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":',
    );
    expect(answers).toHaveLength(1);
    expect(answers[0]!.statusLine).toBe('HTTP/1.1 408 Request Timeout');
    expect(header(answers[0]!, 'connection')).toBe('close');
    expect(JSON.parse(answers[0]!.body)).toEqual({
      errors: [
        {
          message: `Request body not received within ${TIMEOUTS.bodyTimeoutMs} ms`,
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
    });
  });

  it('closes an idle keep-alive connection after the keep-alive timeout, sending nothing more', async () => {
    const { front, node } = await onBoth(async (connection) => {
      connection.write(lanePost({ query: ONE }));
      const answer = await connection.answer();
      expect(header(answer, 'connection')).toBe('keep-alive');
      await connection.closed;
      expect(connection.rest).toBe('');
      return [answer];
    });
    expect(front.map(normal)).toEqual(node.map(normal));
  });

  it('still serves an idle keep-alive connection reused 0.4 s past the advertised timeout, as node does', async () => {
    // node keeps an idle connection keepAliveTimeout + 1 s (its HTTP_SERVER_KEEP_ALIVE_TIMEOUT_BUFFER), against the
    // race of a client reusing it just as it closes; `Keep-Alive: timeout=1` is what both advertise.
    const { front, node } = await onBoth(async (connection) => {
      connection.write(lanePost({ query: ONE }));
      const first = await connection.answer();
      // Past the timeout and the front's sweep (every 200 ms here), well before node's second of grace ends.
      await new Promise((resolve) => setTimeout(resolve, TIMEOUTS.keepAliveTimeoutMs + 400));
      if (connection.ended) return [first];
      connection.write(lanePost({ query: TWO }));
      return [first, await connection.answer()];
    });
    expect(front.map(normal)).toEqual(node.map(normal));
    expect(front).toHaveLength(2);
  });
});

describe('draining and closing', () => {
  /** Runs `scenario` on a new listener of each gateway (with the front, and without): both outcomes. */
  async function onBothServers<T>(scenario: (server: HttpServer, port: number) => Promise<T>): Promise<[T, T]> {
    const [withFront, without] = await Promise.all([serve(on), serve(off)]);
    return Promise.all([scenario(withFront.server, withFront.port), scenario(without.server, without.port)]);
  }

  it('answers with Connection: close once the drain begins, and closes the connection, as node does', async () => {
    const [front, node] = await onBothServers(async (server, port) => {
      const connection = new Connection(port);
      const before = await (connection.write(lanePost({ query: ONE })), connection.answer());
      server.beginDrain();
      connection.write(lanePost({ query: TWO }) + lanePost({ query: ONE }));
      return [before, ...(await connection.untilClosed())];
    });
    expect(front.map(normal)).toEqual(node.map(normal));
    expect(front.map((answer) => header(answer, 'connection'))).toEqual(['keep-alive', 'close']);
    expect(json(front[1]!).data?.kreaAssets?.nodes).toHaveLength(2);
  });

  it('closes idle connections on closeIdleConnections and leaves one with a request begun, as node does', async () => {
    const [front, node] = await onBothServers(async (server, port) => {
      const served = new Connection(port);
      served.write(lanePost({ query: ONE }));
      await served.answer();
      const begun = new Connection(port);
      begun.write('POST /graphql HTTP/1.1\r\nHost: gateway\r\n');
      // The partial head read by the server.
      await openAfter(begun, 50);
      server.closeIdleConnections();
      await withinMs(served.closed, 2_000, () => 'the idle connection is still open');
      const outcome = { begun: begun.ended, sentToServed: served.rest };
      const body = JSON.stringify({ query: TWO });
      begun.write(`Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      const answer = await begun.answer();
      begun.close();
      return { ...outcome, answer: normal(answer) };
    });
    expect(front).toEqual(node);
    expect(front).toMatchObject({ begun: false, sentToServed: '' });
    expect(front.answer).toContain('"kreaAssets"');
  });

  it('treats a connection that has sent nothing yet on closeIdleConnections as node does', async () => {
    // node counts a new connection's head as begun from the connection's start (the headers timeout runs).
    const [front, node] = await onBothServers(async (server, port) => {
      const fresh = new Connection(port);
      await new Promise((resolve) => fresh.socket.once('connect', resolve));
      await openAfter(fresh, 50);
      server.closeIdleConnections();
      const open = await openAfter(fresh, 100);
      fresh.close();
      return open;
    });
    expect(front).toBe(node);
  });

  it('closes every connection, a busy one too, on closeAllConnections', async () => {
    const [front, node] = await onBothServers(async (server, port) => {
      const idle = new Connection(port);
      idle.write(lanePost({ query: ONE }));
      await idle.answer();
      const begun = new Connection(port);
      begun.write('POST /graphql HTTP/1.1\r\nHost: gateway\r\n');
      await openAfter(begun, 50);
      server.closeAllConnections();
      await withinMs(Promise.all([idle.closed, begun.closed]), 2_000, () => 'connections still open');
      return [idle.rest, begun.rest];
    });
    expect(front).toEqual(node);
    expect(front).toEqual(['', '']);
  });
});

describe('a client that half-closes (sends FIN)', () => {
  // node (httpAllowHalfOpen false) ends the connection at once: no answer to a request it had read whole,
  // a 400 for one it had not (HPE_INVALID_EOF_STATE).
  it.each([
    ['after a whole request', lanePost({ query: TWO })],
    ['mid-head', 'POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Ty'],
    ['mid-body', lanePost({ query: TWO }).slice(0, -5)],
    ['between requests', lanePost({ query: ONE }) + 'POST /graphql HTTP/1.1\r\n'],
  ])('%s is answered as node answers it', async (name, bytes) => {
    const { front, node } = await onBoth(async (connection) => {
      connection.write(bytes);
      // Let the server read what was sent (and answer the first request, between requests), then end.
      if (name !== 'after a whole request') await new Promise((resolve) => setTimeout(resolve, 50));
      connection.socket.end();
      return connection.untilClosed();
    });
    expect(front.map(normal)).toEqual(node.map(normal));
  });
});

describe('a client that reads slowly', () => {
  // An answer of about 160 KB for a request of about 500 bytes.
  const BIG =
    '{ __schema { types { name kind description fields(includeDeprecated: true) { name description ' +
    'args { name description type { name kind ofType { name kind ofType { name kind } } } } ' +
    'type { name kind ofType { name kind ofType { name kind ofType { name kind } } } } } ' +
    'inputFields { name type { name kind ofType { name kind } } } enumValues(includeDeprecated: true) { name description } } } }';
  const served = async () => (await laneCounts(on)).compiled ?? 0;

  it('is answered no faster than it reads: the front stops reading while its answers back up, then answers all', async () => {
    const requests = 200;
    const before = await served();
    const connection = new Connection(frontPort);
    // Reads nothing until resumed: the kernel's buffers fill, then the gateway's writes back up.
    connection.socket.pause();
    connection.write(Array.from({ length: requests }, () => lanePost({ query: BIG })).join(''));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const whileStalled = (await served()) - before;
    // Some answers fit in the buffers (a few MB); a front that read on would have answered all 200 (32 MB).
    expect(whileStalled).toBeGreaterThan(0);
    expect(whileStalled).toBeLessThan(requests / 2);
    connection.socket.resume();
    for (let i = 0; i < requests; i += 1) {
      const answer = await connection.answer(15_000);
      expect(answer.status).toBe(200);
      const schema = JSON.parse(answer.body) as { data?: { __schema?: { types?: unknown[] } } };
      expect(schema.data?.__schema?.types?.length).toBeGreaterThan(10);
    }
    expect((await served()) - before).toBe(requests);
    connection.close();
  });

  it('gets every pipelined request answered, whole ones waiting past the headers timeout too (no 408)', async () => {
    const connection = new Connection(frontPort);
    connection.socket.pause();
    connection.write(Array.from({ length: 40 }, () => lanePost({ query: BIG })).join('') + lanePost({ query: TWO }));
    // Longer than the headers timeout (800 ms) while whole requests wait behind answers not yet read.
    await new Promise((resolve) => setTimeout(resolve, TIMEOUTS.headersTimeoutMs * 2));
    connection.socket.resume();
    const statuses: number[] = [];
    for (let i = 0; i < 41; i += 1) statuses.push((await connection.answer(15_000)).status);
    expect(statuses).toEqual(Array.from({ length: 41 }, () => 200));
    expect(await openAfter(connection, 50)).toBe(true);
    connection.close();
  });
});

describe('the lane counter', () => {
  it('counts the lane requests the front serves, in /metrics, as node’s listener counts them', async () => {
    const before = await Promise.all([compiledOnMetrics(frontPort), compiledOnMetrics(nodePort)]);
    const counts = await Promise.all([laneCounts(on), laneCounts(off)]);
    await sameOnBoth(lanePost({ query: TWO }) + lanePost({ query: ONE }) + laneGet(ARGIL) + HEALTH, 4);
    const after = await Promise.all([compiledOnMetrics(frontPort), compiledOnMetrics(nodePort)]);
    expect(after[0] - before[0]).toBe(3);
    expect(after[1] - before[1]).toBe(3);
    const moved = [delta(counts[0], await laneCounts(on)), delta(counts[1], await laneCounts(off))];
    expect(moved[0]).toEqual(moved[1]);
    expect(moved[0]).toMatchObject({ compiled: 3, 'yoga/path': 2 });
  });
});
