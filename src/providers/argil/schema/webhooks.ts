/**
 * Argil's webhooks in the graph: ArgilWebhook (a Node; Argil has no GET by
 * id, so node(id:) reads the list), `argilWebhooks` (GET /webhooks), and
 * `createArgilWebhook`, `updateArgilWebhook`, `deleteArgilWebhook` (POST
 * /webhooks, PUT and DELETE /webhooks/{id}).
 *
 * The signing secret: Argil hands an endpoint's `whsec_…` secret back only
 * when the endpoint is made. createArgilWebhook gives it to that caller,
 * once, in its payload; ArgilWebhook has no field for it, so no list, node
 * or update can show it. The gateway keeps it nowhere: the creation takes
 * no idempotency key (its stored answer would hold the secret), logs never
 * carry answers, and mutations are never cached. A caller who loses it
 * makes a new endpoint (or reads Argil's dashboard).
 */
import { fromArgilWebhook } from '../models/workspace.js';
import type { ArgilWebhookModel } from '../models/workspace.js';
import { ARGIL_WEBHOOK_EVENTS } from '../shapes.js';
import type { ArgilWebhookEvent } from '../shapes.js';
import { builder, describedValues } from '../../../schema/builder.js';
import { gatewayError } from '../../../schema/errors.js';
import { decodeGlobalId } from '../../../schema/global-id.js';
import { checkHttpUrl } from '../../../schema/input-limits.js';
import { DeletePayloadRef } from '../../../schema/mutations.js';
import { nodeIdField } from '../../../schema/node-id.js';
import { NAMES_UPSTREAM_OBJECTS } from '../../../schema/operation-cost.js';
import { argilOf } from './context.js';

const ArgilWebhookEventEnum = builder.enumType('ArgilWebhookEvent', {
  description: 'What an Argil webhook is told of.',
  values: describedValues(ARGIL_WEBHOOK_EVENTS, {
    AVATAR_TRAINING_SUCCESS: 'An avatar finished training (IDLE).',
    AVATAR_TRAINING_FAILED: 'An avatar failed training.',
    VIDEO_GENERATION_SUCCESS: 'A video finished rendering (DONE).',
    VIDEO_GENERATION_FAILED: 'A video failed rendering.',
  }),
});

export const ArgilWebhookRef = builder.objectRef<ArgilWebhookModel>('ArgilWebhook');
builder.objectType(ArgilWebhookRef, {
  description: 'An endpoint Argil posts its events to (GET /webhooks). Its signing secret is never shown here.',
  interfaces: [builder.nodeInterfaceRef()],
  isTypeOf: (value) => (value as { typename?: unknown }).typename === 'ArgilWebhook',
  fields: (t) => ({
    id: nodeIdField(t, 'ArgilWebhook', (webhook) => webhook.providerId),
    providerId: t.expose('providerId', { description: "Argil's webhook UUID.", type: 'UUID' }),
    callbackUrl: t.expose('callbackUrl', { type: 'URL', description: 'Where Argil posts the events.' }),
    events: t.expose('events', { type: [ArgilWebhookEventEnum], description: 'The events it is told of.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true, description: 'When it was made.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true, description: 'When it last changed.' }),
    lastTriggeredAt: t.expose('lastTriggeredAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When Argil last posted to it; null: never.',
    }),
  }),
});

const CreateArgilWebhookInput = builder.inputType('CreateArgilWebhookInput', {
  description: "Argil's POST /webhooks: where to post, and what.",
  fields: (t) => ({
    callbackUrl: t.field({ type: 'URL', required: true, description: 'An http(s) URL Argil posts events to.' }),
    events: t.field({ type: [ArgilWebhookEventEnum], required: true, description: 'At least one event.' }),
  }),
});

const UpdateArgilWebhookInput = builder.inputType('UpdateArgilWebhookInput', {
  description: "Argil's PUT /webhooks/{id}: what changes (at least one field).",
  fields: (t) => ({
    callbackUrl: t.field({ type: 'URL', required: false, description: 'A new http(s) URL.' }),
    events: t.field({ type: [ArgilWebhookEventEnum], required: false, description: 'The new events (at least one).' }),
  }),
});

const CreateArgilWebhookPayloadRef = builder
  .objectRef<{ webhook: ArgilWebhookModel; signingSecret: string | null }>('CreateArgilWebhookPayload')
  .implement({
    description: 'What createArgilWebhook answers: the endpoint, and its signing secret this once.',
    fields: (t) => ({
      webhook: t.expose('webhook', { type: ArgilWebhookRef, description: 'The endpoint as Argil answered.' }),
      signingSecret: t.exposeString('signingSecret', {
        nullable: true,
        description:
          "The `whsec_…` secret Argil signs this endpoint's events with, shown only here and kept nowhere by the gateway (ARGIL_WEBHOOK_SECRET when the endpoint is the gateway's /webhooks/argil); null when Argil sent none.",
      }),
    }),
  });

const ArgilWebhookPayloadRef = builder.objectRef<{ webhook: ArgilWebhookModel }>('ArgilWebhookPayload').implement({
  description: 'What updateArgilWebhook answers.',
  fields: (t) => ({
    webhook: t.expose('webhook', { type: ArgilWebhookRef, description: 'The endpoint as it is now.' }),
  }),
});

/** The global id of an ArgilWebhook, as Argil's id. */
function webhookIdOf(id: string): string {
  const decoded = decodeGlobalId(id);
  if (decoded?.typename !== 'ArgilWebhook') {
    throw gatewayError('`id` must be the global id of an ArgilWebhook', 'BAD_USER_INPUT', { field: 'id' });
  }
  return decoded.id;
}

/** At least one event, each once, in the order given. */
function checkedEvents(field: string, events: readonly ArgilWebhookEvent[]): ArgilWebhookEvent[] {
  if (events.length === 0) throw gatewayError(`\`${field}\` needs at least one event`, 'BAD_USER_INPUT', { field });
  return [...new Set(events)];
}

builder.queryField('argilWebhooks', (t) =>
  t.field({
    type: [ArgilWebhookRef],
    description: "Argil's GET /webhooks: every endpoint of the workspace (never their secrets).",
    resolve: async (_root, _args, context) => {
      const webhooks = (await argilOf(context).client.listWebhooks()).map(fromArgilWebhook);
      argilOf(context).loaders.webhook.remember(webhooks);
      return webhooks;
    },
  }),
);

builder.mutationFields((t) => ({
  createArgilWebhook: t.field({
    type: CreateArgilWebhookPayloadRef,
    description: "Argil's POST /webhooks; the answer carries the endpoint's signing secret, this once. Never retried.",
    args: { input: t.arg({ type: CreateArgilWebhookInput, required: true, description: 'The endpoint.' }) },
    resolve: async (_root, { input }, context) => {
      const callbackUrl = checkHttpUrl('input.callbackUrl', String(input.callbackUrl)).href;
      const events = checkedEvents('input.events', input.events);
      const created = await argilOf(context).client.createWebhook(callbackUrl, events);
      const webhook = fromArgilWebhook(created.webhook);
      argilOf(context).loaders.webhook.remember([webhook]);
      return { webhook, signingSecret: created.secret ?? null };
    },
  }),
  updateArgilWebhook: t.field({
    type: ArgilWebhookPayloadRef,
    description: "Argil's PUT /webhooks/{id}. A wrong or malformed id is BAD_USER_INPUT; a missing webhook NOT_FOUND.",
    args: {
      id: t.arg.id({ description: 'The webhook (global id).', required: true, extensions: NAMES_UPSTREAM_OBJECTS }),
      input: t.arg({ type: UpdateArgilWebhookInput, required: true, description: 'What changes.' }),
    },
    resolve: async (_root, { id, input }, context) => {
      const providerId = webhookIdOf(String(id));
      const changes: { callbackUrl?: string; events?: ArgilWebhookEvent[] } = {};
      if (input.callbackUrl != null)
        changes.callbackUrl = checkHttpUrl('input.callbackUrl', String(input.callbackUrl)).href;
      if (input.events != null) changes.events = checkedEvents('input.events', input.events);
      if (Object.keys(changes).length === 0) {
        throw gatewayError('`input` needs callbackUrl or events', 'BAD_USER_INPUT', { field: 'input' });
      }
      const webhook = fromArgilWebhook(await argilOf(context).client.updateWebhook(providerId, changes));
      argilOf(context).loaders.webhook.remember([webhook]);
      return { webhook };
    },
  }),
  deleteArgilWebhook: t.field({
    type: DeletePayloadRef,
    description:
      "Argil's DELETE /webhooks/{id}. A wrong or malformed id is BAD_USER_INPUT; a missing webhook NOT_FOUND.",
    args: {
      id: t.arg.id({ description: 'The webhook (global id).', required: true, extensions: NAMES_UPSTREAM_OBJECTS }),
    },
    resolve: async (_root, { id }, context) => {
      const providerId = webhookIdOf(String(id));
      await argilOf(context).client.deleteWebhook(providerId);
      argilOf(context).loaders.webhook.forget(providerId);
      return { deletedId: String(id) };
    },
  }),
}));
