/**
 * What a WebSocket upgrade request is checked for, and what it carries: its
 * origin (browsers do not apply CORS to WebSockets) and the credential
 * headers, merged with those of the `connection_init` payload.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { registeredProviders } from '../providers/registry.js';

/** The header names a connection may carry, in the payload as in the upgrade: `authorization` and every provider's credential header. */
export function forwardedHeaders(): string[] {
  return ['authorization', ...registeredProviders().map((provider) => provider.settings.credentialHeader)];
}

/** The merged headers of a connection; only the forwarded names, only strings. */
export function connectionHeaders(upgrade: IncomingMessage, payload: unknown): Headers {
  const forwarded = forwardedHeaders();
  const headers = new Headers();
  for (const name of forwarded) {
    const value = upgrade.headers[name];
    if (typeof value === 'string') headers.set(name, value);
  }
  if (payload && typeof payload === 'object') {
    const sources = [payload as Record<string, unknown>];
    const nested = (payload as Record<string, unknown>).headers;
    if (nested && typeof nested === 'object') sources.unshift(nested as Record<string, unknown>);
    for (const source of sources) {
      for (const [key, value] of Object.entries(source)) {
        const name = key.toLowerCase();
        if (typeof value === 'string' && forwarded.includes(name)) headers.set(name, value);
      }
    }
  }
  return headers;
}

export function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Same-origin pages and the allowed origins; tools that send no Origin (servers, CLIs) too. */
export function originAllowed(upgrade: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = upgrade.headers.origin;
  if (origin === undefined || allowed.includes('*') || allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === upgrade.headers.host;
  } catch {
    return false;
  }
}
