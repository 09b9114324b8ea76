/**
 * One JSON log line per request: a request id (the client's X-Request-Id
 * when it is a sane token, else a new one; echoed as a response header), the
 * operation's name and type, the status, the duration and every upstream
 * attempt with its outcome and duration. Never headers, variables or the
 * document: those may carry credentials or personal data. Answers `quiet`
 * names (static files: opening GraphiQL fetches eight) are logged at debug.
 */
import { randomUUID } from 'node:crypto';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../../logger.js';
import type { UpstreamCall } from '../../providers/http/types.js';
import { redactWebhookPath } from '../../webhooks/redact.js';

export interface RequestLogOptions<TContext> {
  logger: Logger;
  upstreamCallsOf: (context: TContext) => readonly UpstreamCall[];
  /** @default 'x-request-id' */
  header?: string;
  /** Answers logged at debug rather than info. */
  quiet?: (response: Response) => boolean;
}

interface RequestState {
  id: string;
  started: number;
  operationName?: string | undefined;
  operationType?: string | undefined;
  upstream?: readonly UpstreamCall[];
  codes: string[];
}

const SANE_ID = /^[\w.:-]{1,64}$/;

export function useRequestLog<TContext>({
  logger,
  upstreamCallsOf,
  header = 'x-request-id',
  quiet = () => false,
}: RequestLogOptions<TContext>): Plugin {
  const states = new WeakMap<Request, RequestState>();
  return {
    onRequest({ request }) {
      const incoming = request.headers.get(header);
      states.set(request, {
        id: incoming && SANE_ID.test(incoming) ? incoming : randomUUID(),
        started: performance.now(),
        codes: [],
      });
    },
    onExecute({ args }) {
      const context = args.contextValue as unknown as TContext & { request?: Request };
      const state = context.request && states.get(context.request);
      if (!state) return;
      const operation = getOperationAST(args.document, args.operationName);
      state.operationType = operation?.operation;
      state.operationName = (operation?.name?.value ?? args.operationName ?? undefined)?.slice(0, 100);
      state.upstream = upstreamCallsOf(context);
    },
    onResultProcess({ request, result }) {
      const state = states.get(request);
      if (!state) return;
      for (const single of Array.isArray(result) ? result : [result]) {
        const errors = (single as { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }).errors ?? [];
        for (const error of errors) state.codes.push(String(error.extensions?.code ?? 'UNKNOWN'));
      }
    },
    onResponse({ request, response }) {
      const state = states.get(request);
      if (!state) return;
      states.delete(request);
      response.headers.set(header, state.id);
      const url = new URL(request.url);
      logger[quiet(response) ? 'debug' : 'info'](
        {
          requestId: state.id,
          method: request.method,
          // A webhook's path may hold its token (Krea's does).
          path: redactWebhookPath(url.pathname),
          status: response.status,
          durationMs: Math.round((performance.now() - state.started) * 10) / 10,
          operationType: state.operationType,
          operationName: state.operationName,
          errors: state.codes.length > 0 ? state.codes : undefined,
          upstream: state.upstream?.map((call) => ({
            provider: call.provider,
            operation: call.operation,
            outcome: call.outcome,
            attempt: call.attempt,
            ms: Math.round(call.durationMs * 10) / 10,
          })),
        },
        'request',
      );
    },
  };
}
