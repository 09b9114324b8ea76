/**
 * Krea node apps: `kreaNodeApp(id)` with the JSON Schemas of its input and
 * output, and `executeKreaNodeApp`, which checks the input against the
 * app's own input schema (ajv) before the one POST that starts its jobs.
 */
import { createHash } from 'node:crypto';
import { checkBody } from '../../../openapi/body.js';
import type { JsonSchema, JsonValue } from '../../../openapi/body-fields.js';
import { fromKreaJob } from '../models/jobs.js';
import type { KreaJobModel } from '../models/jobs.js';
import type { KreaNodeAppModel } from '../models/styles.js';
import type { KreaJob } from '../shapes.js';
import { builder } from '../../../schema/builder.js';
import { NAMES_UPSTREAM_OBJECTS, PAID_MUTATION } from '../../../schema/operation-cost.js';
import { gatewayError } from '../../../schema/errors.js';
import { once } from '../../../schema/paid.js';
import type { Paid } from '../../../schema/paid.js';
import { KreaJobRef } from './jobs.js';
import { nodeIdField } from '../../../schema/node-id.js';
import { stringIdOf } from '../../../schema/provider-id.js';
import { kreaOf, kreaScope } from './context.js';

export const KreaNodeAppRef = builder.objectRef<KreaNodeAppModel>('KreaNodeApp');

builder.objectType(KreaNodeAppRef, {
  description: 'A Krea node app version: GET /node-apps/{id}.',
  interfaces: [builder.nodeInterfaceRef()],
  isTypeOf: (value) => (value as { typename?: unknown }).typename === 'KreaNodeApp',
  fields: (t) => ({
    id: nodeIdField(t, 'KreaNodeApp', (app) => app.providerId),
    providerId: t.exposeString('providerId', { description: "Krea's node app id." }),
    name: t.exposeString('name', { description: 'Its name.', nullable: true }),
    description: t.exposeString('description', { nullable: true, description: 'What it does, in its author’s words.' }),
    inputSchema: t.expose('inputSchema', {
      type: 'JSON',
      nullable: true,
      description: "The JSON Schema that executeKreaNodeApp's input must satisfy.",
    }),
    outputSchema: t.expose('outputSchema', {
      description: 'The JSON Schema of what it makes.',
      type: 'JSON',
      nullable: true,
    }),
  }),
});

const APP_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** An app's own id, or the app a global id names. */
const appId = (id: string): string => stringIdOf(id, 'KreaNodeApp', 'Krea', (value) => APP_ID.test(value));

const ExecutePayloadRef = builder.objectRef<{ jobs: KreaJobModel[] }>('ExecuteKreaNodeAppPayload').implement({
  description: 'What executeKreaNodeApp answers.',
  fields: (t) => ({ jobs: t.expose('jobs', { type: [KreaJobRef], description: 'The jobs Krea started for it.' }) }),
});

/** Node app schemas come from Krea: compiled once per distinct schema, not per request. */
const schemas = new Map<string, JsonSchema>();

function sharedSchema(schema: Record<string, unknown>): JsonSchema {
  const text = JSON.stringify(schema);
  const digest = createHash('sha256').update(text).digest('hex');
  let known = schemas.get(digest);
  if (!known) {
    if (schemas.size >= 256) schemas.delete(schemas.keys().next().value!);
    known = JSON.parse(text) as JsonSchema;
    schemas.set(digest, known);
  }
  return known;
}

builder.queryField('kreaNodeApp', (t) =>
  t.field({
    type: KreaNodeAppRef,
    nullable: true,
    description: "Krea's GET /node-apps/{id}; null when unknown.",
    args: {
      id: t.arg.string({
        description: "Krea's node app id (its providerId), or its global id.",
        required: true,
        extensions: NAMES_UPSTREAM_OBJECTS,
      }),
    },
    resolve: (_root, { id }, context) => kreaOf(context).loaders.nodeApp.load(appId(id)),
  }),
);

builder.mutationField('executeKreaNodeApp', (t) =>
  t.field({
    type: ExecutePayloadRef,
    description: "Krea's POST /node-apps/{id}/execute; input is checked against the app's inputSchema first.",
    extensions: PAID_MUTATION,
    args: {
      id: t.arg.string({
        description: "Krea's node app id (its providerId), or its global id.",
        required: true,
        extensions: NAMES_UPSTREAM_OBJECTS,
      }),
      input: t.arg({ description: "The app's input, checked against its inputSchema.", type: 'JSON', required: true }),
      idempotencyKey: t.arg.string({
        description: 'Any 1 to 255 printable characters; the same key runs once.',
        required: false,
      }),
    },
    resolve: async (_root, args, context) => {
      const id = appId(args.id);
      const app = await kreaOf(context).loaders.nodeApp.load(id);
      if (!app) throw gatewayError('No such Krea node app', 'NOT_FOUND', { provider: 'KREA' });
      const input = args.input as JsonValue;
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw gatewayError('`input` must be an object', 'BAD_USER_INPUT', { field: 'input' });
      }
      if (app.inputSchema) {
        const problem = checkBody(sharedSchema(app.inputSchema), [], input, 'Krea');
        if (problem) {
          const field = problem.path === '' ? 'input' : `input.${problem.path}`;
          throw gatewayError(`\`${field}\` ${problem.message}`, 'BAD_USER_INPUT', { field });
        }
      }
      const krea = kreaOf(context);
      const paid: Paid<KreaJob[]> = {
        call: { path: '/node-apps/{id}/execute' },
        jobIdsOf: (started) => started.map((job) => job.job_id),
      };
      const request = `/node-apps/${id}/execute\n${JSON.stringify(input)}`;
      const jobs = await once(context, kreaScope(krea), args.idempotencyKey, request, paid, () =>
        krea.withWebhook((webhookUrl) => krea.client.executeNodeApp(id, input, { webhookUrl }), paid.jobIdsOf),
      );
      const models = jobs.map(fromKreaJob);
      krea.loaders.job.remember(models);
      return { jobs: models };
    },
  }),
);
