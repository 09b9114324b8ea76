/**
 * `viewer`: who the gateway takes the caller for (auth/caller.ts), what they
 * may do, and their generation credits today (schema/quota.ts). It needs a
 * valid token but no scope (`@authenticated`), so a client can always find
 * out why a field was refused.
 */
import type { Caller } from '../auth/caller.js';
import { builder } from './builder.js';
import { QuotaRef, quotaOf } from './quota.js';

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
      resolve: (_caller, _args, context) => quotaOf(context),
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
