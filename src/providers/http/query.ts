/**
 * A call's query string and the headers read back from an answer: the small
 * text conversions between the clients' values and HTTP.
 */
import type { CallRequest, CallResult } from './types.js';

/** Repeated keys for arrays (`type=IMAGE&type=VIDEO`), undefined values left out. */
export function queryString(query: CallRequest['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (typeof value === 'string' || typeof value === 'number') params.append(key, String(value));
    else for (const item of value) params.append(key, item);
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** The first value of a header undici may hand back as a list. */
export function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** An integer response header such as X-Total-Count, or undefined. */
export function integerHeader(headers: CallResult<unknown>['headers'], name: string): number | undefined {
  const raw = singleHeader(headers[name.toLowerCase()]);
  if (raw === undefined || !/^\s*\d+\s*$/.test(raw)) return undefined;
  return Number(raw);
}
