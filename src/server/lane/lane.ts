/**
 * The compiled lane: GraphQL queries and mutations over plain node:http, in
 * front of yoga on the same listener (COMPILED_LANE, on by default). It
 * takes the requests classify.ts admits, reads the body within its declared
 * length, finds the operation (admit.ts; the document, persisted ones
 * included, among the prepared ones: documents.ts, parsed, validated and
 * limited once), builds the request context over node's headers
 * (request-head.ts), runs the operation (execute.ts) and has the request
 * (waiting.ts) write yoga's answer (answer.ts, respond.ts) itself: no
 * fetch-API Request or Response, no envelop hooks, and for a request with
 * nothing to await first no promise of its own. Identical queries in flight
 * run once when de-duplication is on (dedupe.ts, dedupe-key.ts).
 *
 * Whatever it does not take goes to yoga untouched, body and all, and yoga
 * answers it with every plugin: malformed or refused requests, invalid
 * documents, bad variables, subscriptions, @defer/@stream, uploads,
 * GraphiQL, APQ registrations, and everything while tracing is on (its span
 * is yoga's plugin). The decisions both lanes take are the plugins' own
 * functions (plugins/, request-log.ts, credential-digests.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from '../../auth/authenticate.js';
import type { Caller } from '../../auth/caller.js';
import type { Connection } from '../../context.js';
import { yogaLogger } from '../../logger.js';
import type { Logger } from '../../logger.js';
import type { ClosableServices } from '../../services.js';
import { tracingOn } from '../../telemetry/tracing.js';
import type { Gateway } from '../gateway.js';
import type { PersistedOperations } from '../persisted-operations.js';
import type { BudgetCheck } from '../plugins/use-operation-budget.js';
import { safeResult } from '../plugins/use-safe-errors.js';
import { REQUEST_ID_HEADER, requestIdOf } from '../request-log.js';
import type { JsonMediaType } from './accept.js';
import { Admitter } from './admit.js';
import type { Admitted } from './admit.js';
import { answerOf } from './answer.js';
import { laneCounter } from './lane-counter.js';
import { classify, headerOf } from './classify.js';
import type { FallReason, LaneHead, LaneRules, Taken } from './classify.js';
import { InFlight } from './dedupe.js';
import { DedupeKeys } from './dedupe-key.js';
import { DocumentCache } from './documents.js';
import type { DocumentPlugin } from './documents.js';
import { executeOperation } from './execute.js';
import type { Executor } from './execute.js';
import { readBody } from './read-body.js';
import { NodeReply } from './reply.js';
import type { Reply } from './reply.js';
import { laneContext } from './request-head.js';
import { outcomeHeaders, writeFailure, writeRefusal } from './respond.js';
import type { Arrival, Outcome } from './respond.js';
import { Waiting } from './waiting.js';
import type { Answering } from './waiting.js';

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

export class CompiledLane {
  private readonly rules: LaneRules;
  private readonly documents: DocumentCache;
  private readonly executor: Executor;
  private readonly dedupeKeys: DedupeKeys;
  private readonly flights = new InFlight<Outcome>();
  private readonly answering: Answering;
  private readonly admitter: Admitter;
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
    this.admitter = new Admitter(this.documents, options.persisted, schema);
    this.dedupeKeys = new DedupeKeys(
      services.providers.map((provider) => ({
        header: provider.module.settings.credentialHeader,
        serverDigest: provider.serverKeyDigest,
      })),
    );
    this.counter = laneCounter(services);
    this.answering = { metrics: services.metrics, logger: options.logger };
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
    this.serve(req, new NodeReply(res), taken, body, (reason, read) => this.toYoga(req, res, reason, read));
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
    this.serve(head, reply, taken, body, fallBack);
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

  /**
   * Serves a request the lane took: at once when nothing is to be awaited
   * first (no authenticator, the body read: the socket front's requests),
   * else once the credential is checked and the body read. A handler that
   * throws gets use-safe-errors' 500.
   */
  private serve(
    head: LaneHead,
    reply: Reply,
    taken: Taken,
    reading: Promise<Buffer | undefined> | Buffer | undefined,
    fallBack: FallBack,
  ): void {
    try {
      const arrival = {
        method: head.method ?? 'GET',
        requestId: requestIdOf(headerOf(head, REQUEST_ID_HEADER)),
        started: performance.now(),
      };
      if (!this.options.authenticate && !(reading instanceof Promise)) {
        return this.proceed(head, reply, taken, reading, undefined, arrival, fallBack);
      }
      this.serveLater(head, reply, taken, reading, arrival, fallBack).catch((error: unknown) =>
        writeFailure(reply, error, this.options.logger),
      );
    } catch (error) {
      writeFailure(reply, error, this.options.logger);
    }
  }

  private async serveLater(
    head: LaneHead,
    reply: Reply,
    taken: Taken,
    reading: Promise<Buffer | undefined> | Buffer | undefined,
    arrival: Arrival,
    fallBack: FallBack,
  ): Promise<void> {
    let caller: Caller | undefined;
    if (this.options.authenticate) {
      const outcome = await this.options.authenticate(headerOf(head, 'authorization') ?? null);
      if ('refused' in outcome) {
        this.count('compiled', 'none');
        return writeRefusal(reply, outcome.refused, arrival, this.options.logger);
      }
      caller = outcome.caller;
    }
    const body = reading instanceof Promise ? await reading : reading;
    this.proceed(head, reply, taken, body, caller, arrival, fallBack);
  }

  /** The request's operation found and run, once its body and caller are known. */
  private proceed(
    head: LaneHead,
    reply: Reply,
    taken: Taken,
    body: Buffer | undefined,
    caller: Caller | undefined,
    arrival: Arrival,
    fallBack: FallBack,
  ): void {
    if (taken.kind === 'post' && !body) return;
    const admitted = this.admitter.admit(taken, caller, body);
    if (typeof admitted === 'string') return fallBack(admitted, body);
    this.count('compiled', admitted.operation.plan ? 'plan' : 'execute');
    const { type, name } = admitted.operation;
    const waiting = new Waiting(reply, arrival, type, name ?? admitted.params.operationName, this.answering);
    this.answer(head, admitted, waiting);
  }

  /** The request told the outcome of its operation: its own execution's, or (de-duplicated) one in flight. */
  private answer(head: LaneHead, admitted: Admitted, waiting: Waiting): void {
    const run = (connection: Connection) => this.execute(head, connection, admitted);
    if (!this.options.dedupe || admitted.operation.type !== 'query') {
      run(waiting.reply).then(
        (outcome) => waiting.deliver(outcome, false),
        (error: unknown) => waiting.fail(error),
      );
      return;
    }
    const key = this.dedupeKeys.of(head, admitted.prepared.id, admitted.taken, admitted.caller, admitted.sent);
    this.flights.join(key, waiting, run);
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
