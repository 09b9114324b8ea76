/**
 * The contract between the sandbox's HTTP server (server.ts) and each
 * provider's router (`providers/<name>/sandbox/router.ts` and the modules it
 * routes to): what a route is handed, what it answers, and how it reads a
 * body.
 */
import type { IncomingMessage } from 'node:http';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  raw: IncomingMessage;
}

export type Router = (request: RouteRequest) => Promise<Reply & { tenant?: number }>;

/** Reads a request body as text, up to `limit` bytes. */
export async function readText(req: IncomingMessage, limit = 1024 * 1024): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
