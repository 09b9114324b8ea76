/**
 * What every provider's response shapes are made of (zod): ids and instants
 * as the gateway keeps them. Each provider's own shapes are in its folder
 * (`providers/<name>/shapes.ts`), from its document.
 */
import { z } from 'zod';

// Lenient on the UUID version nibble: providers are not bound to RFC 4122 variants.
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Lower-cased here, once: one object has one id whatever case a provider writes it in. */
export const uuidShape = z
  .string()
  .regex(UUID_PATTERN)
  .transform((id) => id.toLowerCase());

/**
 * RFC 3339's date-time, as the documents declare it, with numbers in range
 * and a `T` (with a space V8 reads it by other rules): every string it
 * matches, Date.parse reads (test/providers/shapes.test.ts).
 */
export const RFC_3339_PATTERN =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])[Tt](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?$/;

/**
 * An instant: whatever Date.parse reads. The pattern answers the usual
 * strings first, a zod regex being several times cheaper than a refine
 * (a page of 20 assets paid ~5 µs for it); the refine decides the rest.
 */
export const dateTimeShape = z.union([
  z.string().regex(RFC_3339_PATTERN),
  z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'expected a date-time'),
]);

/** A body nobody relies on (DELETE answers): anything, or nothing, is fine. */
export const anyBodyShape = z.unknown();
