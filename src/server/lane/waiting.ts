/**
 * A request of the compiled lane waiting for its operation's outcome: its
 * own execution's, or one it joined (dedupe.ts). Told the outcome, it is
 * counted and answered with yoga's bytes and its log line (respond.ts);
 * told a failure, or failing itself, it gets use-safe-errors' 500.
 */
import type { GatewayMetrics } from '../../metrics.js';
import type { Logger } from '../../logger.js';
import { countErrors } from '../plugins/use-metrics.js';
import type { Waiter } from './dedupe.js';
import type { Reply } from './reply.js';
import { writeFailure, writeOutcome } from './respond.js';
import type { Outcome } from './respond.js';

/** What every waiting request of one lane answers through. */
export interface Answering {
  metrics: GatewayMetrics;
  logger: Logger;
}

/** The request as it came: its method, id and start (performance.now()). */
export interface Arrival {
  method: string;
  requestId: string;
  started: number;
}

export class Waiting implements Waiter<Outcome> {
  constructor(
    readonly reply: Reply,
    private readonly arrival: Arrival,
    private readonly operationType: string,
    private readonly operationName: string | undefined,
    private readonly answering: Answering,
  ) {}

  deliver(outcome: Outcome, shared: boolean): void {
    try {
      const { metrics, logger } = this.answering;
      metrics.operation(this.operationType);
      countErrors(metrics, outcome.result);
      const { method, requestId, started } = this.arrival;
      const served = {
        requestId,
        started,
        operationType: this.operationType,
        operationName: this.operationName,
        shared,
      };
      writeOutcome(method, this.reply, outcome, served, logger);
    } catch (error) {
      this.fail(error);
    }
  }

  fail(error: unknown): void {
    writeFailure(this.reply, error, this.answering.logger);
  }
}
