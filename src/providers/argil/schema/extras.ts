/**
 * Argil's `extras`: string pairs of the caller's own that Argil keeps with a
 * video or an avatar (and hands back in its webhook events). Checked before
 * any call: an object of strings of at most 256 characters, keys included.
 */
import { gatewayError } from '../../../schema/errors.js';

/** Characters of one key or value. */
const MAX_LENGTH = 256;

/** `value` as extras, or BAD_USER_INPUT naming `field`; at most `maxPairs` pairs when given. */
export function checkedExtras(field: string, value: unknown, maxPairs?: number): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw gatewayError(`\`${field}\` must be an object of strings`, 'BAD_USER_INPUT', { field });
  }
  const entries = Object.entries(value as Record<string, unknown>);
  for (const [key, item] of entries) {
    if (typeof item !== 'string' || item.length > MAX_LENGTH || key.length > MAX_LENGTH) {
      throw gatewayError(`\`${field}\` takes strings of at most ${MAX_LENGTH} characters`, 'BAD_USER_INPUT', { field });
    }
  }
  if (maxPairs !== undefined && entries.length > maxPairs) {
    throw gatewayError(`\`${field}\` takes at most ${maxPairs} pairs`, 'BAD_USER_INPUT', { field });
  }
  return value as Record<string, string>;
}
