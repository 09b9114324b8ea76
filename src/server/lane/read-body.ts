/**
 * A request body of a declared length, read whole. Undefined when it does
 * not arrive in full: the client went away, or the body deadline
 * (body-deadline.ts) answered 408 already; either way nothing is left to answer.
 */
import type { IncomingMessage } from 'node:http';

export function readBody(req: IncomingMessage, length: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
    });
    req.once('end', () => {
      if (size !== length) resolve(undefined);
      else resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    // After 'end' these change nothing (a promise settles once).
    req.once('error', () => resolve(undefined));
    req.once('close', () => resolve(undefined));
  });
}
