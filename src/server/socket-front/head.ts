/**
 * The one request head the socket front reads itself: the simplest form of
 * what the compiled lane takes, `GET` or `POST` with an origin-form target
 * over HTTP/1.1, every header once, on one line, in visible ASCII, a `Host`,
 * a POST's body of a declared length (a GET without one), no
 * `Transfer-Encoding`, `Expect` or `Upgrade`, and `Connection` absent,
 * `keep-alive` or `close`. Anything else (undefined here) goes to node:http
 * unread, which parses it by its own rules: so the front can never read a
 * request differently from node (no smuggling between the two), it only
 * reads fewer of them.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { LaneHead } from '../lane/classify.js';

export interface FrontHead extends LaneHead {
  method: 'GET' | 'POST';
  url: string;
  /** Lower-case names; a null prototype (a client's header name never reaches Object.prototype). */
  headers: IncomingHttpHeaders;
  /** The body's declared length (0 for a GET). */
  length: number;
  /** The client asked to close the connection after this answer. */
  close: boolean;
}

/** node:http's default limit on a request head (`maxHeaderSize`): longer ones are node's to refuse (431). */
export const MAX_HEAD_BYTES = 16_384;

const VERSION = ' HTTP/1.1';
const DIGITS = /^\d{1,12}$/;
/** RFC 9110's tchar, by character code. */
const TOKEN = new Uint8Array(128);
for (const char of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
  TOKEN[char.charCodeAt(0)] = 1;
}
const TAB = 9;
const SPACE = 32;

/** Visible ASCII (a target's characters). */
const visible = (code: number) => code > SPACE && code < 127;
/** Visible ASCII, spaces and tabs (a header value's): no CR, LF, NUL or other controls, no obs-text. */
const valueChar = (code: number) => (code >= SPACE && code < 127) || code === TAB;

/** The request line's target, or undefined. */
function targetOf(line: string, method: string): string | undefined {
  if (!line.endsWith(VERSION)) return undefined;
  const start = method.length + 1;
  const end = line.length - VERSION.length;
  if (end <= start || line.charCodeAt(start) !== 47) return undefined;
  for (let i = start; i < end; i += 1) if (!visible(line.charCodeAt(i))) return undefined;
  return line.slice(start, end);
}

/**
 * The head (latin1 text, up to but without its closing empty line) as the
 * front reads it, or undefined for node:http to read.
 */
export function parseHead(text: string): FrontHead | undefined {
  const firstEnd = text.indexOf('\r\n');
  if (firstEnd < 0) return undefined;
  const first = text.slice(0, firstEnd);
  const method = first.startsWith('POST ') ? 'POST' : first.startsWith('GET ') ? 'GET' : undefined;
  const url = method && targetOf(first, method);
  if (!method || !url) return undefined;
  const headers: IncomingHttpHeaders = Object.create(null) as IncomingHttpHeaders;
  for (let start = firstEnd + 2; start <= text.length;) {
    let end = text.indexOf('\r\n', start);
    if (end < 0) end = text.length;
    // name ":" OWS value OWS, the name a token, the value visible ASCII, spaces and tabs
    let colon = start;
    while (colon < end && text.charCodeAt(colon) < 128 && TOKEN[text.charCodeAt(colon)] === 1) colon += 1;
    if (colon === start || colon === end || text.charCodeAt(colon) !== 58) return undefined;
    let valueStart = colon + 1;
    while (valueStart < end && (text.charCodeAt(valueStart) === SPACE || text.charCodeAt(valueStart) === TAB)) {
      valueStart += 1;
    }
    // Trailing spaces only: node refuses a Content-Length with a tab after its digits (400), so a tab there is node's.
    let valueEnd = end;
    while (valueEnd > valueStart && text.charCodeAt(valueEnd - 1) === SPACE) valueEnd -= 1;
    if (valueEnd > valueStart && text.charCodeAt(valueEnd - 1) === TAB) return undefined;
    for (let i = valueStart; i < valueEnd; i += 1) if (!valueChar(text.charCodeAt(i))) return undefined;
    const key = text.slice(start, colon).toLowerCase();
    if (headers[key] !== undefined) return undefined;
    headers[key] = text.slice(valueStart, valueEnd);
    start = end + 2;
  }
  if (
    headers.host === undefined ||
    headers['transfer-encoding'] !== undefined ||
    headers.expect !== undefined ||
    headers.upgrade !== undefined
  ) {
    return undefined;
  }
  const connection = headers.connection?.toLowerCase();
  if (connection !== undefined && connection !== 'keep-alive' && connection !== 'close') return undefined;
  const declared = headers['content-length'];
  let length = 0;
  if (method === 'POST') {
    if (declared === undefined || !DIGITS.test(declared)) return undefined;
    length = Number(declared);
  } else if (declared !== undefined) {
    return undefined;
  }
  return { method, url, headers, length, close: connection === 'close' };
}
