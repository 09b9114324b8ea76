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

export const dateTimeShape = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'expected a date-time');

/** A body nobody relies on (DELETE answers): anything, or nothing, is fine. */
export const anyBodyShape = z.unknown();
