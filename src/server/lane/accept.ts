/**
 * The media type of a single JSON answer, chosen from `Accept` as yoga's
 * result processors choose it (graphql-yoga's use-result-processor and
 * result-processor/accept): the accepted types are read last to first, types
 * with a charset other than utf-8 are skipped, and of the two JSON types the
 * last match wins. When neither matches, yoga would answer with another
 * processor (SSE, multipart) or 406: the request is yoga's.
 */
export type JsonMediaType = 'application/graphql-response+json' | 'application/json';

const JSON_TYPES: readonly JsonMediaType[] = ['application/graphql-response+json', 'application/json'];

/** Whether the processor's `offered` type matches the `requested` one (which may hold wildcards). */
function matches(offered: string, requested: string): boolean {
  const [offeredType, offeredSubtype] = offered.split('/');
  const [type, subtype] = requested.split('/');
  return (type === '*' || type === offeredType) && (subtype === '*' || subtype === offeredSubtype);
}

/** The media types `accept` lists, last first, as yoga reads them. */
function requestedTypes(accept: string | undefined): string[] {
  const types: string[] = [];
  for (const entry of (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',')) {
    const [type, ...params] = entry.split(';');
    if (type === undefined) continue;
    const charset = params.find((param) => param.includes('charset=')) ?? 'charset=utf-8';
    if (charset === 'charset=utf-8') types.push(type);
  }
  return types.reverse();
}

const chosen = new Map<string, JsonMediaType | null>();

/** The JSON media type yoga would answer `accept` with, or undefined when it would not answer JSON. */
export function jsonMediaTypeFor(accept: string | undefined): JsonMediaType | undefined {
  const key = accept ?? '';
  let type = chosen.get(key);
  if (type === undefined) {
    type = null;
    for (const requested of requestedTypes(accept)) {
      for (const offered of JSON_TYPES) if (matches(offered, requested)) type = offered;
    }
    // Clients send a handful of distinct Accept headers; a hostile one cannot grow this without end.
    if (chosen.size < 256) chosen.set(key, type);
  }
  return type ?? undefined;
}
