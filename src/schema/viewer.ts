/**
 * `viewer`: who the gateway takes the caller for (auth/caller.ts), and what
 * they may do. It needs a valid token but no scope (`@authenticated`), so a
 * client can always find out why a field was refused. `quota` stays null
 * until the generation credits fill it in.
 */
import type { Caller } from '../auth/caller.js';
import { builder } from './builder.js';

/** A subject's generation credits for one UTC day. */
export interface QuotaModel {
  limit: number;
  used: number;
  remaining: number;
  resetsAt: Date;
}

export const QuotaRef = builder.objectRef<QuotaModel>('Quota').implement({
  description: "A subject's generation credits for the current UTC day.",
  fields: (t) => ({
    limit: t.exposeInt('limit', { description: 'Credits per UTC day.' }),
    used: t.exposeInt('used', { description: 'Credits spent today.' }),
    remaining: t.exposeInt('remaining', { description: 'Credits left today.' }),
    resetsAt: t.field({
      type: 'DateTime',
      description: 'When the count starts again (the next midnight UTC).',
      resolve: (quota) => quota.resetsAt,
    }),
  }),
});

export const ViewerRef = builder.objectRef<Caller>('Viewer').implement({
  description: 'The caller, as the gateway sees them.',
  fields: (t) => ({
    subject: t.exposeString('subject', {
      description: "iss + sub of the token, a gateway key's name, or the provider credential's digest; never a secret.",
    }),
    scopes: t.field({
      type: ['String'],
      description: 'What the caller may do: media:read, media:write, media:generate (every scope without tokens).',
      resolve: (caller) => [...caller.scopes],
    }),
    quota: t.field({
      type: QuotaRef,
      nullable: true,
      description: 'Null when no quota is configured.',
      resolve: () => null,
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    description: 'The caller: who the gateway takes them for, their scopes, and their generation credits today.',
    // A valid token and no scope: it reads nothing from the providers.
    authenticated: true,
    resolve: (_root, _args, context) => context.caller,
  }),
);
