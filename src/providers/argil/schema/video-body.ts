/**
 * The body of Argil's POST /videos from createArgilVideo's input: checked
 * against Argil's VideoCreateArgs (its document) and the gateway's own
 * limits before any call, avatars and voices named either way (provider-id.ts).
 */
import { ARGIL_REQUEST_BODIES } from '../generated/operations.js';
import { checkBody } from '../../../openapi/body.js';
import type { JsonValue } from '../../../openapi/body-fields.js';
import { checkedExtras } from './extras.js';
import { gatewayError } from '../../../schema/errors.js';
import { checkHttpUrl, checkLength } from '../../../schema/input-limits.js';
import { uuidOf } from '../../../schema/provider-id.js';
import type { UuidInput } from '../../../schema/provider-id.js';

/** The POST /videos body, checked against Argil's VideoCreateArgs and the gateway's own limits. */
export function videoBody(input: {
  name: string;
  moments: Array<{
    transcript?: string | null;
    audioUrl?: unknown;
    avatarId: UuidInput;
    voiceId?: UuidInput | null;
    gestureSlug?: string | null;
  }>;
  aspectRatio?: string | null;
  model?: string | null;
  extras?: unknown;
}): { [key: string]: JsonValue } {
  checkLength('input.name', input.name, 256, 1);
  if (input.moments.length === 0)
    throw gatewayError('`input.moments` needs at least one moment', 'BAD_USER_INPUT', { field: 'input.moments' });
  const moments = input.moments.map((moment, i) => {
    const at = `input.moments[${i}]`;
    const hasTranscript = moment.transcript != null && moment.transcript !== '';
    if (hasTranscript === (moment.audioUrl != null)) {
      throw gatewayError(`\`${at}\` needs exactly one of transcript and audioUrl`, 'BAD_USER_INPUT', { field: at });
    }
    if (hasTranscript) checkLength(`${at}.transcript`, moment.transcript!, 250);
    const body: { [key: string]: JsonValue } = { avatarId: uuidOf(moment.avatarId, 'ArgilAvatar', `${at}.avatarId`) };
    if (hasTranscript) body.transcript = moment.transcript!;
    else body.audioUrl = checkHttpUrl(`${at}.audioUrl`, String(moment.audioUrl)).href;
    if (moment.voiceId != null) body.voiceId = uuidOf(moment.voiceId, 'ArgilVoice', `${at}.voiceId`);
    if (moment.gestureSlug != null) body.gestureSlug = moment.gestureSlug;
    return body;
  });
  const body: { [key: string]: JsonValue } = { name: input.name, moments };
  if (input.aspectRatio != null) body.aspectRatio = input.aspectRatio;
  if (input.model != null) body.model = input.model;
  if (input.extras != null) body.extras = checkedExtras('input.extras', input.extras);
  const problem = checkBody(ARGIL_REQUEST_BODIES['POST /videos'], [], body, 'Argil');
  if (problem) {
    const field = problem.path === '' ? 'input' : `input.${problem.path.replace(/\.(\d+)(?=\.|$)/g, '[$1]')}`;
    throw gatewayError(`\`${field}\` ${problem.message}`, 'BAD_USER_INPUT', { field });
  }
  return body;
}
