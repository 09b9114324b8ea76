/**
 * Argil's voices in the graph: ArgilVoice (a Node), `argilVoices` as Argil
 * lists them (GET /voices, with its filters), `createArgilVoice` (POST
 * /voices: a voice cloned from a recording, charged and sent once per
 * idempotency key) and `syncArgilVoices` (POST /voices/sync: Argil imports
 * the voices of a connected ElevenLabs or Minimax account again).
 */
import { fromArgilVoice } from '../models/videos.js';
import type { ArgilVoiceModel } from '../models/videos.js';
import { ARGIL_VOICE_GENDERS, ARGIL_VOICE_LANGUAGES, ARGIL_VOICE_PROVIDERS } from '../shapes.js';
import type { ArgilVoiceProvider } from '../shapes.js';
import { CreateArgilVoiceInput, voiceBody } from './voice-input.js';
import { builder, describedValues } from '../../../schema/builder.js';
import { oneOfValues } from '../../../schema/input-limits.js';
import { once } from '../../../schema/paid.js';
import { nodeIdField } from '../../../schema/node-id.js';
import { PAID_MUTATION } from '../../../schema/operation-cost.js';
import { argilOf, argilScope } from './context.js';

export const ArgilVoiceRef = builder.objectRef<ArgilVoiceModel>('ArgilVoice');
builder.objectType(ArgilVoiceRef, {
  description: 'An Argil voice (GET /voices).',
  interfaces: [builder.nodeInterfaceRef()],
  isTypeOf: (value) => (value as { typename?: unknown }).typename === 'ArgilVoice',
  fields: (t) => ({
    id: nodeIdField(t, 'ArgilVoice', (voice) => voice.providerId),
    providerId: t.expose('providerId', { description: "Argil's voice UUID.", type: 'UUID' }),
    name: t.exposeString('name', { description: 'Its name in Argil.' }),
    status: t.exposeString('status', { description: "Argil's status of the voice.", nullable: true }),
    sampleUrl: t.expose('sampleUrl', { description: 'A sample of the voice.', type: 'URL', nullable: true }),
    language: t.exposeString('language', { description: 'Its language, as Argil says.', nullable: true }),
    gender: t.exposeString('gender', { description: 'Its gender, as Argil says.', nullable: true }),
  }),
});

const ArgilVoiceProviderEnum = builder.enumType('ArgilVoiceProvider', {
  description: 'A voice provider an Argil workspace can connect (in its dashboard) and sync.',
  values: describedValues(ARGIL_VOICE_PROVIDERS, { ELEVEN_LABS: 'ElevenLabs.', MINIMAX: 'Minimax.' }),
});

const ArgilVoicePayloadRef = builder.objectRef<{ voice: ArgilVoiceModel }>('ArgilVoicePayload').implement({
  description: 'What createArgilVoice answers.',
  fields: (t) => ({ voice: t.expose('voice', { type: ArgilVoiceRef, description: 'The voice as Argil answered.' }) }),
});

const SyncArgilVoicesPayloadRef = builder
  .objectRef<{ provider: ArgilVoiceProvider | null }>('SyncArgilVoicesPayload')
  .implement({
    description: 'What syncArgilVoices answers once Argil has synced: read argilVoices for the result.',
    fields: (t) => ({
      provider: t.expose('provider', {
        type: ArgilVoiceProviderEnum,
        nullable: true,
        description: 'The provider synced; null: every connected one.',
      }),
    }),
  });

builder.queryField('argilVoices', (t) =>
  t.field({
    type: [ArgilVoiceRef],
    description: "Argil's GET /voices, as it lists them.",
    args: {
      language: t.arg.string({ required: false, description: 'ENGLISH, FRENCH, … as Argil names them.' }),
      gender: t.arg.string({ required: false, description: 'MALE or FEMALE.' }),
    },
    resolve: async (_root, args, context) => {
      const filters = {
        language: oneOfValues('language', args.language, ARGIL_VOICE_LANGUAGES),
        gender: oneOfValues('gender', args.gender, ARGIL_VOICE_GENDERS),
      };
      const voices = (await argilOf(context).client.listVoices(filters)).map(fromArgilVoice);
      argilOf(context).loaders.voice.remember(voices);
      return voices;
    },
  }),
);

builder.mutationFields((t) => ({
  createArgilVoice: t.field({
    type: ArgilVoicePayloadRef,
    description:
      "Argil's POST /voices: a voice cloned from a recording, ready at once; never sent twice for one idempotencyKey (same credential, 24 h).",
    extensions: PAID_MUTATION,
    args: {
      input: t.arg({
        description: 'The recording, a name, and the model.',
        type: CreateArgilVoiceInput,
        required: true,
      }),
      idempotencyKey: t.arg.string({
        description: 'Any 1 to 255 printable characters; the same key gets the first voice instead of a new one.',
        required: false,
      }),
    },
    resolve: async (_root, args, context) => {
      const body = voiceBody(args.input);
      const created = await once(
        context,
        argilScope(argilOf(context)),
        args.idempotencyKey,
        `argil:voice\n${JSON.stringify(body)}`,
        { call: { kind: 'argilVoice' }, jobIdsOf: () => [] },
        () => argilOf(context).client.createVoice(body),
      );
      const voice = fromArgilVoice(created);
      argilOf(context).loaders.voice.remember([voice]);
      return { voice };
    },
  }),
  syncArgilVoices: t.field({
    type: SyncArgilVoicesPayloadRef,
    description:
      "Argil's POST /voices/sync: imports again the voices of a provider connected in Argil's dashboard (a provider not connected is BAD_USER_INPUT).",
    args: {
      provider: t.arg({
        type: ArgilVoiceProviderEnum,
        required: false,
        description: 'The one to sync; every connected one when absent.',
      }),
    },
    resolve: async (_root, { provider }, context) => {
      await argilOf(context).client.syncVoices(provider ?? undefined);
      return { provider: provider ?? null };
    },
  }),
}));
