/**
 * What every simulated API shares: a node:http server on loopback each, a
 * log of every request (tests count upstream calls with it), switchable
 * latency and injected faults. The routes themselves are each provider's
 * (`providers/<name>/sandbox/router.ts`).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimulatedControls, SimulatedName } from './contributions.js';
import type { Router } from './routes.js';

// The routers' contract lives in routes.ts, which needs nothing of this module.
export type { Reply, RouteRequest, Router } from './routes.js';
export { readText } from './routes.js';

/** A simulated provider's name (`krea`): what its calls, faults and counts are filed under. */
export type SandboxProvider = string;

/** A count per simulated provider, typed for the ones whose folders declare their name. */
export type ProviderCounts = Record<SimulatedName, number> & Record<string, number>;

export interface SandboxCall {
  provider: SandboxProvider;
  method: string;
  /** Path without the query, as the provider sees it (Argil's includes `/v1`). */
  path: string;
  query: URLSearchParams;
  status: number;
  /** Index of the tenant whose key was presented, or -1. */
  tenant: number;
  /** The W3C trace context the caller sent, if any (tracing tests). */
  traceparent?: string | undefined;
}

export type FaultKind =
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  /** A 200 whose body is not JSON. */
  | { kind: 'malformed-json' }
  /** A 200 with valid JSON of the wrong shape. */
  | { kind: 'wrong-shape' }
  /** Never answers (until the client gives up or the sandbox closes). */
  | { kind: 'stall' }
  /** Destroys the socket without an answer. */
  | { kind: 'reset' }
  /** A 200 whose body arrives a byte every `intervalMs` (never finishing before the sandbox closes). */
  | { kind: 'trickle'; intervalMs?: number };

export type Fault = FaultKind & {
  provider: SandboxProvider;
  method?: string;
  /** A path prefix or pattern; every path when absent. */
  path?: string | RegExp;
  /** How many matching requests it hits; then it is gone. @default 1 */
  times?: number;
};

/** With what each provider's sandbox adds (Krea's `uploads`…; contributions.ts). */
export interface SandboxControls extends SimulatedControls {}

export class SandboxControls {
  /** Calls in the order they arrived, oldest first; tests count with it. */
  readonly calls: SandboxCall[] = [];
  /**
   * The log keeps at most this many (the oldest half goes when it is full):
   * a long-running sandbox (`npm run sandbox`, the bench) must not grow
   * without bound.
   */
  maxLoggedCalls = 10_000;
  latencyMs = 0;
  /** Requests being handled now, and the most seen at once since the last reset, per provider. */
  readonly inFlight: ProviderCounts = noCounts();
  readonly peakInFlight: ProviderCounts = noCounts();
  private faults: Array<Fault & { left: number }> = [];
  private stalled = new Set<ServerResponse>();

  injectFault(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  resetCalls(): void {
    this.calls.length = 0;
    for (const [provider, now] of Object.entries(this.inFlight)) this.peakInFlight[provider] = now;
  }

  /** Calls matching a provider and optionally a method and a path prefix or pattern. */
  count(provider: SandboxProvider, method?: string, path?: string | RegExp): number {
    return this.calls.filter((call) => call.provider === provider && matches(call, method, path)).length;
  }

  takeFault(provider: SandboxProvider, method: string, path: string): FaultKind | undefined {
    const fault = this.faults.find(
      (f) => f.provider === provider && f.left > 0 && matches({ method, path }, f.method, f.path),
    );
    if (!fault) return undefined;
    fault.left -= 1;
    if (fault.left === 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }

  hold(response: ServerResponse): void {
    this.stalled.add(response);
    response.on('close', () => this.stalled.delete(response));
  }

  releaseStalled(): void {
    for (const response of this.stalled) response.destroy();
    this.stalled.clear();
  }
}

/** Empty: each provider's counts start at 0 when its server starts (startProviderServer). */
function noCounts(): ProviderCounts {
  return {} as ProviderCounts;
}

function matches(call: { method: string; path: string }, method?: string, path?: string | RegExp): boolean {
  if (method !== undefined && call.method !== method) return false;
  if (path === undefined) return true;
  return typeof path === 'string' ? call.path.startsWith(path) : path.test(call.path);
}

export async function startProviderServer(
  provider: SandboxProvider,
  controls: SandboxControls,
  router: Router,
  host: string,
  port: number,
): Promise<{ server: Server; url: string }> {
  controls.inFlight[provider] = 0;
  controls.peakInFlight[provider] = 0;
  const server = createServer((req, res) => {
    void handle(provider, controls, router, req, res);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return { server, url: `http://${host}:${address.port}` };
}

async function handle(
  provider: SandboxProvider,
  controls: SandboxControls,
  router: Router,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const method = req.method ?? 'GET';
  const traceparent = typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined;
  const call: SandboxCall = {
    provider,
    method,
    path: url.pathname,
    query: url.searchParams,
    status: 0,
    tenant: -1,
    traceparent,
  };
  if (controls.calls.push(call) > controls.maxLoggedCalls) {
    controls.calls.splice(0, controls.calls.length - Math.floor(controls.maxLoggedCalls / 2));
  }
  const inFlight = (controls.inFlight[provider] ?? 0) + 1;
  controls.inFlight[provider] = inFlight;
  controls.peakInFlight[provider] = Math.max(controls.peakInFlight[provider] ?? 0, inFlight);
  res.once('close', () => {
    controls.inFlight[provider] = (controls.inFlight[provider] ?? 1) - 1;
  });
  try {
    if (controls.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, controls.latencyMs));
    const fault = controls.takeFault(provider, method, url.pathname);
    if (fault && applyFault(fault, call, controls, req, res)) return;
    const reply = await router({ method, path: url.pathname, query: url.searchParams, headers: req.headers, raw: req });
    call.tenant = reply.tenant ?? -1;
    const body = fault?.kind === 'wrong-shape' && reply.status < 300 ? { unexpected: true } : reply.body;
    send(res, call, reply.status, body, reply.headers);
  } catch (error) {
    send(res, call, 500, { error: error instanceof Error ? error.message : 'sandbox failure' });
  }
}

/** True when the fault produced the whole answer. */
function applyFault(
  fault: FaultKind,
  call: SandboxCall,
  controls: SandboxControls,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  switch (fault.kind) {
    case 'status':
      call.status = fault.status;
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(fault.body ?? JSON.stringify({ error: `injected ${fault.status}` }));
      return true;
    case 'malformed-json':
      call.status = 200;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"items": [ {"id": ');
      return true;
    case 'stall':
      controls.hold(res);
      return true;
    case 'reset':
      req.socket.destroy();
      return true;
    case 'trickle': {
      call.status = 200;
      res.writeHead(200, { 'content-type': 'application/json' });
      const body = JSON.stringify({ items: [], next_cursor: null }).repeat(1000);
      let sent = 0;
      const timer = setInterval(() => {
        if (res.destroyed || sent >= body.length) return clearInterval(timer);
        res.write(body[sent++]!);
      }, fault.intervalMs ?? 50);
      res.on('close', () => clearInterval(timer));
      controls.hold(res);
      return true;
    }
    case 'wrong-shape':
      return false;
  }
}

function send(res: ServerResponse, call: SandboxCall, status: number, body: unknown, headers?: Record<string, string>) {
  call.status = status;
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  // Files (generated pictures and videos) go out as they are.
  if (body instanceof Uint8Array) {
    res.writeHead(status, { 'content-length': body.byteLength, ...headers });
    res.end(body);
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
