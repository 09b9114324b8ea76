/**
 * The admissions of the texts clients send most: a request whose parameters
 * are byte-identical to one admitted before (the same body, or query string)
 * is admitted as that one was, without parsing its JSON, finding its
 * document and operation or checking its variables again: all of that
 * depends on the text alone. Kept only for texts that carry their document
 * (no persisted id or hash, whose store can forget it) and are short, and
 * only the last few hundred of them, so it holds a few MB at most.
 */
import type { PreparedDocument, LaneOperation } from './documents.js';
import type { LaneParams } from './params.js';

export interface Admission {
  params: LaneParams;
  prepared: PreparedDocument;
  operation: LaneOperation;
}

const MAX_ENTRIES = 256;
const MAX_CHARS = 4_096;

export class Admissions {
  private readonly entries = new Map<string, Admission>();

  /** `kind`: a GET and a POST of the same text are admitted apart (a mutation over GET is not). */
  get(kind: string, sent: string): Admission | undefined {
    return sent.length > MAX_CHARS ? undefined : this.entries.get(kind + sent);
  }

  remember(kind: string, sent: string, admission: Admission): void {
    const { params } = admission;
    if (sent.length > MAX_CHARS || params.extensions !== undefined || typeof params.query !== 'string') return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(kind + sent, admission);
  }
}
