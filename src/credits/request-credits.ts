/**
 * The credit book as one request sees it: its caller, and the gateway's
 * clock (GatewayOptions.now, which tests move across midnight). A class, so
 * a request costs one small object and no closures.
 */
import type { Caller } from '../auth/caller.js';
import type { CreditBook, QuotaStanding } from './book.js';
import type { PaidCall } from './costs.js';

export class RequestCredits {
  constructor(
    private readonly book: CreditBook,
    private readonly caller: Caller,
    private readonly now: () => number,
  ) {}

  /** Charges this caller for `call`, then runs it (see CreditBook.spend). */
  spend<T>(call: PaidCall, run: () => Promise<T>, jobIdsOf: (value: T) => readonly string[]): Promise<T> {
    return this.book.spend(this.caller, this.now(), call, run, jobIdsOf);
  }

  /** This caller's credits today; undefined without a quota. */
  standing(): Promise<QuotaStanding | undefined> {
    return this.book.standing(this.caller, this.now());
  }
}
