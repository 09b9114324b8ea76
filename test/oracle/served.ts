/**
 * The oracle's served side: an operation as clients send it to the gateway.
 * Queries and mutations as a GraphQL POST, through yoga in-process and over
 * the listener (where the compiled lane takes them, server/lane/); subscriptions over SSE (yoga's
 * `text/event-stream`) and over WebSocket (graphql-ws on the listening
 * gateway), each closed after its first event.
 */
import { createClient } from 'graphql-ws';
import type { Client } from 'graphql-ws';
import { Agent, fetch as undiciFetch } from 'undici';
import WebSocket from 'ws';
import type { Gateway } from '../../src/server.js';
import { wire } from './reference.js';
import type { WireResult } from './reference.js';
import type { OracleOperation } from './render.js';

const body = (operation: OracleOperation) => JSON.stringify({ query: operation.query, variables: operation.variables });

/** A GraphQL POST; its JSON body. */
export async function postOperation(
  gateway: Gateway,
  operation: OracleOperation,
  headers: Record<string, string> = {},
): Promise<WireResult> {
  const response = await gateway.fetch('http://gateway/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: body(operation),
  });
  return wire((await response.json()) as WireResult);
}

const laneClient = new Agent({ connections: 8 });

/** The same POST over the gateway's listener (`url` is its http://…/graphql): the compiled lane's. */
export async function postOverListener(
  url: string,
  operation: OracleOperation,
  headers: Record<string, string> = {},
): Promise<WireResult> {
  const response = await undiciFetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: body(operation),
    dispatcher: laneClient,
  });
  return wire((await response.json()) as WireResult);
}

/** A subscription over SSE: its first `next` event ({} when it completes without one). */
export async function sseFirstEvent(
  gateway: Gateway,
  operation: OracleOperation,
  headers: Record<string, string> = {},
): Promise<WireResult> {
  const response = await gateway.fetch('http://gateway/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: body(operation),
  });
  // A document refused before it ran is answered as JSON.
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    return wire((await response.json()) as WireResult);
  }
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  try {
    for (;;) {
      const events = text.split('\n\n');
      text = events.pop()!;
      for (const event of events) {
        const lines = event.split('\n');
        if (lines.includes('event: complete')) return {};
        const data = lines.find((line) => line.startsWith('data: '));
        if (lines.includes('event: next') && data) return wire(JSON.parse(data.slice(6)) as WireResult);
      }
      const chunk = await reader.read();
      if (chunk.done) return {};
      text += chunk.value;
    }
  } finally {
    await reader.cancel();
  }
}

/** One graphql-ws client for a listening gateway (`url` is its http://…/graphql). */
export function webSocketClient(url: string, headers: Record<string, string> = {}): Client {
  return createClient({
    url: url.replace(/^http/, 'ws'),
    connectionParams: headers,
    retryAttempts: 0,
    lazy: true,
    webSocketImpl: WebSocket,
  });
}

/** A subscription over WebSocket: its first `next` ({} when it completes without one); an `error` message as its errors. */
export async function webSocketFirstEvent(client: Client, operation: OracleOperation): Promise<WireResult> {
  const events = client.iterate({ query: operation.query, variables: operation.variables });
  try {
    const first = await events.next();
    return first.done ? {} : wire(first.value);
  } catch (errors) {
    // graphql-ws rejects with the `error` message's payload (the operation's errors),
    // or with the close event when the server dropped the connection.
    if (Array.isArray(errors)) return wire({ errors });
    const { code, reason } = errors as { code?: unknown; reason?: unknown };
    return { errors: [{ message: `the connection closed: ${String(code)} ${String(reason)}` }] };
  } finally {
    await events.return?.();
  }
}
