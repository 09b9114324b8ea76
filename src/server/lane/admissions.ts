/**
 * The admissions of the texts clients send most: a request whose parameters
 * are byte-identical to one admitted before (the same body, or query string)
 * is admitted as that one was, without parsing its JSON, finding its
 * document and operation or checking its variables again: all of that
 * depends on the text alone. Kept only for texts that carry their document
 * (no persisted id or hash, whose store can forget it) and are short, and
 * only the last few hundred of them, so it holds a few MB at most.
 */
import type { Taken } from './classify.js';
import type { PreparedDocument, LaneOperation } from './documents.js';
import type { LaneParams } from './params.js';

export interface Admission {
  params: LaneParams;
  prepared: PreparedDocument;
  operation: LaneOperation;
}

type Kind = Taken['kind'];

/** Per kind. */
const MAX_ENTRIES = 256;
const MAX_CHARS = 4_096;

export class Admissions {
  /**
   * By kind: a GET and a POST of the same text are admitted apart (a mutation
   * over GET is not). By the text itself, not a key made of it: its hash,
   * once computed, is kept with it for de-duplication's lookup (dedupe.ts).
   */
  private readonly entries = { get: new Map<string, Admission>(), post: new Map<string, Admission>() };

  get(kind: Kind, sent: string): Admission | undefined {
    return sent.length > MAX_CHARS ? undefined : this.entries[kind].get(sent);
  }

  remember(kind: Kind, sent: string, admission: Admission): void {
    const { params } = admission;
    if (sent.length > MAX_CHARS || params.extensions !== undefined || typeof params.query !== 'string') return;
    const entries = this.entries[kind];
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    entries.set(sent, admission);
  }
}
