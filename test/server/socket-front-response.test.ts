/**
 * The socket front's answer bytes (src/server/socket-front/response.ts),
 * which are cut from shared slabs: answers of many sizes (seeded), made one
 * after another and all kept, as a connection's write queue keeps answers
 * the client has not read yet. Each must still hold its own status line,
 * headers and body once all the others have been made: no answer may share
 * a byte with another, whether it came from a slab or, too large for one,
 * from its own buffer. Headers shared by several answers (as one
 * execution's are) are written alike in each, each with its own request id.
 */
import { describe, expect, it } from 'vitest';
import { responseBytes } from '../../src/server/socket-front/response.js';
import { seededRandom } from '../helpers/random.js';

interface Made {
  status: number;
  requestId: string;
  body: Buffer;
  keepAlive: number | undefined;
  bytes: Buffer;
}

/** What the answer must read as: head lines (Date's value aside) and body. */
function expectIntact(made: Made): void {
  const text = made.bytes.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const lines = text.slice(0, end).split('\r\n');
  expect(lines[0]).toBe(`HTTP/1.1 ${made.status} ${made.status === 200 ? 'OK' : 'Not Found'}`);
  expect(lines[1]).toBe('content-type: application/json; charset=utf-8');
  expect(lines[2]).toBe(`content-length: ${made.body.length}`);
  expect(lines[3]).toBe(`x-request-id: ${made.requestId}`);
  expect(lines[4]).toMatch(/^Date: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  expect(lines.slice(5)).toEqual(
    made.keepAlive === undefined
      ? ['Connection: close']
      : ['Connection: keep-alive', `Keep-Alive: timeout=${made.keepAlive}`],
  );
  expect(made.bytes.length).toBe(end + 4 + made.body.length);
  expect(made.bytes.subarray(end + 4).equals(made.body)).toBe(true);
}

/** One headers object per body length, given to every answer of that length (one execution's answers share theirs). */
const shared = new Map<number, Record<string, string | number>>();
function sharedHeaders(length: number): Record<string, string | number> {
  let headers = shared.get(length);
  if (!headers) {
    headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': length };
    shared.set(length, headers);
  }
  return headers;
}

describe('the socket front’s answer bytes', () => {
  it('keep every answer whole while later ones are made, small and large', () => {
    const random = seededRandom(0x5eed);
    const made: Made[] = [];
    for (let index = 0; index < 600; index += 1) {
      // Mostly a few KB, as answers are (many of one length, sharing their headers); some empty, some past the
      // slab's share (16 KB), one in 20 larger still.
      const size =
        random() < 0.05
          ? 16_000 + Math.floor(random() * 60_000)
          : random() < 0.1
            ? 0
            : random() < 0.3
              ? 2_000
              : Math.floor(random() * 9_000);
      const body = Buffer.alloc(size);
      for (let at = 0; at < size; at += 1) body[at] = Math.floor(random() * 256);
      const status = random() < 0.8 ? 200 : 404;
      const requestId = `r-${index}`;
      const keepAlive = random() < 0.9 ? 5 : undefined;
      // Half the bodies as strings (utf8 text), as the lane's refusals are.
      const asText = size > 0 && random() < 0.5;
      const sent = asText ? body.toString('base64').slice(0, size) : body;
      const expected = asText ? Buffer.from(sent as string, 'utf8') : body;
      // The request id among the headers, or given apart after headers shared by every answer of its length.
      const bytes =
        random() < 0.5
          ? responseBytes(status, sharedHeaders(expected.length), sent, keepAlive, requestId)
          : responseBytes(
              status,
              {
                'content-type': 'application/json; charset=utf-8',
                'content-length': expected.length,
                'x-request-id': requestId,
              },
              sent,
              keepAlive,
            );
      made.push({ status, requestId, body: expected, keepAlive, bytes });
    }
    for (const answer of made) expectIntact(answer);
    // Consecutive small answers do come from one slab (the case the test is about).
    const sameSlab = made.filter((answer, index) => index > 0 && answer.bytes.buffer === made[index - 1]!.bytes.buffer);
    expect(sameSlab.length).toBeGreaterThan(100);
  });
});
