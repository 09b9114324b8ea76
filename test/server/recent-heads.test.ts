/**
 * The socket front's memo of request heads (src/server/socket-front/
 * recent-heads.ts): a head's text read again gives what reading it gives
 * (head.ts is the oracle), frozen, and the memo stays within its bounds:
 * the last 128 heads the lane took, none over 2 KB, none naming its request.
 */
import { describe, expect, it } from 'vitest';
import type { Taken } from '../../src/server/lane/classify.js';
import { parseHead } from '../../src/server/socket-front/head.js';
import { RecentHeads } from '../../src/server/socket-front/recent-heads.js';
import { seededRandom } from '../helpers/random.js';

const taken: Taken = { kind: 'post', mediaType: 'application/json', search: '', length: 10 };

function headText(random: () => number, index: number): string {
  const lines = [`POST /graphql?n=${index} HTTP/1.1`, 'Host: 127.0.0.1', `content-length: ${index % 97}`];
  if (random() < 0.5) lines.push('accept: application/json');
  if (random() < 0.3) lines.push(`x-custom: ${'v'.repeat(Math.floor(random() * 40))}`);
  return lines.join('\r\n');
}

describe('the socket front’s recent heads', () => {
  it('give back what reading the text gives, frozen, for the last 128 remembered', () => {
    const random = seededRandom(0x4ead);
    const heads = new RecentHeads();
    const texts: string[] = [];
    for (let index = 0; index < 400; index += 1) {
      const text = headText(random, index);
      texts.push(text);
      const kept = heads.remember(text, parseHead(text)!, { ...taken });
      // Kept with its bytes, as a connection compares its next head with them (connection.ts).
      expect(kept?.bytes.equals(Buffer.from(text, 'latin1'))).toBe(true);
      expect(heads.get(text)).toBe(kept);
      // Every remembered head still known reads as head.ts reads its text.
      if (index % 37 === 0) {
        for (const earlier of texts.slice(-128)) {
          const known = heads.get(earlier)!;
          expect(known.head).toEqual(parseHead(earlier));
          expect(Object.isFrozen(known.head) && Object.isFrozen(known.head.headers)).toBe(true);
          expect(() => Object.assign(known.head.headers, { host: 'elsewhere' })).toThrow();
        }
      }
    }
    // Bounded: only the last 128 are known.
    expect(texts.filter((text) => heads.get(text) !== undefined)).toEqual(texts.slice(-128));
  });

  it('keep no head over 2 KB and none naming its request', () => {
    const heads = new RecentHeads();
    const long = `POST /graphql HTTP/1.1\r\nHost: h\r\ncontent-length: 1\r\nx-pad: ${'p'.repeat(2_100)}`;
    const withId = 'POST /graphql HTTP/1.1\r\nHost: h\r\ncontent-length: 1\r\nX-Request-Id: abc';
    const traced = 'POST /graphql HTTP/1.1\r\nHost: h\r\ncontent-length: 1\r\ntraceparent: 00-1-2-01';
    for (const text of [long, withId, traced]) {
      expect(heads.remember(text, parseHead(text)!, { ...taken })).toBeUndefined();
      expect(heads.get(text)).toBeUndefined();
    }
  });
});
