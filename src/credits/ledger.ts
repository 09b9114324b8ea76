/**
 * Where credits are counted: per account (a digest of the subject) and UTC
 * day, with the job each charge started, so a job that ends FAILED or
 * CANCELLED can be refunded once. In process here; with REDIS_URL,
 * shared/redis-credits.ts keeps the same counters in Redis for every replica.
 */
import type { CallerKind } from '../auth/caller.js';

/** What a job was charged: refunded to the same account and day. */
export interface JobCharge {
  account: string;
  day: string;
  cost: number;
  /** For the metrics' caller label. */
  caller: CallerKind;
}

export interface ChargeOutcome {
  charged: boolean;
  /** The day's credits spent after the charge, or as they stood when refused. */
  used: number;
}

export interface CreditLedger {
  /** Adds `cost` to the day unless that would pass `limit`, atomically; the day is kept `keepMs`. */
  charge(account: string, day: string, cost: number, limit: number, keepMs: number): Promise<ChargeOutcome>;
  /** Gives back up to `cost` of that day (never below 0); how much was given back. */
  refund(account: string, day: string, cost: number): Promise<number>;
  used(account: string, day: string): Promise<number>;
  /** Remembers what each job was charged, for `keepMs`. */
  recordJobs(jobs: ReadonlyArray<readonly [jobId: string, charge: JobCharge]>, keepMs: number): Promise<void>;
  /** The charges of these jobs, each removed as it is read: only one taker ever gets one. */
  takeJobs(jobIds: readonly string[]): Promise<Array<JobCharge | undefined>>;
}

interface Day {
  used: Map<string, number>;
  jobs: Map<string, JobCharge>;
}

/** Days kept: today, and yesterday for refunds of jobs that end after midnight. */
const DAYS_KEPT = 2;

export class InProcessLedger implements CreditLedger {
  private readonly days = new Map<string, Day>();

  /** Per day, at most this many accounts and jobs (the oldest go first). */
  constructor(private readonly maxEntries = 100_000) {}

  async charge(account: string, day: string, cost: number, limit: number): Promise<ChargeOutcome> {
    const bucket = this.dayOf(day);
    const used = bucket.used.get(account) ?? 0;
    if (used + cost > limit) return { charged: false, used };
    bucket.used.delete(account);
    bounded(bucket.used, this.maxEntries).set(account, used + cost);
    return { charged: true, used: used + cost };
  }

  async refund(account: string, day: string, cost: number): Promise<number> {
    const used = this.days.get(day)?.used;
    const before = used?.get(account);
    if (!used || before === undefined) return 0;
    const back = Math.min(before, cost);
    if (before - back === 0) used.delete(account);
    else used.set(account, before - back);
    return back;
  }

  async used(account: string, day: string): Promise<number> {
    return this.days.get(day)?.used.get(account) ?? 0;
  }

  async recordJobs(jobs: ReadonlyArray<readonly [string, JobCharge]>): Promise<void> {
    for (const [id, charge] of jobs) bounded(this.dayOf(charge.day).jobs, this.maxEntries).set(id, charge);
  }

  async takeJobs(jobIds: readonly string[]): Promise<Array<JobCharge | undefined>> {
    return jobIds.map((id) => {
      for (const day of this.days.values()) {
        const charge = day.jobs.get(id);
        if (charge) {
          day.jobs.delete(id);
          return charge;
        }
      }
      return undefined;
    });
  }

  private dayOf(name: string): Day {
    let day = this.days.get(name);
    if (!day) {
      day = { used: new Map(), jobs: new Map() };
      this.days.set(name, day);
      // ISO dates sort as they follow each other: the oldest go.
      const old = [...this.days.keys()].sort().slice(0, -DAYS_KEPT);
      for (const gone of old) this.days.delete(gone);
    }
    return day;
  }
}

/** Makes room for one more entry by dropping the oldest. */
function bounded<V>(map: Map<string, V>, max: number): Map<string, V> {
  while (map.size >= max) map.delete(map.keys().next().value!);
  return map;
}
