/**
 * Relay connection arguments, checked once before any I/O, in the style of
 * Pothos' `parseCursorConnectionArgs`: reject what cannot be served, default
 * the size, never clamp silently (a client asking for 500 learns the limit).
 */
import { PaginationInputError } from './errors.js';

export interface ConnectionArgs {
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}

export interface SizeLimits {
  maxPageSize: number;
  /** Used when neither `first` nor `last` is given. @default 20 */
  defaultPageSize?: number;
}

export type Direction =
  | { forward: true; size: number; after: string | undefined; before: string | undefined }
  | { forward: false; size: number; after: string | undefined; before: string | undefined };

function checkSize(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new PaginationInputError(`\`${name}\` must be an integer from 0 to ${max}, got ${value}`);
  }
  return value;
}

export function parseConnectionArgs(args: ConnectionArgs, limits: SizeLimits): Direction {
  const { first, last } = args;
  const after = args.after ?? undefined;
  const before = args.before ?? undefined;
  if (first != null && last != null) {
    throw new PaginationInputError('Pass `first` or `last`, not both');
  }
  if (last != null) return { forward: false, size: checkSize('last', last, limits.maxPageSize), after, before };
  const size = first ?? Math.min(limits.defaultPageSize ?? 20, limits.maxPageSize);
  return { forward: true, size: checkSize('first', size, limits.maxPageSize), after, before };
}

/** For connections the upstream can only walk forwards (Krea's timestamp cursor). */
export function parseForwardArgs(
  args: ConnectionArgs,
  limits: SizeLimits,
): { size: number; after: string | undefined } {
  if (args.last != null || args.before != null) {
    throw new PaginationInputError('This connection pages forward only: use `first` and `after`');
  }
  const direction = parseConnectionArgs(args, limits);
  return { size: direction.size, after: direction.after };
}
