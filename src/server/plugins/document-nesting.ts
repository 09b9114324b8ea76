/**
 * How deeply a GraphQL document nests its brackets, found by one scan of its
 * characters before it is parsed. graphql-js parses by recursive descent, so
 * 4 KB of `[[[…]]]` overflows its stack: a RangeError, not a syntax error
 * (and values shallow enough to parse are walked recursively again later).
 * Strings and comments are skipped: brackets there nest nothing.
 */
const HASH = 0x23;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const RETURN = 0x0d;

/** Where the string that opens at `start` (a `"`) ends, or the end of the source. */
function afterString(source: string, start: number): number {
  const block = source.startsWith('"""', start);
  let i = start + (block ? 3 : 1);
  while (i < source.length) {
    const code = source.charCodeAt(i);
    if (block) {
      if (code === BACKSLASH && source.startsWith('\\"""', i)) i += 4;
      else if (code === QUOTE && source.startsWith('"""', i)) return i + 3;
      else i++;
    } else if (code === BACKSLASH) i += 2;
    else if (code === QUOTE) return i + 1;
    // An unterminated string: the parser reports it.
    else if (code === NEWLINE || code === RETURN) return i;
    else i++;
  }
  return i;
}

/** Whether `[`, `{` and `(` open more than `limit` deep anywhere in the document. */
export function nestsDeeperThan(source: string, limit: number): boolean {
  let depth = 0;
  let i = 0;
  while (i < source.length) {
    const code = source.charCodeAt(i);
    if (code === QUOTE) {
      i = afterString(source, i);
      continue;
    }
    if (code === HASH) {
      while (i < source.length && source.charCodeAt(i) !== NEWLINE && source.charCodeAt(i) !== RETURN) i++;
      continue;
    }
    // [ { (  and  ] } )
    if (code === 0x5b || code === 0x7b || code === 0x28) {
      if (++depth > limit) return true;
    } else if ((code === 0x5d || code === 0x7d || code === 0x29) && depth > 0) depth--;
    i++;
  }
  return false;
}
