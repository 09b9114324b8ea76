/**
 * An answer's bytes as node:http writes them for the same `writeHead` and
 * `end`: the status line, the given headers in their order, then `Date`,
 * `Connection` and (kept alive) `Keep-Alive`, the body, all in one buffer (one
 * write, where node's writev sends two).
 */
import { STATUS_CODES } from 'node:http';
import type { ReplyHeaders } from '../lane/reply.js';

let dateSecond = -1;
let dateText = '';

/** The `Date` header, made once a second (as node's utcDate caches it). */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

/** `keepAliveSeconds` undefined: the connection closes after this answer. */
export function responseBytes(
  status: number,
  headers: ReplyHeaders,
  body: Buffer | string,
  keepAliveSeconds: number | undefined,
): Buffer {
  let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'unknown'}\r\n`;
  for (const name in headers) {
    const value = String(headers[name]);
    // Our own values (no client's text reaches a header unchecked); a line break would split the response.
    if (value.includes('\r') || value.includes('\n')) throw new Error(`header ${name} holds a line break`);
    head += `${name}: ${value}\r\n`;
  }
  head += `Date: ${httpDate()}\r\n`;
  head +=
    keepAliveSeconds === undefined
      ? 'Connection: close\r\n\r\n'
      : `Connection: keep-alive\r\nKeep-Alive: timeout=${keepAliveSeconds}\r\n\r\n`;
  const bodyLength = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  const bytes = Buffer.allocUnsafe(head.length + bodyLength);
  bytes.write(head, 0, 'latin1');
  if (typeof body === 'string') bytes.write(body, head.length, 'utf8');
  else body.copy(bytes, head.length);
  return bytes;
}
