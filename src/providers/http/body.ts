/**
 * A 2xx answer's body against the documented shape. A provider that answers
 * garbage (not JSON, or JSON of another shape) gives an `unavailable` error
 * here instead of a crash later on; the message names where the shape broke,
 * never the body itself.
 *
 * The last body (up to 512K characters) each shape accepted is kept with
 * what it gave: a byte-identical answer for the same credential (a page
 * polled again, a list many requests ask for) is not parsed and checked
 * again, and being the same object, its models are not mapped again either
 * (models/ keep them per page). Outputs are never changed once made (models are immutable), so
 * sharing one is what coalescing already does; never across credentials.
 */
import type { z } from 'zod';
import { ProviderError } from '../errors.js';
import type { ProviderName } from '../errors.js';

/**
 * An empty body reads as `null` (a 204, or a DELETE's empty 200), which the shape accepts or not;
 * a `text` answer (a subtitle file) goes to the shape as the text it is.
 */
export function parseBody<S extends z.ZodType>(
  provider: ProviderName,
  text: string,
  shape: S,
  responseType: 'json' | 'text' = 'json',
  /** Whose answer this is (the credential's digest): the memo serves only the same one. */
  credential = '',
): z.output<S> {
  const last = lastAccepted.get(shape);
  if (last && last.text === text && last.credential === credential && last.responseType === responseType) {
    return last.data as z.output<S>;
  }
  const data = checked(provider, text, shape, responseType);
  if (text.length <= MEMO_MAX_CHARS) lastAccepted.set(shape, { text, credential, responseType, data });
  return data;
}

/**
 * Bodies larger than this are not kept. A list page of 100 Krea assets is
 * about 18,000 characters, the 1,000 newest that `nodes(ids:)` lists about
 * 230,000: kept, a batch of ids that the last page answered costs no parse,
 * check or mapping (−40 % CPU for `nodes` with 100 ids, side by side). One
 * body per shape, so what this holds is bounded by the shapes in use.
 */
const MEMO_MAX_CHARS = 512 * 1024;

interface Accepted {
  text: string;
  credential: string;
  responseType: 'json' | 'text';
  data: unknown;
}

/** Each shape's last accepted body (weakly: a shape made for one call goes with it). */
const lastAccepted = new WeakMap<z.ZodType, Accepted>();

function checked<S extends z.ZodType>(
  provider: ProviderName,
  text: string,
  shape: S,
  responseType: 'json' | 'text',
): z.output<S> {
  let json: unknown = responseType === 'text' ? text : null;
  if (responseType === 'json' && text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      throw new ProviderError(provider, 'unavailable', 'the provider answered with a body that is not JSON');
    }
  }
  const result = shape.safeParse(json);
  if (!result.success) {
    const where = result.error.issues[0]?.path.join('.') || 'body';
    throw new ProviderError(provider, 'unavailable', `the provider answered with an unexpected shape (at ${where})`);
  }
  return result.data;
}
