/**
 * A bare graphql-transport-ws client over the real `ws` library, for tests
 * that do what a library client never would: send operations without
 * waiting, stop reading, drop the socket. Every message it gets is kept.
 */
import WebSocket from 'ws';

export interface WsMessage {
  id?: string;
  type: string;
  payload?: unknown;
}

export const wsUrl = (httpUrl: string) => httpUrl.replace(/^http/, 'ws');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 10 ms for up to `seconds`. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, seconds = 20): Promise<void> {
  for (let waited = 0; waited < seconds * 1_000; waited += 10) {
    if (await condition()) return;
    await sleep(10);
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** `promise`'s value, or a failure naming `what` after `seconds`. */
export async function within<T>(promise: Promise<T>, what: string, seconds = 20): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up waiting for ${what}`)), seconds * 1_000);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export class RawWsClient {
  readonly messages: WsMessage[] = [];
  /** The close code and reason this client saw. */
  readonly closed: Promise<{ code: number; reason: string }>;
  private pings = 0;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.messages.push(JSON.parse(String(data)) as WsMessage));
    this.closed = new Promise((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
  }

  /** Connects, sends `connection_init` with `payload` and waits for the ack. */
  static async open(httpUrl: string, payload: Record<string, string> = {}): Promise<RawWsClient> {
    const socket = new WebSocket(wsUrl(httpUrl), 'graphql-transport-ws');
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const client = new RawWsClient(socket);
    client.send({ type: 'connection_init', payload });
    await until(() => client.messages.some((m) => m.type === 'connection_ack'), 'the ack');
    return client;
  }

  send(message: WsMessage): void {
    this.socket.send(JSON.stringify(message));
  }

  subscribe(id: string, query: string): void {
    this.send({ id, type: 'subscribe', payload: { query } });
  }

  /**
   * A ping, answered once the server has dispatched every message sent
   * before it (it handles a socket's messages in order).
   */
  async roundTrip(): Promise<void> {
    const mark = `mark-${++this.pings}`;
    this.send({ type: 'ping', payload: { mark } });
    await until(
      () => this.messages.some((m) => m.type === 'pong' && (m.payload as { mark?: string })?.mark === mark),
      'the pong',
    );
  }

  /** Operation ids that have been completed by the server. */
  completed(): Set<string> {
    return new Set(this.messages.filter((m) => m.type === 'complete').map((m) => m.id!));
  }

  close(): void {
    this.socket.terminate();
  }
}
