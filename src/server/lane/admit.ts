/**
 * How the compiled lane finds a request's operation: its parameters (the
 * JSON body, or the query string), its document (persisted ones included)
 * among the prepared ones (documents.ts), the operation it names and, when
 * it has variables, whether they coerce. A request failing any of these is
 * yoga's to answer, with the reason. Texts seen before are admitted as
 * they were (admissions.ts).
 */
import { getVariableValues } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import type { Caller } from '../../auth/caller.js';
import type { PersistedOperations } from '../persisted-operations.js';
import { Admissions } from './admissions.js';
import type { FallReason, Taken } from './classify.js';
import type { DocumentCache, LaneOperation, PreparedDocument } from './documents.js';
import { paramsOfJson, paramsOfSearch } from './params.js';
import type { LaneParams } from './params.js';

/** Where a request stands once its operation is found. */
export interface Admitted {
  taken: Taken;
  caller: Caller | undefined;
  params: LaneParams;
  /** The parameters as sent (the body's text, or the query string): what de-duplication compares. */
  sent: string;
  prepared: PreparedDocument;
  operation: LaneOperation;
}

export class Admitter {
  private readonly admissions = new Admissions();

  constructor(
    private readonly documents: DocumentCache,
    private readonly persisted: PersistedOperations,
    private readonly schema: GraphQLSchema,
  ) {}

  /** The request's operation, or why it is yoga's. */
  admit(taken: Taken, caller: Caller | undefined, body: Buffer | undefined): Admitted | FallReason {
    const sent = body ? body.toString('utf8') : taken.search;
    const known = this.admissions.get(taken.kind, sent);
    if (known) return { taken, caller, sent, ...known };
    const params = body ? paramsOfJson(sent) : paramsOfSearch(sent);
    if (!params) return 'params';
    const source = this.persisted.httpDocumentOf(params);
    const prepared = source === undefined ? undefined : this.documents.get(source);
    if (!prepared) return 'document';
    const operation = prepared.operation(params.operationName);
    // A mutation over GET is yoga's to refuse (405).
    if (!operation || (taken.kind === 'get' && operation.type === 'mutation')) return 'operation';
    // Variables the executor would refuse are yoga's to word (use-input-error-codes.ts), before anything runs.
    if (operation.variables.length > 0) {
      const coerced = getVariableValues(this.schema, operation.variables, params.variables ?? {}, { maxErrors: 50 });
      if (coerced.errors) return 'variables';
    }
    // Its document came as text: the same text is admitted alike (admissions.ts).
    if (source === params.query) this.admissions.remember(taken.kind, sent, { params, prepared, operation });
    return { taken, caller, params, sent, prepared, operation };
  }
}
