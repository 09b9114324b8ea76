/**
 * `viewer`: who the gateway takes the caller for (auth/caller.ts) and their
 * credits today. Minimal here (subject, scopes, quota); the scopes work
 * brings its own.
 */
import { builder } from './builder.js';
import { QuotaRef, quotaOf } from './quota.js';
import type { Caller } from '../auth/caller.js';

const ViewerRef = builder.objectRef<Caller>('Viewer').implement({
  description: 'The caller: who the gateway takes them for, their scopes, and their generation credits today.',
  fields: (t) => ({
    subject: t.exposeString('subject', {
      description: "iss + sub of the token, a gateway key's name, or the provider credential's digest; never a secret.",
    }),
    scopes: t.exposeStringList('scopes', { description: 'The scopes the caller holds.' }),
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
    resolve: (_root, _args, context) => context.caller,
  }),
);
