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
import type { Arrival, Outcome, Served } from './respond.js';

/** What every waiting request of one lane answers through. */
export interface Answering {
  metrics: GatewayMetrics;
  logger: Logger;
}

export class Waiting implements Waiter<Outcome>, Served {
  constructor(
    readonly reply: Reply,
    readonly arrival: Arrival,
    readonly operationType: string,
    readonly operationName: string | undefined,
    private readonly answering: Answering,
  ) {}

  deliver(outcome: Outcome, shared: boolean): void {
    try {
      const { metrics, logger } = this.answering;
      metrics.operation(this.operationType);
      countErrors(metrics, outcome.result);
      writeOutcome(this, outcome, shared, logger);
    } catch (error) {
      this.fail(error);
    }
  }

  fail(error: unknown): void {
    writeFailure(this.reply, error, this.answering.logger);
  }
}
