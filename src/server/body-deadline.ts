/**
 * A short deadline for the bodies that are not uploads (GraphQL documents,
 * webhook deliveries): node's request timeout has to leave an upload its
 * two minutes, which let a JSON body of a few bytes dribble in for as long,
 * holding a socket per client. Measured from the end of the headers; a body
 * still incomplete then is answered 408 with `Connection: close`, so the
 * socket goes with the answer. Whoever was reading the body (yoga, the
 * webhook handler) sees it aborted; yoga's node adapter writes nothing to a
 * response that has ended. Multipart requests keep node's long timeout.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** As yoga words its errors: one, with a documented code (README, "Errors"); the socket front answers it too. */
export function bodyTimedOut(ms: number): string {
  return JSON.stringify({
    errors: [
      {
        message: `Request body not received within ${ms} ms`,
        extensions: { code: 'BAD_USER_INPUT' },
      },
    ],
  });
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

const isMultipart = (req: IncomingMessage) =>
  req.headers['content-type']?.toLowerCase().startsWith('multipart/') ?? false;

function expire(req: IncomingMessage, res: ServerResponse, ms: number): void {
  // Received in full: whoever reads it is slow, not the client.
  if (req.complete) return;
  if (res.headersSent) {
    // Answered (or answering) without the body, which still dribbles in.
    req.socket.destroy();
    return;
  }
  const body = bodyTimedOut(ms);
  res.writeHead(408, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  });
  res.end(body);
}

/** Every non-multipart request body on `server` must arrive within `ms`. */
export function enforceBodyDeadline(server: Server, ms: number): void {
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!hasBody(req) || isMultipart(req)) return;
    const timer = setTimeout(() => expire(req, res, ms), ms);
    // 'close' follows the body's end, or the socket's.
    req.once('close', () => clearTimeout(timer));
  });
}
