/**
 * The request heads a front read lately, by their text: a client sends the
 * same head byte for byte request after request (the same headers, the same
 * body length), and the same text reads as the same head, which the lane
 * takes alike. So a head seen before is neither parsed (head.ts) nor
 * classified (lane/classify.ts) again: about 1.5 µs of a request. Only
 * heads the lane takes are kept, up to 2 KB each and the last 128 of them,
 * and not those naming their request (an X-Request-Id or a traceparent:
 * no other request repeats them); a kept head is frozen, as every request
 * with that text shares it.
 */
import type { Taken } from '../lane/classify.js';
import { REQUEST_ID_HEADER } from '../request-log.js';
import type { FrontHead } from './head.js';

const MAX_ENTRIES = 128;
const MAX_CHARS = 2_048;

export interface RecentHead {
  head: FrontHead;
  taken: Taken;
  /** The head's bytes (without the blank line): a connection compares its next head with them (connection.ts). */
  bytes: Buffer;
}

export class RecentHeads {
  private readonly entries = new Map<string, RecentHead>();

  get(text: string): RecentHead | undefined {
    return text.length > MAX_CHARS ? undefined : this.entries.get(text);
  }

  /** The head as kept, or undefined when it is not kept. */
  remember(text: string, head: FrontHead, taken: Taken): RecentHead | undefined {
    if (text.length > MAX_CHARS || head.headers[REQUEST_ID_HEADER] !== undefined) return undefined;
    if (head.headers.traceparent !== undefined) return undefined;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    Object.freeze(head.headers);
    const recent = Object.freeze({
      head: Object.freeze(head),
      taken: Object.freeze(taken),
      bytes: Buffer.from(text, 'latin1'),
    });
    this.entries.set(text, recent);
    return recent;
  }
}
