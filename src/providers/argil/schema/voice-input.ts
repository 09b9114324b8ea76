/**
 * createArgilVoice's input and the body of Argil's POST /voices made from
 * it. Argil's settings differ per model family (docs.argil.ai,
 * voices.create: ElevenLabs v3, the other ElevenLabs models, Minimax), so
 * the model is a @oneOf of the three, each with only its own settings and
 * ranges, checked before any call. They go out flat under Argil's names
 * (`modelId`, `voiceStability`, …); without a model Argil picks its default.
 */
import type { ArgilVoiceBody } from '../workspace.js';
import { ARGIL_ELEVEN_LABS_MODELS, ARGIL_MINIMAX_MODELS } from '../shapes.js';
import { builder } from '../../../schema/builder.js';
import { gatewayError } from '../../../schema/errors.js';
import { checkHttpsUrl, checkLength, checkRange, INPUT_LIMITS } from '../../../schema/input-limits.js';

/** `speech-2.5-hd-preview` → SPEECH_2_5_HD_PREVIEW: GraphQL names cannot hold `.` or `-`. */
const modelValues = (ids: readonly string[]) =>
  Object.fromEntries(
    ids.map((id) => [id.toUpperCase().replace(/[^A-Z0-9]+/g, '_'), { value: id, description: `Argil's \`${id}\`.` }]),
  );

const ElevenLabsModelEnum = builder.enumType('ArgilElevenLabsModel', {
  description: 'ElevenLabs models Argil clones with (eleven_v3 has settings of its own: elevenLabsV3).',
  values: modelValues(ARGIL_ELEVEN_LABS_MODELS),
});

const MinimaxModelEnum = builder.enumType('ArgilMinimaxModel', {
  description: 'Minimax models Argil clones with.',
  values: modelValues(ARGIL_MINIMAX_MODELS),
});

interface ElevenLabsSettings {
  stability?: number | null;
  similarity?: number | null;
  style?: number | null;
  speed?: number | null;
}

const ElevenLabsV3Input = builder.inputType('ArgilElevenLabsV3VoiceInput', {
  description: 'ElevenLabs v3 (eleven_v3); Argil has no speaker boost for it.',
  fields: (t) => ({
    stability: t.float({ required: false, description: '0 to 1 (Argil: 0.5): higher is steadier, lower livelier.' }),
    similarity: t.float({ required: false, description: '0 to 1 (Argil: 0.5): clarity and likeness to the sample.' }),
    style: t.float({ required: false, description: '0 to 1 (Argil: 0): style exaggeration.' }),
    speed: t.float({ required: false, description: '0.7 to 1.2 (Argil: 1).' }),
  }),
});

const ElevenLabsInput = builder.inputType('ArgilElevenLabsVoiceInput', {
  description: 'The other ElevenLabs models.',
  fields: (t) => ({
    model: t.field({
      type: ElevenLabsModelEnum,
      required: true,
      description: 'Which one (ELEVEN_MULTILINGUAL_V2 is Argil’s pick).',
    }),
    stability: t.float({ required: false, description: '0 to 1 (Argil: 0.8): higher is steadier, lower livelier.' }),
    similarity: t.float({ required: false, description: '0 to 1 (Argil: 0.5): clarity and likeness to the sample.' }),
    style: t.float({ required: false, description: '0 to 1 (Argil: 0): style exaggeration.' }),
    speed: t.float({ required: false, description: '0.7 to 1.2 (Argil: 1).' }),
    speakerBoost: t.boolean({ required: false, description: 'Closer to the speaker (Argil: true).' }),
  }),
});

const MinimaxInput = builder.inputType('ArgilMinimaxVoiceInput', {
  description: 'Minimax models.',
  fields: (t) => ({
    model: t.field({
      type: MinimaxModelEnum,
      required: true,
      description: 'Which one (SPEECH_2_8_HD is Argil’s pick).',
    }),
    speed: t.float({ required: false, description: '0.5 to 2.' }),
    languageBoost: t.string({
      required: false,
      description: 'A language to favour, as Minimax names it (at most 64 characters).',
    }),
    emotion: t.string({
      required: false,
      description: 'A delivery, as Minimax names it: happy, sad, neutral, … (at most 32 characters).',
    }),
  }),
});

const VoiceModelInput = builder.inputType('ArgilVoiceModelInput', {
  description: 'The model that speaks with the voice, and its settings: set exactly one.',
  isOneOf: true,
  fields: (t) => ({
    elevenLabsV3: t.field({ type: ElevenLabsV3Input, required: false, description: 'ElevenLabs v3.' }),
    elevenLabs: t.field({ type: ElevenLabsInput, required: false, description: 'Another ElevenLabs model.' }),
    minimax: t.field({ type: MinimaxInput, required: false, description: 'A Minimax model.' }),
  }),
});

export const CreateArgilVoiceInput = builder.inputType('CreateArgilVoiceInput', {
  description: "Argil's POST /voices: a voice cloned from a recording.",
  fields: (t) => ({
    name: t.string({ required: true, description: '1 to 256 characters.' }),
    audioUrl: t.field({
      type: 'URL',
      required: true,
      description: 'An https URL of the recording (MP3, WAV or M4A, 30 s to 4 min) that Argil downloads.',
    }),
    model: t.field({
      type: VoiceModelInput,
      required: false,
      description: "Who speaks with it, and how; Argil's default (speech-2.5-hd-preview) when absent.",
    }),
  }),
});

export interface VoiceInput {
  name: string;
  audioUrl: unknown;
  model?: {
    elevenLabsV3?: ElevenLabsSettings | null;
    elevenLabs?: (ElevenLabsSettings & { model: string; speakerBoost?: boolean | null }) | null;
    minimax?: { model: string; speed?: number | null; languageBoost?: string | null; emotion?: string | null } | null;
  } | null;
}

function elevenLabs(at: string, settings: ElevenLabsSettings): Partial<ArgilVoiceBody> {
  const body: Partial<ArgilVoiceBody> = {};
  if (settings.stability != null) body.voiceStability = checkRange(`${at}.stability`, settings.stability, 0, 1);
  if (settings.similarity != null) body.voiceSimilarity = checkRange(`${at}.similarity`, settings.similarity, 0, 1);
  if (settings.style != null) body.voiceStyle = checkRange(`${at}.style`, settings.style, 0, 1);
  if (settings.speed != null) body.voiceSpeed = checkRange(`${at}.speed`, settings.speed, 0.7, 1.2);
  return body;
}

function modelSettings(model: NonNullable<VoiceInput['model']>): Partial<ArgilVoiceBody> {
  const set = Object.entries(model).filter(([, value]) => value != null);
  if (set.length !== 1) {
    throw gatewayError('`input.model` takes exactly one model', 'BAD_USER_INPUT', { field: 'input.model' });
  }
  const { elevenLabsV3, elevenLabs: other, minimax } = model;
  if (elevenLabsV3) return { modelId: 'eleven_v3', ...elevenLabs('input.model.elevenLabsV3', elevenLabsV3) };
  if (other) {
    const body: Partial<ArgilVoiceBody> = { modelId: other.model, ...elevenLabs('input.model.elevenLabs', other) };
    if (other.speakerBoost != null) body.speakerBoost = other.speakerBoost;
    return body;
  }
  return minimaxSettings(minimax!);
}

function minimaxSettings(settings: NonNullable<NonNullable<VoiceInput['model']>['minimax']>): Partial<ArgilVoiceBody> {
  const at = 'input.model.minimax';
  const body: Partial<ArgilVoiceBody> = { modelId: settings.model };
  if (settings.speed != null) body.voiceSpeed = checkRange(`${at}.speed`, settings.speed, 0.5, 2);
  if (settings.languageBoost != null) {
    checkLength(`${at}.languageBoost`, settings.languageBoost, 64, 1);
    body.languageBoost = settings.languageBoost;
  }
  if (settings.emotion != null) {
    checkLength(`${at}.emotion`, settings.emotion, 32, 1);
    body.emotion = settings.emotion;
  }
  return body;
}

export function voiceBody(input: VoiceInput): ArgilVoiceBody {
  checkLength('input.name', input.name, INPUT_LIMITS.nameLength, 1);
  const audioUrl = checkHttpsUrl('input.audioUrl', String(input.audioUrl)).href;
  return { name: input.name, audioUrl, ...(input.model != null && modelSettings(input.model)) };
}
