/**
 * The sandbox's POST /voices and POST /voices/sync, from
 * argil-openapi.reconstructed.yaml and docs.argil.ai's voices.create page
 * (its settings by model). A clone needs a name of 1 to 256 characters and
 * an https `audioUrl`; `modelId` is one of the document's; each setting has
 * its model family's range (ElevenLabs: voiceStability, voiceSimilarity,
 * voiceStyle 0 to 1, voiceSpeed 0.7 to 1.2, speakerBoost but not on
 * eleven_v3; Minimax: voiceSpeed 0.5 to 2, languageBoost, emotion). It
 * answers 201 with the voice, IDLE at once. A sync takes an optional
 * `providerName`; the sandbox's workspace has ElevenLabs connected and not
 * Minimax (a sync of Minimax is a 400), and the first sync imports two
 * ElevenLabs voices.
 */
import { randomUUID } from 'node:crypto';
import type { TenantData } from '../../../sandbox/data.js';
import type { SandboxArgilVoice } from './data.js';
import type { Reply } from '../../../sandbox/server.js';

const ELEVEN_LABS = [
  'eleven_v3',
  'eleven_multilingual_v2',
  'eleven_multilingual_v1',
  'eleven_monolingual_v1',
  'eleven_turbo_v2',
  'eleven_turbo_v2_5',
  'eleven_flash_v2_5',
];
const MINIMAX = [
  'speech-2.8-hd',
  'speech-2.8-turbo',
  'speech-2.6-hd',
  'speech-2.6-turbo',
  'speech-2.5-hd-preview',
  'speech-2.5-turbo-preview',
  'speech-02-hd',
  'speech-02-turbo',
];
const CONNECTED = ['ELEVEN_LABS'];
const IMPORTED = ['Rachel', 'Adam'];

const error = (status: number, message: string): Reply => ({ status, body: { code: status, message } });

const inRange = (value: unknown, min: number, max: number) =>
  value === undefined || (typeof value === 'number' && value >= min && value <= max);

/** What the model's family refuses of the settings, if anything. */
function badSettings(body: Record<string, unknown>, modelId: string): string | undefined {
  const minimax = MINIMAX.includes(modelId);
  const { voiceStability, voiceSimilarity, voiceStyle, voiceSpeed, speakerBoost, languageBoost, emotion } = body;
  if (minimax) {
    if (voiceStability !== undefined || voiceSimilarity !== undefined || voiceStyle !== undefined) {
      return 'voiceStability, voiceSimilarity and voiceStyle are ElevenLabs settings';
    }
    if (speakerBoost !== undefined) return 'speakerBoost is an ElevenLabs setting';
    if (!inRange(voiceSpeed, 0.5, 2)) return 'voiceSpeed must be from 0.5 to 2';
    if (languageBoost !== undefined && typeof languageBoost !== 'string') return 'languageBoost is invalid';
    if (emotion !== undefined && typeof emotion !== 'string') return 'emotion is invalid';
    return undefined;
  }
  if (languageBoost !== undefined || emotion !== undefined) return 'languageBoost and emotion are Minimax settings';
  for (const [name, value] of Object.entries({ voiceStability, voiceSimilarity, voiceStyle })) {
    if (!inRange(value, 0, 1)) return `${name} must be from 0 to 1`;
  }
  if (!inRange(voiceSpeed, 0.7, 1.2)) return 'voiceSpeed must be from 0.7 to 1.2';
  if (speakerBoost !== undefined && (typeof speakerBoost !== 'boolean' || modelId === 'eleven_v3')) {
    return 'speakerBoost is not available for this model';
  }
  return undefined;
}

export function createVoice(input: unknown, data: TenantData): Reply {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return error(400, 'body must be an object');
  const body = input as Record<string, unknown>;
  const { name, audioUrl, modelId = 'speech-2.5-hd-preview' } = body;
  if (typeof name !== 'string' || name.length < 1 || name.length > 256) return error(400, 'name is invalid');
  if (typeof audioUrl !== 'string' || !/^https:\/\/\S+$/.test(audioUrl)) return error(400, 'audioUrl must be https');
  if (typeof modelId !== 'string' || ![...ELEVEN_LABS, ...MINIMAX].includes(modelId)) {
    return error(400, 'modelId is invalid');
  }
  const bad = badSettings(body, modelId);
  if (bad) return error(400, bad);
  const id = randomUUID();
  const now = new Date().toISOString();
  const voice: SandboxArgilVoice = {
    id,
    name,
    status: 'IDLE',
    sampleUrl: `${data.files.argil}/voices/${id}.mp3`,
    language: null,
    gender: null,
    createdAt: now,
    request: body,
  };
  data.argilVoices.push(voice);
  const { request: _request, ...shown } = voice;
  return { status: 201, body: { ...shown, updatedAt: now } };
}

export function syncVoices(input: unknown, data: TenantData): Reply {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return error(400, 'body must be an object');
  const { providerName } = input as Record<string, unknown>;
  if (providerName !== undefined && providerName !== 'ELEVEN_LABS' && providerName !== 'MINIMAX') {
    return error(400, 'providerName must be ELEVEN_LABS or MINIMAX');
  }
  if (providerName !== undefined && !CONNECTED.includes(providerName)) {
    return error(400, `No ${providerName} account is connected`);
  }
  data.argilVoiceSyncs.push(input as Record<string, unknown>);
  const now = new Date().toISOString();
  for (const name of IMPORTED) {
    if (data.argilVoices.some((voice) => voice.name === `ElevenLabs ${name}`)) continue;
    const id = randomUUID();
    data.argilVoices.push({
      id,
      name: `ElevenLabs ${name}`,
      status: 'IDLE',
      sampleUrl: `${data.files.argil}/voices/${id}.mp3`,
      language: 'ENGLISH',
      gender: name === 'Rachel' ? 'FEMALE' : 'MALE',
      createdAt: now,
    });
  }
  return { status: 200, body: { message: 'Voices synced' } };
}
