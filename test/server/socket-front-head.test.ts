/**
 * The socket front's request head (src/server/socket-front/head.ts) against
 * node:http's own parser as the oracle: several hundred heads, valid ones and
 * mutated ones (seeded, so a failure names the same head every run), and
 * every head the front reads is sent, byte for byte with the body it
 * declares, to a plain `http.createServer` on loopback. node must have read
 * the same request from those bytes: the same method, target, headers (names
 * lower-cased, values as node trims them) and body length, with no error. A
 * head the front does not read is node's anyway (it is handed over unread),
 * so only the front's acceptances need node's agreement; the mutations that
 * must never be read (smuggling shapes, anything node reads by other rules)
 * are checked to be refused.
 */
import { createServer, maxHeaderSize } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_HEAD_BYTES, parseHead } from '../../src/server/socket-front/head.js';
import type { FrontHead } from '../../src/server/socket-front/head.js';
import { seededRandom as prng } from '../helpers/random.js';

// ---------------------------------------------------------------------------
// A seeded generator of request heads

const TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const VISIBLE = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).join('');
const PATH_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789/._-~%';
/** Names the generator keeps for the headers it places itself. */
const RESERVED = new Set(['host', 'content-length', 'transfer-encoding', 'expect', 'upgrade', 'connection']);

interface Line {
  name: string;
  /** Between the name and the colon (a mutation's). */
  beforeColon: string;
  /** Optional whitespace before and after the value. */
  lead: string;
  value: string;
  trail: string;
  /** The line's end (a mutation may make it a bare LF). */
  eol: string;
}

interface Draft {
  prefix: string;
  method: string;
  target: string;
  version: string;
  /** Between method and target, and target and version. */
  sp1: string;
  sp2: string;
  lines: Line[];
  body: string;
  /** The mutations applied (a failure's description). */
  applied: string[];
}

class Gen {
  constructor(readonly random: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }
  string(alphabet: string, min: number, max: number): string {
    let text = '';
    const length = this.int(min, max);
    for (let i = 0; i < length; i += 1) text += alphabet[Math.floor(this.random() * alphabet.length)];
    return text;
  }
  ows(): string {
    return this.pick(['', '', ' ', ' ', '\t', '  ', ' \t ']);
  }
  /** A header value: visible ASCII with inner spaces and tabs. */
  value(min = 0, max = 40): string {
    const inner = this.string(`${VISIBLE}  \t`, min, max);
    // Leading and trailing whitespace is the line's OWS, not the value's.
    return inner.replace(/^[ \t]+|[ \t]+$/g, '');
  }
}

const line = (name: string, value: string, g: Gen): Line => ({
  name,
  beforeColon: '',
  lead: g.ows(),
  value,
  // Trailing OWS of spaces: a trailing tab is node's to read (head.ts), a mutation below.
  trail: g.pick(['', '', ' ', '  ']),
  eol: '\r\n',
});

/** A head the front should read: GET or POST, origin-form, HTTP/1.1, a Host, a POST's body declared. */
function validDraft(g: Gen): Draft {
  const method = g.pick(['GET', 'POST']);
  let target = `/${g.string(PATH_CHARS, 0, 12)}`;
  if (g.chance(0.3)) target = '/graphql';
  if (g.chance(0.5)) target += `?${g.string(VISIBLE, 0, 30)}`;
  const lines: Line[] = [];
  const used = new Set<string>();
  const extras = g.int(0, 5);
  for (let i = 0; i < extras; i += 1) {
    let name = g.string(TCHARS, 1, 20);
    while (used.has(name.toLowerCase()) || RESERVED.has(name.toLowerCase())) name = g.string(TCHARS, 1, 20);
    used.add(name.toLowerCase());
    lines.push(line(name, g.value(), g));
  }
  const place = (l: Line) => lines.splice(g.int(0, lines.length), 0, l);
  const known: Array<[string, () => string]> = [
    ['Accept', () => g.pick(['application/json', 'application/graphql-response+json', '*/*', 'text/html'])],
    ['Content-Type', () => g.pick(['application/json', 'application/json; charset=utf-8', 'text/plain'])],
    ['X-GraphQL-Yoga-CSRF', () => '1'],
    ['Authorization', () => `Bearer ${g.string(TCHARS, 8, 30)}`],
  ];
  for (const [name, value] of known) {
    if (g.chance(0.4) && !used.has(name.toLowerCase())) {
      used.add(name.toLowerCase());
      place(line(g.pick([name, name.toLowerCase(), name.toUpperCase()]), value(), g));
    }
  }
  place(line(g.pick(['Host', 'host', 'HOST']), g.pick(['gateway', '127.0.0.1:4000', 'example.com', '']), g));
  if (g.chance(0.4)) {
    place(line(g.pick(['Connection', 'connection']), g.pick(['keep-alive', 'close', 'Keep-Alive', 'CLOSE']), g));
  }
  let body = '';
  if (method === 'POST') {
    const length = g.int(0, 300);
    body = g.string(`${VISIBLE} \r\n`, length, length);
    place(line(g.pick(['Content-Length', 'content-length']), String(length), g));
  }
  return { prefix: '', method, target, version: 'HTTP/1.1', sp1: ' ', sp2: ' ', lines, body, applied: [] };
}

function serialise(d: Draft): string {
  const head = d.lines.map((l) => `${l.name}${l.beforeColon}:${l.lead}${l.value}${l.trail}${l.eol}`).join('');
  return `${d.prefix}${d.method}${d.sp1}${d.target}${d.sp2}${d.version}\r\n${head}\r\n${d.body}`;
}

const findLine = (d: Draft, name: string) => d.lines.find((l) => l.name.toLowerCase() === name.toLowerCase());
/** Inserts `char` at a random place of `text`. */
const insert = (g: Gen, text: string, char: string) => {
  const at = g.int(0, text.length);
  return text.slice(0, at) + char + text.slice(at);
};
const anyLine = (g: Gen, d: Draft) => g.pick(d.lines);

interface Mutation {
  name: string;
  /** The front must refuse every head this mutation made. */
  refused: boolean;
  apply(d: Draft, g: Gen): void;
}

const CONTROL = [...Array.from({ length: 32 }, (_, i) => i).filter((c) => c !== 9), 0x7f].map((c) =>
  String.fromCharCode(c),
);
const HIGH = Array.from({ length: 128 }, (_, i) => String.fromCharCode(0x80 + i));
const NON_TOKEN = ['(', ')', ',', '/', ';', '<', '=', '>', '?', '@', '[', '\\', ']', '{', '}', '"', ' ', '\t'];

const MUTATIONS: Mutation[] = [
  {
    name: 'space before the colon',
    refused: true,
    apply: (d, g) => void (anyLine(g, d).beforeColon = g.pick([' ', '\t', '  '])),
  },
  {
    name: 'obs-fold continuation line',
    refused: true,
    // A line that begins with whitespace continues the previous one (RFC 9112's obs-fold).
    apply: (d, g) => void (anyLine(g, d).eol = `\r\n${g.pick([' ', '\t', '  '])}${g.value(1, 10) || 'folded'}\r\n`),
  },
  {
    name: 'bare LF',
    refused: true,
    apply: (d, g) => {
      // A line's end (not the last one: a bare LF there is still inside the head), or within a value.
      const l = anyLine(g, d);
      if (g.chance(0.5) && d.lines.indexOf(l) < d.lines.length - 1) l.eol = '\n';
      else l.value = insert(g, l.value, '\n');
    },
  },
  {
    name: 'CR in a value',
    refused: true,
    apply: (d, g) => void ((l) => (l.value = insert(g, l.value, '\r')))(anyLine(g, d)),
  },
  {
    name: 'NUL',
    refused: true,
    apply: (d, g) => {
      const l = anyLine(g, d);
      const where = g.int(0, 2);
      if (where === 0) l.value = insert(g, l.value, '\0');
      else if (where === 1) l.name = insert(g, l.name, '\0');
      else d.target = `${d.target[0]}${insert(g, d.target.slice(1), '\0')}`;
    },
  },
  {
    name: 'a byte of 0x80 or more',
    refused: true,
    apply: (d, g) => {
      const l = anyLine(g, d);
      const where = g.int(0, 2);
      if (where === 0) l.value = insert(g, l.value, g.pick(HIGH));
      else if (where === 1) l.name = insert(g, l.name, g.pick(HIGH));
      else d.target = `${d.target[0]}${insert(g, d.target.slice(1), g.pick(HIGH))}`;
    },
  },
  {
    name: 'a control character in a value',
    refused: true,
    apply: (d, g) => void ((l) => (l.value = insert(g, l.value, g.pick(CONTROL))))(anyLine(g, d)),
  },
  {
    name: 'two Content-Lengths',
    refused: true,
    apply: (d, g) => {
      const existing = findLine(d, 'content-length');
      const value = existing && g.chance(0.5) ? existing.value : String(g.int(0, 40));
      d.lines.splice(g.int(0, d.lines.length), 0, line(g.pick(['Content-Length', 'content-length']), value, g));
      if (!existing) d.lines.splice(g.int(0, d.lines.length), 0, line('Content-Length', value, g));
    },
  },
  {
    name: 'two Hosts',
    refused: true,
    apply: (d, g) => {
      // Two more when an earlier mutation took the one away.
      const count = findLine(d, 'host') ? 1 : 2;
      for (let i = 0; i < count; i += 1)
        d.lines.splice(g.int(0, d.lines.length), 0, line(g.pick(['Host', 'host']), 'other', g));
    },
  },
  {
    name: 'another header twice',
    refused: true,
    apply: (d, g) => {
      const name = `X-${g.string(TCHARS, 1, 6)}`;
      d.lines.splice(g.int(0, d.lines.length), 0, line(name, g.value(), g));
      d.lines.splice(
        g.int(0, d.lines.length),
        0,
        line(g.pick([name, name.toLowerCase(), name.toUpperCase()]), g.value(), g),
      );
    },
  },
  {
    name: 'Transfer-Encoding: chunked (with a Content-Length)',
    refused: true,
    apply: (d, g) => {
      if (!findLine(d, 'content-length')) d.lines.push(line('Content-Length', String(d.body.length), g));
      d.lines.splice(
        g.int(0, d.lines.length),
        0,
        line(g.pick(['Transfer-Encoding', 'transfer-encoding']), g.pick(['chunked', 'identity', 'gzip, chunked']), g),
      );
      d.body = `0\r\n\r\n${d.body}`;
    },
  },
  {
    name: 'the method in other case',
    refused: true,
    apply: (d, g) =>
      void (d.method = g.pick([d.method.toLowerCase(), `${d.method[0]}${d.method.slice(1).toLowerCase()}`])),
  },
  {
    name: 'another method',
    refused: true,
    apply: (d, g) => void (d.method = g.pick(['PUT', 'HEAD', 'OPTIONS', 'DELETE', 'PATCH', 'GETS', 'PRI'])),
  },
  {
    name: 'another version',
    refused: true,
    apply: (d, g) =>
      void (d.version = g.pick(['HTTP/1.0', 'HTTP/2.0', 'http/1.1', 'HTTP/1.1 ', 'HTTP/1.10', 'HTTP/1'])),
  },
  {
    name: 'not origin-form',
    refused: true,
    apply: (d, g) =>
      void (d.target = g.pick([
        `http://gateway${d.target}`,
        `HTTP://gateway${d.target}`,
        '*',
        'gateway:80',
        `x${d.target}`,
      ])),
  },
  {
    name: 'extra spaces in the request line',
    refused: true,
    apply: (d, g) =>
      void (g.chance(0.5) ? (d.sp1 = g.pick(['  ', '\t', ' \t'])) : (d.sp2 = g.pick(['  ', '\t', ' \t']))),
  },
  { name: 'an empty line first', refused: true, apply: (d) => void (d.prefix = '\r\n') },
  {
    name: 'no Host',
    refused: true,
    apply: (d) => void (d.lines = d.lines.filter((l) => l.name.toLowerCase() !== 'host')),
  },
  {
    name: 'Expect',
    refused: true,
    apply: (d, g) => void d.lines.push(line(g.pick(['Expect', 'expect']), '100-continue', g)),
  },
  {
    name: 'Upgrade',
    refused: true,
    apply: (d, g) => void d.lines.push(line(g.pick(['Upgrade', 'upgrade']), g.pick(['websocket', 'h2c']), g)),
  },
  {
    name: 'another Connection',
    refused: true,
    apply: (d, g) => {
      d.lines = d.lines.filter((l) => l.name.toLowerCase() !== 'connection');
      d.lines.push(
        line('Connection', g.pick(['upgrade', 'Upgrade', 'keep-alive, close', 'close, TE', 'te', 'keepalive', '']), g),
      );
    },
  },
  {
    name: 'a POST without a Content-Length',
    refused: true,
    apply: (d) => {
      d.method = 'POST';
      d.lines = d.lines.filter((l) => l.name.toLowerCase() !== 'content-length');
      d.body = '';
    },
  },
  {
    name: 'a Content-Length that is not digits',
    refused: true,
    apply: (d, g) => {
      d.method = 'POST';
      d.lines = d.lines.filter((l) => l.name.toLowerCase() !== 'content-length');
      d.lines.push(
        line('Content-Length', g.pick(['+5', '5 5', '0x5', '-1', '', '1e2', '5,5', '5.0', '1234567890123', ' 5 ;']), g),
      );
      d.body = '';
    },
  },
  {
    name: 'a GET with a Content-Length',
    refused: true,
    apply: (d, g) => {
      d.method = 'GET';
      d.lines = d.lines.filter((l) => l.name.toLowerCase() !== 'content-length');
      const length = g.int(0, 10);
      d.lines.push(line('Content-Length', String(length), g));
      d.body = 'x'.repeat(length);
    },
  },
  {
    name: 'a name that is not a token',
    refused: true,
    apply: (d, g) => void ((l) => (l.name = insert(g, l.name, g.pick(NON_TOKEN))))(anyLine(g, d)),
  },
  {
    name: 'an empty name',
    refused: true,
    apply: (d, g) => void d.lines.splice(g.int(0, d.lines.length), 0, line('', g.value(1, 8), g)),
  },
  // Heads the front still reads: node must read them alike.
  {
    name: 'a header named after a prototype property',
    refused: false,
    apply: (d, g) => {
      const name = g.pick([
        '__proto__',
        'constructor',
        'toString',
        'hasOwnProperty',
        '__defineGetter__',
        'valueOf',
        'prototype',
      ]);
      if (!findLine(d, name))
        d.lines.splice(g.int(0, d.lines.length), 0, line(name, g.pick(['x', '{"polluted":1}', '']), g));
    },
  },
  {
    name: 'a very long value',
    refused: false,
    apply: (d, g) =>
      void d.lines.splice(g.int(0, d.lines.length), 0, line(`X-Long-${g.int(0, 9)}`, g.value(1_000, 20_000), g)),
  },
  {
    name: 'an empty value',
    refused: false,
    apply: (d, g) => void d.lines.splice(g.int(0, d.lines.length), 0, line(`X-Empty-${g.int(0, 9)}`, '', g)),
  },
  {
    name: 'trailing spaces',
    refused: false,
    apply: (d, g) => void (anyLine(g, d).trail = g.pick([' ', '   '])),
  },
  {
    // node refuses a tab after a Content-Length's digits (400): the front leaves every trailing tab to node.
    name: 'a trailing tab',
    refused: true,
    apply: (d, g) => {
      const picked = anyLine(g, d);
      // After an empty value the tab would be leading whitespace, not trailing.
      if (picked.value === '') picked.value = 'v';
      picked.trail = g.pick(['\t', ' \t', ' \t \t', '\t ']);
    },
  },
  {
    name: 'a Content-Length with leading zeros',
    refused: false,
    apply: (d, g) => {
      const l = findLine(d, 'content-length');
      if (l) l.value = `${'0'.repeat(g.int(1, 5))}${l.value}`;
    },
  },
  {
    name: 'Connection in any case',
    refused: false,
    apply: (d, g) => {
      // Unless there is one already (another mutation's, which it leaves alone).
      if (!findLine(d, 'connection'))
        d.lines.push(line(g.pick(['Connection', 'CONNECTION']), g.pick(['kEEp-aLIVE', 'Close', 'close']), g));
    },
  },
];

interface Case {
  raw: string;
  /** The head as the front's connection hands it to parseHead: up to (without) the first empty line. */
  text: string;
  applied: string[];
  refusedByMutation: boolean;
}

function generate(count: number, seed: number): Case[] {
  const g = new Gen(prng(seed));
  const cases: Case[] = [];
  for (let i = 0; i < count; i += 1) {
    const d = validDraft(g);
    if (g.chance(0.65)) {
      const times = g.chance(0.75) ? 1 : 2;
      for (let k = 0; k < times; k += 1) {
        const mutation = g.pick(MUTATIONS);
        mutation.apply(d, g);
        d.applied.push(mutation.name);
      }
    }
    const raw = serialise(d);
    const end = raw.indexOf('\r\n\r\n');
    cases.push({
      raw,
      text: raw.slice(0, end < 0 ? raw.length : end),
      applied: d.applied,
      refusedByMutation: d.applied.some((name) => MUTATIONS.find((m) => m.name === name)!.refused),
    });
  }
  return cases;
}

/**
 * Whether the front reads a head: connection.ts gives parseHead only heads
 * whose bytes (with the empty line) fit node's default limit.
 */
const frontReads = (text: string): FrontHead | undefined =>
  text.length + 4 <= MAX_HEAD_BYTES ? parseHead(text) : undefined;

// ---------------------------------------------------------------------------
// node:http as the oracle

interface NodeRead {
  method: string;
  url: string;
  headers: Record<string, unknown>;
  rawHeaders: string[];
  bodyLength: number;
}

let oracle: Server;
let oraclePort: number;

beforeAll(async () => {
  oracle = createServer((req: IncomingMessage, res) => {
    let bodyLength = 0;
    req.on('data', (chunk: Buffer) => (bodyLength += chunk.length));
    req.on('end', () => {
      const read: NodeRead = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: { ...req.headers },
        rawHeaders: req.rawHeaders,
        bodyLength,
      };
      const body = Buffer.from(JSON.stringify(read), 'latin1');
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length, connection: 'close' });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => oracle.listen(0, '127.0.0.1', resolve));
  oraclePort = (oracle.address() as AddressInfo).port;
});
afterAll(async () => {
  oracle.closeAllConnections();
  await new Promise((resolve) => oracle.close(resolve));
});

/** node's reading of `raw` (latin1 bytes), or its refusal's status line. */
function nodeReads(raw: string): Promise<NodeRead | string> {
  return new Promise((resolve, reject) => {
    const socket = connect(oraclePort, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('no answer within 3 s');
    }, 3_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const status = text.slice(0, text.indexOf('\r\n'));
      if (!status.startsWith('HTTP/1.1 200')) resolve(status || 'closed without an answer');
      else resolve(JSON.parse(text.slice(split + 4)) as NodeRead);
    });
    socket.write(Buffer.from(raw, 'latin1'));
  });
}

/** Runs `work` over `items`, `width` at a time. */
async function pool<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next;
        next += 1;
        results[i] = await work(items[i]!);
      }
    }),
  );
  return results;
}

const show = (raw: string) => JSON.stringify(raw.length > 400 ? `${raw.slice(0, 400)}…(${raw.length} bytes)` : raw);

// ---------------------------------------------------------------------------

describe('parseHead against node:http', () => {
  const cases = generate(700, 0x50c7f);

  it('reads every head it accepts exactly as node:http reads the same bytes', async () => {
    const accepted = cases.filter((c) => frontReads(c.text) !== undefined);
    // The generator exercises both sides.
    expect(accepted.length).toBeGreaterThan(200);
    expect(cases.length - accepted.length).toBeGreaterThan(200);
    const mismatches: string[] = [];
    await pool(accepted, 16, async (c) => {
      const front = frontReads(c.text)!;
      const node = await nodeReads(c.raw);
      if (typeof node === 'string') {
        mismatches.push(`${show(c.raw)} [${c.applied.join(', ')}]: front read it, node answered ${node}`);
        return;
      }
      const frontEntries = Object.entries(front.headers).map(([k, v]) => [k, v] as [string, unknown]);
      // Every header as received, names lower-cased: node's rawHeaders (its req.headers drops a `__proto__` one).
      const nodeEntries: Array<[string, unknown]> = [];
      for (let i = 0; i < node.rawHeaders.length; i += 2) {
        nodeEntries.push([node.rawHeaders[i]!.toLowerCase(), node.rawHeaders[i + 1]]);
      }
      const sort = (entries: Array<[string, unknown]>) => [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const nodeHeaders = Object.entries(node.headers);
      const frontHeaders = frontEntries.filter(([name]) => name !== '__proto__');
      const same =
        front.method === node.method &&
        front.url === node.url &&
        front.length === node.bodyLength &&
        JSON.stringify(sort(frontEntries)) === JSON.stringify(sort(nodeEntries)) &&
        JSON.stringify(sort(frontHeaders)) === JSON.stringify(sort(nodeHeaders));
      if (!same) {
        mismatches.push(
          `${show(c.raw)} [${c.applied.join(', ')}]: front ${JSON.stringify({ ...front, headers: frontEntries })} ` +
            `node ${JSON.stringify(node)}`,
        );
      }
    });
    expect(mismatches).toEqual([]);
  });

  it('refuses every head a refusing mutation made (each mutation seen)', () => {
    const seen = new Map<string, number>();
    const read: string[] = [];
    for (const c of cases) {
      for (const name of c.applied) seen.set(name, (seen.get(name) ?? 0) + 1);
      if (c.refusedByMutation && parseHead(c.text) !== undefined) read.push(`${show(c.raw)} [${c.applied.join(', ')}]`);
    }
    expect(read).toEqual([]);
    for (const mutation of MUTATIONS) expect(seen.get(mutation.name) ?? 0, mutation.name).toBeGreaterThan(2);
  });

  it('reads heads of up to MAX_HEAD_BYTES, node’s own default, as node reads them; longer ones are node’s 431', async () => {
    expect(MAX_HEAD_BYTES).toBe(maxHeaderSize);
    const base = 'POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Length: 2\r\nX-Pad: ';
    /** A head of `total` bytes with its empty line. */
    const head = (total: number) => base + 'p'.repeat(total - base.length - 4);
    const longest = head(MAX_HEAD_BYTES);
    expect(longest.length + 4).toBe(MAX_HEAD_BYTES);
    const front = frontReads(longest);
    expect(front).toMatchObject({ method: 'POST', url: '/graphql', length: 2 });
    expect(await nodeReads(`${longest}\r\n\r\n{}`)).toMatchObject({
      method: 'POST',
      url: '/graphql',
      headers: { ...front!.headers },
      bodyLength: 2,
    });
    // parseHead itself has no limit: the connection (connection.ts) gives it no longer head (test/e2e/socket-front.test.ts).
    const over = head(MAX_HEAD_BYTES + 1_000);
    expect(parseHead(over)).toBeDefined();
    expect(await nodeReads(`${over}\r\n\r\n{}`)).toBe('HTTP/1.1 431 Request Header Fields Too Large');
  });
});

describe('parseHead refuses each shape it leaves to node', () => {
  const ok = 'POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 2';
  const get = 'GET /graphql?query=%7B__typename%7D HTTP/1.1\r\nHost: gateway\r\nAccept: application/json';

  it('reads the plain heads, with the declared length and the close flag', () => {
    expect(parseHead(ok)).toMatchObject({ method: 'POST', url: '/graphql', length: 2, close: false });
    expect(parseHead(get)).toMatchObject({ method: 'GET', url: '/graphql?query=%7B__typename%7D', length: 0 });
    expect(parseHead(`${get}\r\nConnection: Close`)?.close).toBe(true);
    expect(parseHead(`${get}\r\nConnection: keep-alive`)?.close).toBe(false);
    expect(parseHead(`${ok}\r\nX-A:\t v  `)?.headers['x-a']).toBe('v');
    // A trailing tab is node's to read (it refuses one after a Content-Length's digits).
    expect(parseHead(`${ok}\r\nX-A:\t v \t`)).toBeUndefined();
    expect(parseHead(`${ok}\r\nX-A:`)?.headers['x-a']).toBe('');
  });

  const refusals: Array<[string, string]> = [
    ['PUT', ok.replace('POST', 'PUT')],
    ['HEAD', get.replace('GET', 'HEAD')],
    ['lower-case method', ok.replace('POST', 'post')],
    ['HTTP/1.0', get.replace('HTTP/1.1', 'HTTP/1.0')],
    ['HTTP/2', get.replace('HTTP/1.1', 'HTTP/2.0')],
    ['absolute-form', get.replace(' /graphql', ' http://gateway/graphql')],
    ['asterisk-form', get.replace(' /graphql?query=%7B__typename%7D', ' *')],
    ['duplicate Host', `${get}\r\nHost: other`],
    ['duplicate Content-Length, same value', `${ok}\r\nContent-Length: 2`],
    ['duplicate Content-Length, other case', `${ok}\r\ncontent-length: 3`],
    ['duplicate other header', `${get}\r\nX-A: 1\r\nx-a: 2`],
    ['non-token name', `${get}\r\nX(A): 1`],
    ['space before colon', `${get}\r\nX-A : 1`],
    ['empty name', `${get}\r\n: 1`],
    ['CR in value', `${get}\r\nX-A: 1\r2`],
    ['LF in value', `${get}\r\nX-A: 1\n2`],
    ['NUL in value', `${get}\r\nX-A: 1\u00002`],
    ['DEL in value', `${get}\r\nX-A: 1\u007f2`],
    ['obs-text in value', `${get}\r\nX-A: caf\u00e9`],
    ['obs-fold', `${get}\r\nX-A: 1\r\n 2`],
    ['no Host', get.replace('\r\nHost: gateway', '')],
    ['Transfer-Encoding', `${ok}\r\nTransfer-Encoding: chunked`],
    [
      'Transfer-Encoding without Content-Length',
      `${ok.replace('\r\nContent-Length: 2', '')}\r\nTransfer-Encoding: chunked`,
    ],
    ['Expect', `${ok}\r\nExpect: 100-continue`],
    ['Upgrade', `${get}\r\nUpgrade: websocket\r\nConnection: Upgrade`],
    ['Connection: upgrade', `${get}\r\nConnection: upgrade`],
    ['Connection: keep-alive, close', `${get}\r\nConnection: keep-alive, close`],
    ['POST without Content-Length', ok.replace('\r\nContent-Length: 2', '')],
    ['POST with Content-Length +2', ok.replace('Content-Length: 2', 'Content-Length: +2')],
    ['POST with Content-Length 2 2', ok.replace('Content-Length: 2', 'Content-Length: 2 2')],
    ['POST with a 13-digit Content-Length', ok.replace('Content-Length: 2', 'Content-Length: 1234567890123')],
    // node refuses these (400, HPE_INVALID_CONTENT_LENGTH): a tab after the digits (a space is fine).
    ['POST with a tab after the Content-Length', ok.replace('Content-Length: 2', 'Content-Length: 2\t')],
    ['POST with a space and a tab after the Content-Length', ok.replace('Content-Length: 2', 'Content-Length: 2 \t')],
    ['GET with Content-Length', `${get}\r\nContent-Length: 0`],
    ['leading empty line', `\r\n${get}`],
    ['no header lines at all', 'GET / HTTP/1.1'],
  ];
  it.each(refusals)('refuses %s', (_, text) => {
    expect(parseHead(text)).toBeUndefined();
  });

  it('gives headers a null prototype: a `__proto__` header is a plain own header and Object.prototype is untouched', () => {
    const head = parseHead(`${get}\r\n__proto__: {"polluted":1}\r\nconstructor: x\r\ntoString: y`);
    expect(head).toBeDefined();
    expect(Object.getPrototypeOf(head!.headers)).toBeNull();
    expect(Object.getOwnPropertyDescriptor(head!.headers, '__proto__')?.value).toBe('{"polluted":1}');
    expect(head!.headers.constructor).toBe('x');
    expect(head!.headers.tostring).toBe('y');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    // A header named after an inherited property is not taken for a duplicate.
    expect(parseHead(`${get}\r\nhasOwnProperty: 1\r\nvalueOf: 2`)?.headers.valueof).toBe('2');
  });
});
