/**
 * `Quota`: where the caller stands with today's generation credits
 * (credits/book.ts). `viewer.quota` answers it, null without
 * QUOTA_CREDITS_PER_DAY:
 *
 *   quota: t.field({ type: QuotaRef, nullable: true, description: '…', resolve: (_root, _args, context) => quotaOf(context) })
 */
import type { RequestContext } from '../context.js';
import type { QuotaStanding } from '../credits/book.js';
import { builder } from './builder.js';

export const QuotaRef = builder.objectRef<QuotaStanding>('Quota').implement({
  description: "The caller's generation credits for the current UTC day.",
  fields: (t) => ({
    limit: t.exposeInt('limit', { description: 'Credits per UTC day.' }),
    used: t.exposeInt('used', { description: 'Credits spent today (refunds given back).' }),
    remaining: t.exposeInt('remaining', { description: 'Credits left today.' }),
    resetsAt: t.field({
      type: 'DateTime',
      description: 'When the count starts again: the next midnight, UTC.',
      resolve: (quota) => quota.resetsAt,
    }),
  }),
});

/** The caller's standing today; null when no quota is configured. */
export async function quotaOf(context: RequestContext): Promise<QuotaStanding | null> {
  return (await context.credits.standing()) ?? null;
}
