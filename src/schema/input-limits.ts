/**
 * Lengths of free-text inputs, checked before any upstream call (README,
 * "Limits"). A provider refuses what is too long anyway, but only after the
 * body went out; a URL of a megabyte is no URL anyone means.
 */
import { gatewayError } from './errors.js';

export const INPUT_LIMITS = {
  /** Characters of any URL argument. */
  urlLength: 2_048,
  /** Characters of an Argil asset name (Argil's own limit). */
  nameLength: 256,
  /** Characters of a Krea asset description. */
  descriptionLength: 2_000,
} as const;

/** Characters as a person counts them (code points), from `min` to `max`; BAD_USER_INPUT naming `field` otherwise. */
export function checkLength(field: string, value: string, max: number, min = 0): void {
  // Long strings are refused on their UTF-16 length first: no need to walk a megabyte.
  const length = value.length > max * 2 ? value.length : [...value].length;
  if (length < min || length > max) {
    const range = min > 0 ? `${min} to ${max}` : `at most ${max}`;
    throw gatewayError(`\`${field}\` must be ${range} characters, got ${length}`, 'BAD_USER_INPUT', { field });
  }
}

/** An http(s) URL of at most `INPUT_LIMITS.urlLength` characters, or BAD_USER_INPUT naming `field`. */
export function checkHttpUrl(field: string, value: string): URL {
  checkLength(field, value, INPUT_LIMITS.urlLength);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw gatewayError(`\`${field}\` must be a URL`, 'BAD_USER_INPUT', { field });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw gatewayError(`\`${field}\` must be an http or https URL`, 'BAD_USER_INPUT', { field });
  }
  return url;
}
