/**
 * The compiled lane: GraphQL queries and mutations over plain node:http, in
 * front of yoga on the same listener (COMPILED_LANE, on by default). It
 * takes the requests classify.ts admits, reads the body within its declared
 * length, finds the document (persisted ones included) among the prepared
 * ones (documents.ts: parsed, validated and limited once), builds the
 * request context over node's headers (request-head.ts), runs the operation
 * (execute.ts) and writes yoga's answer (answer.ts, respond.ts) itself: no
 * fetch-API Request or Response, no envelop hooks per request. Identical
 * queries in flight run once when de-duplication is on (dedupe.ts).
 *
 * Whatever it does not take goes to yoga untouched, body and all, and yoga
 * answers it with every plugin: malformed or refused requests, invalid
 * documents, bad variables, subscriptions, @defer/@stream, uploads,
 * GraphiQL, APQ registrations, and everything while tracing is on (its span
 * is yoga's plugin). The decisions both lanes take are the plugins' own
 * functions (plugins/, request-log.ts, credential-digests.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getVariableValues } from 'graphql';
import type { Authenticator } from '../../auth/authenticate.js';
import type { Caller } from '../../auth/caller.js';
import type { Connection } from '../../context.js';
import { yogaLogger } from '../../logger.js';
import type { Logger } from '../../logger.js';
import type { ClosableServices } from '../../services.js';
import { tracingOn } from '../../telemetry/tracing.js';
import { credentialDigestsOf } from '../credential-digests.js';
import type { CredentialSource } from '../credential-digests.js';
import type { Gateway } from '../gateway.js';
import type { PersistedOperations } from '../persisted-operations.js';
import { countErrors } from '../plugins/use-metrics.js';
import type { BudgetCheck } from '../plugins/use-operation-budget.js';
import { safeResult } from '../plugins/use-safe-errors.js';
import { REQUEST_ID_HEADER, requestIdOf } from '../request-log.js';
import type { JsonMediaType } from './accept.js';
import { Admissions } from './admissions.js';
import { answerOf } from './answer.js';
import { laneCounter } from './lane-counter.js';
import { classify, headerOf } from './classify.js';
import type { FallReason, LaneHead, LaneRules, Taken } from './classify.js';
import { InFlight } from './dedupe.js';
import { DocumentCache } from './documents.js';
import type { DocumentPlugin, LaneOperation, PreparedDocument } from './documents.js';
import { executeOperation } from './execute.js';
import type { Executor } from './execute.js';
import { paramsOfJson, paramsOfSearch } from './params.js';
import type { LaneParams } from './params.js';
import { readBody } from './read-body.js';
import { NodeReply } from './reply.js';
import type { Reply } from './reply.js';
import { laneContext } from './request-head.js';
import { outcomeHeaders, writeFailure, writeOutcome, writeRefusal } from './respond.js';
import type { Outcome } from './respond.js';

export interface LaneOptions {
  /** yoga: it answers what the lane does not take. */
  gateway: Gateway;
  /** The plugins yoga runs on documents (limits, rules), the same instances: documents.ts runs them too. */
  documentPlugins: readonly DocumentPlugin[];
  services: ClosableServices;
  logger: Logger;
  authenticate: Authenticator | undefined;
  persisted: PersistedOperations;
  budget: BudgetCheck;
  maxBodyBytes: number;
  /** CORS_ORIGINS is set. */
  cors: boolean;
  introspection: boolean;
  /** OPERATION_DEDUPE. */
  dedupe: boolean;
  /** SOCKET_FRONT: the listener's socket front (socket-front/) hands the lane its requests. */
  socketFront: boolean;
  /** COMPILED_PLANS: queries graphql-jit may run are compiled once (plan.ts). */
  plans: boolean;
  now?: (() => number) | undefined;
}

type Lane = 'compiled' | 'yoga';
/** Why a request is yoga's before anything is read: classify.ts' reasons, or tracing being on. */
export type HeadReason = FallReason | 'tracing';
/** On the compiled lane: `plan` (a compiled plan ran it, plan.ts), `execute` (graphql-js did), `none` (refused first). */
type Reason = HeadReason | 'none' | 'plan' | 'execute';
/** Hands a request the lane took to yoga after all (with its body, once read). */
type FallBack = (reason: FallReason, body: Buffer | undefined) => void;

/** Where a request stands once its operation is found. */
interface Admitted {
  taken: Taken;
  caller: Caller | undefined;
  params: LaneParams;
  /** The parameters as sent (the body's text, or the query string): what de-duplication compares. */
  sent: string;
  prepared: PreparedDocument;
  operation: LaneOperation;
}

export class CompiledLane {
  private readonly rules: LaneRules;
  private readonly documents: DocumentCache;
  private readonly executor: Executor;
  private readonly credentials: CredentialSource[];
  private readonly flights = new InFlight<Outcome>();
  private readonly admissions = new Admissions();
  private readonly sharedHeadDigests = new WeakMap<object, string>();
  private readonly counter: ReturnType<typeof laneCounter>;

  constructor(private readonly options: LaneOptions) {
    const { gateway, services } = options;
    this.rules = { maxBodyBytes: options.maxBodyBytes, cors: options.cors };
    // The schema yoga executes: @defer/@stream's plugin declared its directives in it.
    const { schema } = gateway.getEnveloped({});
    this.documents = new DocumentCache({
      schema,
      plugins: options.documentPlugins,
      introspection: options.introspection,
      plans: options.plans,
      maxPageSize: services.maxPageSize,
    });
    this.executor = { schema, budget: options.budget, log: yogaLogger(options.logger) };
    this.credentials = services.providers.map((provider) => ({
      header: provider.module.settings.credentialHeader,
      serverDigest: provider.serverKeyDigest,
    }));
    this.counter = laneCounter(services);
  }

  get socketFront(): boolean {
    return this.options.socketFront;
  }

  get maxBodyBytes(): number {
    return this.rules.maxBodyBytes;
  }

  /** The node:http request listener: the lane's requests, and yoga for the rest. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const taken = this.take(req);
    if (typeof taken === 'string') return this.toYoga(req, res, taken);
    const body = taken.kind === 'post' ? readBody(req, taken.length) : undefined;
    const reply = new NodeReply(res);
    this.serve(req, reply, taken, body, (reason, read) => this.toYoga(req, res, reason, read)).catch((error: unknown) =>
      writeFailure(reply, error, this.options.logger),
    );
  };

  /** Whether the lane takes a request, from its head alone (the socket front asks this too). */
  take(head: LaneHead): Taken | HeadReason {
    const taken = classify(head, this.rules);
    return typeof taken === 'string' ? taken : this.retake(taken);
  }

  /** Whether a request the lane took by its head before is still its (tracing may have been switched on since). */
  retake(taken: Taken): Taken | HeadReason {
    return tracingOn() ? 'tracing' : taken;
  }

  /**
   * Serves a request `take` took, whose body the socket front has read;
   * `fallBack` when it is yoga's after all (nothing was written).
   */
  serveRead(head: LaneHead, taken: Taken, body: Buffer | undefined, reply: Reply, fallBack: () => void): void {
    this.serve(head, reply, taken, body, fallBack).catch((error: unknown) =>
      writeFailure(reply, error, this.options.logger),
    );
  }

  private count(lane: Lane, reason: Reason): void {
    this.counter.inc(lane, reason);
  }

  /** Hands the request to yoga; a body already read goes with it (yoga's node adapter reads `req.body`). */
  private toYoga(req: IncomingMessage, res: ServerResponse, reason: Reason, body?: Buffer): void {
    this.count('yoga', reason);
    if (body) Object.assign(req, { body });
    void this.options.gateway.requestListener(req, res);
  }

  private async serve(
    head: LaneHead,
    reply: Reply,
    taken: Taken,
    reading: Promise<Buffer | undefined> | Buffer | undefined,
    fallBack: FallBack,
  ): Promise<void> {
    const started = performance.now();
    const method = head.method ?? 'GET';
    const requestId = requestIdOf(headerOf(head, REQUEST_ID_HEADER));
    let caller: Caller | undefined;
    if (this.options.authenticate) {
      const outcome = await this.options.authenticate(headerOf(head, 'authorization') ?? null);
      if ('refused' in outcome) {
        this.count('compiled', 'none');
        return writeRefusal(method, reply, outcome.refused, { requestId, started }, this.options.logger);
      }
      caller = outcome.caller;
    }
    const body = reading instanceof Promise ? await reading : reading;
    if (taken.kind === 'post' && !body) return;
    const admitted = this.admit(taken, caller, body);
    if (typeof admitted === 'string') return fallBack(admitted, body);
    this.count('compiled', admitted.operation.plan ? 'plan' : 'execute');
    const { answer, shared } = this.answer(head, reply, admitted);
    const outcome = await answer;
    const { metrics } = this.options.services;
    metrics.operation(admitted.operation.type);
    countErrors(metrics, outcome.result);
    const served = {
      requestId,
      started,
      operationType: admitted.operation.type,
      operationName: admitted.operation.name ?? admitted.params.operationName,
      shared,
    };
    writeOutcome(method, reply, outcome, served, this.options.logger);
  }

  /** The request's operation, or why it is yoga's. */
  private admit(taken: Taken, caller: Caller | undefined, body: Buffer | undefined): Admitted | FallReason {
    const sent = body ? body.toString('utf8') : taken.search;
    const known = this.admissions.get(taken.kind, sent);
    if (known) return { taken, caller, sent, ...known };
    const params = body ? paramsOfJson(sent) : paramsOfSearch(sent);
    if (!params) return 'params';
    const source = this.options.persisted.httpDocumentOf(params);
    const prepared = source === undefined ? undefined : this.documents.get(source);
    if (!prepared) return 'document';
    const operation = prepared.operation(params.operationName);
    // A mutation over GET is yoga's to refuse (405).
    if (!operation || (taken.kind === 'get' && operation.type === 'mutation')) return 'operation';
    // Variables the executor would refuse are yoga's to word (use-input-error-codes.ts), before anything runs.
    if (operation.variables.length > 0) {
      const coerced = getVariableValues(this.executor.schema, operation.variables, params.variables ?? {}, {
        maxErrors: 50,
      });
      if (coerced.errors) return 'variables';
    }
    // Its document came as text: the same text is admitted alike (admissions.ts).
    if (source === params.query) this.admissions.remember(taken.kind, sent, { params, prepared, operation });
    return { taken, caller, params, sent, prepared, operation };
  }

  /** The outcome of the request's operation: its own execution, or (de-duplicated) one in flight. */
  private answer(head: LaneHead, reply: Reply, admitted: Admitted): { answer: Promise<Outcome>; shared: boolean } {
    const run = (connection: Connection) => this.execute(head, connection, admitted);
    if (!this.options.dedupe || admitted.operation.type !== 'query') return { answer: run(reply), shared: false };
    const digests = this.digestsOf(head);
    // Everything the answer depends on (dedupe.ts). Without a caller of its own, the request's caller is
    // its credentials' (credentialCaller), which the digests already name. The parameters are compared as
    // sent, not as parsed: the same text parses alike, and re-serialising a client's variables could
    // overflow the stack (deep nesting) or make two values one (1e400 and null both print as null).
    // No part before the parameters holds a line break (ids are numbers, digests hex, the caller JSON),
    // so the key names each part unambiguously.
    const { caller } = admitted;
    const key = `${admitted.prepared.id}\n${admitted.taken.kind}\n${admitted.taken.mediaType}\n${digests}\n${
      caller ? JSON.stringify([caller.subject, caller.scopes]) : ''
    }\n${admitted.sent}`;
    return this.flights.join(key, reply, run);
  }

  /** The request's credential digests, space-separated; made once for a head the socket front shares. */
  private digestsOf(head: LaneHead): string {
    // Frozen: one head object for every request sending that text (socket-front/recent-heads.ts).
    const shared = Object.isFrozen(head.headers);
    let digests = shared ? this.sharedHeadDigests.get(head.headers) : undefined;
    if (digests === undefined) {
      digests = credentialDigestsOf(this.credentials, (name) => headerOf(head, name)).join(' ');
      if (shared) this.sharedHeadDigests.set(head.headers, digests);
    }
    return digests;
  }

  private async execute(head: LaneHead, connection: Connection, admitted: Admitted): Promise<Outcome> {
    const { services, now } = this.options;
    const context = laneContext(services, head.headers, admitted.caller, connection, now);
    if (admitted.operation.withinLimits) context.complexityChecked = true;
    const { document } = admitted.prepared;
    const { operationName, variables } = admitted.params;
    const { plan } = admitted.operation;
    const result = safeResult(
      await executeOperation(this.executor, { document, plan, operationName, variables }, context),
    );
    const { mediaType } = admitted.taken;
    const answer = answerOf(result, mediaType as JsonMediaType);
    const body = Buffer.from(answer.body);
    return {
      result,
      status: answer.status,
      headers: outcomeHeaders(mediaType, answer.headers, body),
      body,
      upstream: context.upstreamCalls,
    };
  }
}
