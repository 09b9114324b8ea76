/**
 * The gateway's credit book (runtime-contract.md, "Who is asking, and what
 * they may spend"): a paid call is charged to its caller's subject before
 * anything is sent, and refused (QUOTA_EXCEEDED) when today's credits are
 * short. A provider's refusal (a 4xx: no job was made) gives the credits
 * back; an ambiguous failure (timeout, 5xx, dropped connection) keeps them,
 * since a job may exist. A job a provider reports ended unbilled (a Krea job
 * seen FAILED or CANCELLED, say) is refunded once, whichever replica sees it
 * first.
 *
 * Without QUOTA_CREDITS_PER_DAY nothing is counted at all.
 */
import { createHash } from 'node:crypto';
import type { Caller, CallerKind } from '../auth/caller.js';
import { isDefiniteRefusal } from '../idempotency.js';
import { costOf } from './costs.js';
import type { CostTable, PaidCall } from './costs.js';
import { keepDayMs, nextUtcMidnight, utcDay } from './day.js';
import { CreditsUnavailableError, QuotaExceededError } from './errors.js';
import type { CreditLedger, JobCharge } from './ledger.js';

export type CreditOutcome = 'charged' | 'refunded' | 'refused';

/** Where a subject stands today (`viewer.quota`). */
export interface QuotaStanding {
  limit: number;
  used: number;
  remaining: number;
  resetsAt: string;
}

export interface CreditBookOptions {
  /** QUOTA_CREDITS_PER_DAY; undefined: nothing is counted. */
  perDay: number | undefined;
  costs: CostTable;
  /** Which kind each paid path is (costs.ts' PriceList). */
  pathKinds: ReadonlyMap<string, string>;
  ledger: CreditLedger;
  /** Sees every movement of credits (metrics: by caller kind, never the subject). */
  count?: ((outcome: CreditOutcome, caller: CallerKind, credits: number) => void) | undefined;
}

/** Job ids already looked up once they ended unbilled, per replica (the oldest go first). */
const MAX_SETTLED = 100_000;

const accountOf = (subject: string) => createHash('sha256').update(subject).digest('hex').slice(0, 32);

/** A call's cost shared over the jobs it started (a node app may start several); the remainder goes first. */
function shares(cost: number, jobs: number): number[] {
  return Array.from({ length: jobs }, (_, i) => Math.floor(cost / jobs) + (i < cost % jobs ? 1 : 0));
}

export class CreditBook {
  private readonly settled = new Set<string>();

  constructor(private readonly options: CreditBookOptions) {}

  /** Charges `caller` for `call`, then runs it; refunds a definite refusal; remembers the jobs it started. */
  async spend<T>(
    caller: Caller,
    at: number,
    call: PaidCall,
    run: () => Promise<T>,
    jobIdsOf: (value: T) => readonly string[],
  ): Promise<T> {
    const { perDay: limit, ledger } = this.options;
    const cost = costOf(this.options.costs, this.options.pathKinds, call);
    if (limit === undefined || cost === 0) return run();
    const account = accountOf(caller.subject);
    const day = utcDay(at);
    const keepMs = keepDayMs(at);
    let outcome;
    try {
      outcome = await ledger.charge(account, day, cost, limit, keepMs);
    } catch {
      throw new CreditsUnavailableError();
    }
    if (!outcome.charged) {
      this.count('refused', caller.kind, cost);
      const resetsAt = new Date(nextUtcMidnight(at)).toISOString();
      throw new QuotaExceededError({ limit, used: outcome.used, cost, resetsAt });
    }
    this.count('charged', caller.kind, cost);
    let value: T;
    try {
      value = await run();
    } catch (error) {
      if (isDefiniteRefusal(error)) await this.refund({ account, day, cost, caller: caller.kind });
      throw error;
    }
    const ids = jobIdsOf(value);
    const costs = shares(cost, ids.length);
    const jobs = ids.map(
      (id, i) => [id.toLowerCase(), { account, day, cost: costs[i]!, caller: caller.kind }] as const,
    );
    // Never fails the call: the POST has happened (the job then keeps its charge).
    if (jobs.length > 0) await ledger.recordJobs(jobs, keepMs).catch(() => undefined);
    return value;
  }

  /** Where `caller` stands at `at`; undefined without a quota. */
  async standing(caller: Caller, at: number): Promise<QuotaStanding | undefined> {
    const limit = this.options.perDay;
    if (limit === undefined) return undefined;
    let used: number;
    try {
      used = await this.options.ledger.used(accountOf(caller.subject), utcDay(at));
    } catch {
      throw new CreditsUnavailableError();
    }
    return { limit, used, remaining: Math.max(0, limit - used), resetsAt: new Date(nextUtcMidnight(at)).toISOString() };
  }

  /**
   * Jobs a provider's client read and saw ended unbilled (Krea's failed and
   * cancelled ones) pass here before the read answers: each gets its charge
   * back (a Redis round trip, the first time this replica sees it ended).
   * Never rejects.
   */
  readonly jobsEndedUnbilled = async (ids: readonly string[]): Promise<void> => {
    if (this.options.perDay === undefined) return;
    const ended = ids.filter((id) => !this.settled.has(id));
    if (ended.length === 0) return;
    for (const id of ended) {
      if (this.settled.size >= MAX_SETTLED) this.settled.delete(this.settled.values().next().value!);
      this.settled.add(id);
    }
    let charges: Array<JobCharge | undefined>;
    try {
      charges = await this.options.ledger.takeJobs(ended.map((id) => id.toLowerCase()));
    } catch {
      // Unknown whether they were charged: a later read looks again.
      for (const id of ended) this.settled.delete(id);
      return;
    }
    for (const charge of charges) if (charge) await this.refund(charge);
  };

  private async refund(charge: JobCharge): Promise<void> {
    // A refund Redis did not answer is not tried again: it might have landed.
    const back = await this.options.ledger.refund(charge.account, charge.day, charge.cost).catch(() => 0);
    if (back > 0) this.count('refunded', charge.caller, back);
  }

  private count(outcome: CreditOutcome, caller: CallerKind, credits: number): void {
    this.options.count?.(outcome, caller, credits);
  }
}
