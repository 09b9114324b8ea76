/**
 * Opaque, versioned, checked cursors. A cursor is base64url of
 * `<version>:<kind>:<field>:…:<check>`, where `check` is an FNV-1a digest of
 * everything before it. The digest is not a secret (cursors are positions,
 * not credentials); it makes an edited or truncated cursor fail here, as
 * BAD_USER_INPUT, instead of reaching a provider as a strange request. The
 * kind makes a cursor of one connection useless in another.
 */
import { PaginationInputError } from './errors.js';

const VERSION = '1';
const FIELD = /^[A-Za-z0-9._-]*$/;

/** FNV-1a, 32 bits, as 8 hex digits: cheap and good enough to catch edits. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

export function encodeCursor(kind: string, fields: readonly (string | number)[]): string {
  const parts = [VERSION, kind, ...fields.map(String)];
  for (const part of parts) {
    if (!FIELD.test(part)) throw new Error(`cursor field "${part}" has characters a cursor cannot carry`);
  }
  const body = parts.join(':');
  return Buffer.from(`${body}:${fnv1a(body)}`, 'utf8').toString('base64url');
}

/** The fields of a cursor of `kind` with `count` fields, or a PaginationInputError. */
export function decodeCursor(kind: string, cursor: string, count: number): string[] {
  const invalid = () => new PaginationInputError(`Invalid cursor for this connection: "${cursor.slice(0, 80)}"`);
  if (cursor.length === 0 || cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const parts = text.split(':');
  const check = parts.pop();
  if (check === undefined || fnv1a(parts.join(':')) !== check) throw invalid();
  const [version, cursorKind, ...fields] = parts;
  if (version !== VERSION || cursorKind !== kind || fields.length !== count) throw invalid();
  return fields;
}

/** A field that must be a safe non-negative integer. */
export function cursorInteger(field: string | undefined): number {
  if (field === undefined || !/^\d{1,16}$/.test(field)) throw new PaginationInputError('Invalid cursor: bad number');
  const value = Number(field);
  if (!Number.isSafeInteger(value)) throw new PaginationInputError('Invalid cursor: bad number');
  return value;
}

/** A field that must be a safe integer of either sign (a timestamp in ms: items from before 1970 have negative ones). */
export function cursorTimestamp(field: string | undefined): number {
  if (field === undefined || !/^(0|-?[1-9]\d{0,15})$/.test(field)) {
    throw new PaginationInputError('Invalid cursor: bad timestamp');
  }
  const value = Number(field);
  if (!Number.isSafeInteger(value)) throw new PaginationInputError('Invalid cursor: bad timestamp');
  return value;
}
