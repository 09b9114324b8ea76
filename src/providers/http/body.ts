/**
 * A 2xx answer's body against the documented shape. A provider that answers
 * garbage (not JSON, or JSON of another shape) gives an `unavailable` error
 * here instead of a crash later on; the message names where the shape broke,
 * never the body itself.
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
