/**
 * Checks of inputs made before any upstream call: lengths of free text
 * (README, "Limits"), URLs, documented values and ranges. A provider refuses
 * what is wrong anyway, but only after the body went out; a URL of a
 * megabyte is no URL anyone means.
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

/** An https URL (what Argil's document requires of the files it downloads), or BAD_USER_INPUT naming `field`. */
export function checkHttpsUrl(field: string, value: string): URL {
  const url = checkHttpUrl(field, value);
  if (url.protocol !== 'https:') throw gatewayError(`\`${field}\` must be an https URL`, 'BAD_USER_INPUT', { field });
  return url;
}

/** A filter value a provider documents, or BAD_USER_INPUT before any call. */
export function oneOfValues(
  field: string,
  value: string | null | undefined,
  allowed: readonly string[],
): string | undefined {
  if (value == null) return undefined;
  if (!allowed.includes(value)) {
    throw gatewayError(`\`${field}\` must be one of ${allowed.join(', ')}`, 'BAD_USER_INPUT', { field });
  }
  return value;
}

/** A number from `min` to `max`, or BAD_USER_INPUT naming `field`. */
export function checkRange(field: string, value: number, min: number, max: number): number {
  if (!(value >= min && value <= max)) {
    throw gatewayError(`\`${field}\` must be from ${min} to ${max}`, 'BAD_USER_INPUT', { field });
  }
  return value;
}
