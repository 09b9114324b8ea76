/**
 * The JSON log destination (logger.ts' batchedStdout) copies lines into
 * 64 KB batches of bytes as they come: whatever the lines hold (multi-byte
 * characters, surrogate pairs, lone surrogates, lines longer than a batch),
 * what reaches stdout must be exactly the lines' UTF-8 bytes, in order,
 * once flushed. The oracle is Buffer.from of each line (node's own encoder).
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { batchedStdout } from '../src/logger.js';
import { seededRandom } from './helpers/random.js';

const PIECES = ['a', 'request', '"', '\\', 'é', '✓', '𝄞', '\ud800', '\udc00', ' ', '{"k":1}', '\u2028'];

function collector(): { out: Writable; bytes: () => Buffer; writes: () => number } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks), writes: () => chunks.filter((chunk) => chunk.length > 0).length };
}

describe('the JSON log destination', () => {
  it('writes every line’s UTF-8 bytes in order, over many sizes and characters', async () => {
    const random = seededRandom(0x10c);
    for (const count of [0, 1, 7, 300, 2_000]) {
      const { out, bytes, writes } = collector();
      const destination = batchedStdout(out);
      const lines: string[] = [];
      for (let index = 0; index < count; index += 1) {
        // Mostly request-sized lines; now and then one longer than a whole batch.
        const pieces = random() < 0.01 ? 30_000 : Math.floor(random() * 120);
        let line = `{"n":${index},"text":"`;
        for (let piece = 0; piece < pieces; piece += 1) line += PIECES[Math.floor(random() * PIECES.length)];
        lines.push(`${line}"}\n`);
        destination.write(lines[index]!);
      }
      await new Promise<void>((done) => destination.flush(() => done()));
      const expected = Buffer.concat(lines.map((line) => Buffer.from(line, 'utf8')));
      expect(bytes().equals(expected)).toBe(true);
      // Gathered: far fewer writes than lines once there are many.
      if (count >= 300) expect(writes()).toBeLessThan(count / 10);
    }
  });
});
