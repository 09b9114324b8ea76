/**
 * Making media with Krea: `generateKreaImage`, `generateKreaVideo` and
 * `enhanceKreaImage`, each over a @oneOf input with one member per endpoint
 * of Krea's document (generated/operations.ts, generated; the
 * naming rule is the schema contract's). A call sets exactly one member; its
 * value becomes the body under Krea's names, is checked against the
 * endpoint's JSON Schema before any upstream call, and goes out as one POST,
 * never retried. An idempotency key makes a lost answer safe to ask again.
 */
import { checkBody, toBody } from '../../../openapi/body.js';
import type { BodyField, BodyType, JsonSchema, JsonValue } from '../../../openapi/body-fields.js';
import type { KreaGeneration, Modality } from '../document.js';
import { KREA_GENERATIONS } from '../generated/operations.js';
import { fromKreaJob } from '../models/jobs.js';
import type { KreaJobModel } from '../models/jobs.js';
import type { RequestContext } from '../../../context.js';
import type { KreaJob } from '../shapes.js';
import { once } from '../../../schema/paid.js';
import type { Paid } from '../../../schema/paid.js';
import { builder } from '../../../schema/builder.js';
import { PAID_MUTATION } from '../../../schema/operation-cost.js';
import { gatewayError } from '../../../schema/errors.js';
import { KreaJobRef } from './jobs.js';
import { kreaOf, kreaScope } from './context.js';

export type InputValue = Record<string, unknown>;
type InputRef = ReturnType<typeof builder.inputRef<InputValue>>;
type SchemaTypesOf = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
type FieldBuilder = PothosSchemaTypes.InputFieldBuilder<SchemaTypesOf, 'InputObject'>;

const inputs = new Map<string, InputRef>();

/** One input type per object of the document, made once whatever uses it. */
export function inputFor(typeName: string, fields: readonly BodyField[], description?: string): InputRef {
  const known = inputs.get(typeName);
  if (known) return known;
  const ref = builder.inputRef<InputValue>(typeName);
  inputs.set(typeName, ref);
  ref.implement({
    description,
    fields: (t) => Object.fromEntries(fields.map((field) => [field.name, inputField(t, field)])),
  });
  return ref;
}

/** A field of a document-made input; its value is checked against the document's schema, not by type. */
type DocumentField = PothosSchemaTypes.InputFieldRef<SchemaTypesOf, {} | null | undefined>;

function inputField(t: FieldBuilder, field: BodyField): DocumentField {
  const { description, required } = field;
  const type = field.type;
  let ref: unknown;
  const part = `Krea's \`${field.property}\` object.`;
  if (type.kind === 'object')
    ref = t.field({ type: inputFor(type.typeName, type.fields, part), required, description });
  else if (type.kind === 'list') {
    const item = listItem(type.of, `One item of Krea's \`${field.property}\` list.`);
    const list = { list: required, items: true } as const;
    ref =
      typeof item === 'string'
        ? t.field({ type: [item], required: list, description })
        : t.field({ type: [item], required: list, description });
  } else ref = t.field({ type: type.scalar, required, description });
  // Pothos types a JSON field's value as unknown, which its shape types cannot hold.
  return ref as DocumentField;
}

/** What a list holds: a scalar by name or an input type; a list of lists is JSON. */
function listItem(
  type: BodyType,
  description: string,
): 'String' | 'Int' | 'Float' | 'Boolean' | 'URL' | 'JSON' | InputRef {
  if (type.kind === 'scalar') return type.scalar;
  if (type.kind === 'object') return inputFor(type.typeName, type.fields, description);
  return 'JSON';
}

const ONE_OF_INPUTS: Record<Modality, { name: string; description: string }> = {
  image: { name: 'KreaImageGenerationInput', description: "One of Krea's image models: set exactly one." },
  video: { name: 'KreaVideoGenerationInput', description: "One of Krea's video models: set exactly one." },
  enhance: { name: 'KreaImageEnhanceInput', description: "One of Krea's image enhancers: set exactly one." },
};

function oneOfInput(modality: Modality) {
  const generations = KREA_GENERATIONS.filter((generation) => generation.modality === modality);
  return builder.inputType(ONE_OF_INPUTS[modality].name, {
    description: ONE_OF_INPUTS[modality].description,
    isOneOf: true,
    fields: (t) =>
      Object.fromEntries(
        generations.map((generation) => [
          generation.member,
          t.field({
            type: inputFor(generation.typeName, generation.fields, `The body of POST ${generation.path}.`),
            required: false,
            description: `POST ${generation.path}${generation.summary ? `: ${generation.summary}` : ''}`,
          }),
        ]),
      ),
  });
}

const BY_MEMBER = new Map(
  KREA_GENERATIONS.map((generation) => [`${generation.modality}:${generation.member}`, generation]),
);

export const KreaGenerationPayloadRef = builder.objectRef<{ job: KreaJobModel }>('KreaGenerationPayload').implement({
  description: 'What a generation mutation answers.',
  fields: (t) => ({
    job: t.expose('job', {
      type: KreaJobRef,
      description: 'The job Krea started; watch it with jobUpdates or kreaJobUpdates.',
    }),
  }),
});

/** The one member a @oneOf value sets (graphql-js enforces it; checked again for any other executor). */
export function oneMember(input: InputValue, inputName: string): [string, InputValue] {
  const set = Object.entries(input).filter(([, value]) => value !== null && value !== undefined);
  if (set.length !== 1) {
    throw gatewayError(`Set exactly one member of ${inputName}`, 'BAD_USER_INPUT', { field: 'input' });
  }
  const [member, value] = set[0]!;
  return [member, value as InputValue];
}

function chosenMember(modality: Modality, input: InputValue): { generation: KreaGeneration; value: InputValue } {
  const [member, value] = oneMember(input, ONE_OF_INPUTS[modality].name);
  const generation = BY_MEMBER.get(`${modality}:${member}`);
  if (!generation) throw gatewayError('Unknown model', 'BAD_USER_INPUT', { field: 'input' });
  return { generation, value };
}

/** What a validated POST goes to and is checked against. */
export interface JobTarget {
  path: string;
  fields: readonly BodyField[];
  schema: JsonSchema;
  /** Where the value sits in the mutation's arguments, for error paths (`input.bflFlux1Dev`). */
  at: string;
}

/** The body for `value`, checked against the target's schema: BAD_USER_INPUT naming the field otherwise. */
export function checkedBody(target: Omit<JobTarget, 'path'>, value: InputValue): { [key: string]: JsonValue } {
  const body = toBody(target.fields, value);
  const problem = checkBody(target.schema, target.fields, body, 'Krea');
  if (problem) {
    const field = problem.path === '' ? target.at : `${target.at}.${problem.path}`;
    throw gatewayError(`\`${field}\` ${problem.message}`, 'BAD_USER_INPUT', { field });
  }
  return body;
}

/** Checks, then one POST that starts a job (or the job an earlier call with the same idempotency key started). */
export async function startKreaJob(
  context: RequestContext,
  target: JobTarget,
  value: InputValue,
  idempotencyKey: string | null | undefined,
): Promise<{ job: KreaJobModel }> {
  const body = checkedBody(target, value);
  const krea = kreaOf(context);
  const paid: Paid<KreaJob> = { call: { path: target.path }, jobIdsOf: (started) => [started.job_id] };
  const job = await once(
    context,
    kreaScope(krea),
    idempotencyKey,
    `${target.path}\n${JSON.stringify(body)}`,
    paid,
    () => krea.withWebhook((webhookUrl) => krea.client.startJob(target.path, body, { webhookUrl }), paid.jobIdsOf),
  );
  const model = fromKreaJob(job);
  krea.loaders.job.remember([model]);
  return { job: model };
}

export function startGeneration(
  context: RequestContext,
  modality: Modality,
  input: InputValue,
  idempotencyKey: string | null | undefined,
): Promise<{ job: KreaJobModel }> {
  const { generation, value } = chosenMember(modality, input);
  return startKreaJob(context, { ...generation, at: `input.${generation.member}` }, value, idempotencyKey);
}

const MUTATIONS: Array<{ field: string; modality: Modality; description: string }> = [
  {
    field: 'generateKreaImage',
    modality: 'image',
    description: "One of Krea's image models; never sent twice for one idempotencyKey (same credential, 24 h).",
  },
  {
    field: 'generateKreaVideo',
    modality: 'video',
    description: "One of Krea's video models (idempotencyKey as above).",
  },
  {
    field: 'enhanceKreaImage',
    modality: 'enhance',
    description: "One of Krea's image enhancers (idempotencyKey as above).",
  },
];

for (const { field, modality, description } of MUTATIONS) {
  const Input = oneOfInput(modality);
  builder.mutationField(field, (t) =>
    t.field({
      type: KreaGenerationPayloadRef,
      description,
      extensions: PAID_MUTATION,
      args: {
        input: t.arg({
          description: 'The model and its parameters: set exactly one member.',
          type: Input,
          required: true,
        }),
        idempotencyKey: t.arg.string({
          required: false,
          description: 'Any 1 to 255 printable characters; the same key gets the first job instead of a new one.',
        }),
      },
      resolve: (_root, args, context) =>
        startGeneration(context, modality, args.input as InputValue, args.idempotencyKey),
    }),
  );
}
