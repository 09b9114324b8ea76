/**
 * The body of Argil's POST /avatars (AvatarCreateArgsImage) from
 * createArgilAvatar's input, checked as the document says before any call:
 * a name of 1 to 256 characters, exactly one image (an https URL, or a
 * base64 data URI of a PNG, JPEG or WebP of at most 10 MB), a voice named
 * either way (provider-id.ts), at most 10 extras.
 */
import type { ArgilAvatarBody } from '../workspace.js';
import { checkedExtras } from './extras.js';
import { gatewayError } from '../../../schema/errors.js';
import { checkHttpsUrl, checkLength, INPUT_LIMITS } from '../../../schema/input-limits.js';
import { uuidOf } from '../../../schema/provider-id.js';
import type { UuidInput } from '../../../schema/provider-id.js';

/** The document's limit on the image (10 MB), as the characters of its base64. */
export const MAX_AVATAR_IMAGE_BYTES = 10 * 1024 * 1024;
const MAX_BASE64_CHARS = Math.ceil(MAX_AVATAR_IMAGE_BYTES / 3) * 4;
const DATA_URI = /^data:image\/(?:png|jpeg|jpg|webp);base64,[A-Za-z0-9+/]+={0,2}$/;

export interface AvatarInput {
  name: string;
  image: { url?: unknown; base64?: string | null };
  voiceId?: UuidInput | null;
  extras?: unknown;
}

function datasetImage(image: AvatarInput['image']): ArgilAvatarBody['datasetImage'] {
  const hasUrl = image.url != null;
  if (hasUrl === (image.base64 != null)) {
    throw gatewayError('`input.image` takes exactly one of url and base64', 'BAD_USER_INPUT', { field: 'input.image' });
  }
  if (hasUrl) return { url: checkHttpsUrl('input.image.url', String(image.url)).href };
  const base64 = image.base64!;
  const field = 'input.image.base64';
  if (base64.length > MAX_BASE64_CHARS + 32) {
    throw gatewayError(`\`${field}\` holds more than ${MAX_AVATAR_IMAGE_BYTES} bytes`, 'BAD_USER_INPUT', { field });
  }
  // Never echoed back: the message says what is expected, not what came.
  if (!DATA_URI.test(base64)) {
    throw gatewayError(`\`${field}\` must be a data URI: data:image/png|jpeg|webp;base64,…`, 'BAD_USER_INPUT', {
      field,
    });
  }
  return { base64 };
}

export function avatarBody(input: AvatarInput): ArgilAvatarBody {
  checkLength('input.name', input.name, INPUT_LIMITS.nameLength, 1);
  const body: ArgilAvatarBody = { type: 'IMAGE', name: input.name, datasetImage: datasetImage(input.image) };
  if (input.voiceId != null) body.voiceId = uuidOf(input.voiceId, 'ArgilVoice', 'input.voiceId');
  if (input.extras != null) body.extras = checkedExtras('input.extras', input.extras, 10);
  return body;
}
