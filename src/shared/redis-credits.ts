/**
 * Credits in Redis (REDIS_URL), one budget for every replica: each
 * account's day is one counter, `mediagraph:credits:<account>:<day>`,
 * checked and raised by one Lua script, so concurrent charges on any
 * replicas never pass the limit together. A job's charge is kept under
 * `mediagraph:credits-job:<digest of the job id>` until it is taken (GETDEL:
 * one taker). Accounts are digests of subjects; nothing else is stored.
 *
 * While Redis is away every call throws: the caller refuses the charge
 * rather than count alone.
 */
import { createHash } from 'node:crypto';
import type { ChargeOutcome, CreditLedger, JobCharge } from '../credits/ledger.js';
import type { RedisLink } from './redis-link.js';

/** KEYS[1] the day; ARGV cost, limit, ms to keep. Returns {charged 0|1, used}. */
const CHARGE = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local cost = tonumber(ARGV[1])
if used + cost > tonumber(ARGV[2]) then return {0, used} end
used = redis.call('INCRBY', KEYS[1], cost)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {1, used}`;

/** KEYS[1] the day; ARGV cost. Gives back at most what was spent; returns what it gave back. */
const REFUND = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local back = math.min(used, tonumber(ARGV[1]))
if back > 0 then redis.call('DECRBY', KEYS[1], back) end
return back`;

const dayKey = (account: string, day: string) => `mediagraph:credits:${account}:${day}`;
const jobKey = (jobId: string) =>
  `mediagraph:credits-job:${createHash('sha256').update(jobId).digest('hex').slice(0, 40)}`;

export class RedisLedger implements CreditLedger {
  constructor(private readonly link: RedisLink) {}

  async charge(account: string, day: string, cost: number, limit: number, keepMs: number): Promise<ChargeOutcome> {
    const [charged, used] = (await this.client().eval(CHARGE, 1, dayKey(account, day), cost, limit, keepMs)) as [
      number,
      number,
    ];
    return { charged: charged === 1, used };
  }

  async refund(account: string, day: string, cost: number): Promise<number> {
    return Number(await this.client().eval(REFUND, 1, dayKey(account, day), cost));
  }

  async used(account: string, day: string): Promise<number> {
    return Number((await this.client().get(dayKey(account, day))) ?? 0);
  }

  async recordJobs(jobs: ReadonlyArray<readonly [string, JobCharge]>, keepMs: number): Promise<void> {
    const batch = this.client().multi();
    for (const [id, charge] of jobs) batch.set(jobKey(id), JSON.stringify(charge), 'PX', keepMs);
    await batch.exec();
  }

  async takeJobs(jobIds: readonly string[]): Promise<Array<JobCharge | undefined>> {
    const batch = this.client().pipeline();
    for (const id of jobIds) batch.getdel(jobKey(id));
    const answers = (await batch.exec()) ?? [];
    return answers.map(([error, text]) =>
      error === null && typeof text === 'string' ? (JSON.parse(text) as JobCharge) : undefined,
    );
  }

  private client() {
    if (!this.link.up) throw new Error('redis unavailable');
    return this.link.client;
  }
}
