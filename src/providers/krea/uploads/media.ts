/**
 * What Krea accepts (its POST /assets: JPEG, PNG, WebP, HEIC, MP4, MOV,
 * WebM, GLB, WAV, MP3; at most 75 MB), judged from a file's leading bytes by
 * file-type, not from its name or declared type.
 */

/** 75 MiB: Krea says "75MB"; the larger reading, so Krea's own check decides at the edge. */
export const KREA_MAX_UPLOAD_BYTES = 75 * 1024 * 1024;

/** file-type's detection needs at most this many leading bytes. */
export const SNIFF_BYTES = 4100;

const ALLOWED: Record<string, string> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'image/heic': 'HEIC',
  'image/heif': 'HEIC',
  'video/mp4': 'MP4',
  'video/quicktime': 'MOV',
  'video/webm': 'WebM',
  'model/gltf-binary': 'GLB',
  'audio/wav': 'WAV',
  'audio/x-wav': 'WAV',
  'audio/vnd.wave': 'WAV',
  'audio/wave': 'WAV',
  'audio/mpeg': 'MP3',
};

export interface SniffedMedia {
  mime: string;
  extension: string;
}

/** The media type of `head` when Krea accepts it, else undefined. */
export async function sniffKreaMedia(head: Uint8Array): Promise<SniffedMedia | undefined> {
  // Loaded with the first upload: most processes never take one.
  const { fileTypeFromBuffer } = await import('file-type');
  const detected = await fileTypeFromBuffer(head);
  if (!detected || ALLOWED[detected.mime] === undefined) return undefined;
  return { mime: detected.mime, extension: detected.ext };
}

export const KREA_MEDIA_NAMES = [...new Set(Object.values(ALLOWED))].join(', ');
