/**
 * One JSON log line per request (server/request-log.ts says what it holds).
 * Answers `quiet` names (static files: opening GraphiQL fetches eight) are
 * logged at debug.
 */
import { getOperationAST } from 'graphql';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../../logger.js';
import type { UpstreamCall } from '../../providers/http/types.js';
import { redactWebhookPath } from '../../webhooks/redact.js';
import { collectCodes, loggedName, REQUEST_ID_HEADER, requestIdOf, writeRequestLog } from '../request-log.js';

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

export function useRequestLog<TContext>({
  logger,
  upstreamCallsOf,
  header = REQUEST_ID_HEADER,
  quiet = () => false,
}: RequestLogOptions<TContext>): Plugin {
  const states = new WeakMap<Request, RequestState>();
  return {
    onRequest({ request }) {
      states.set(request, { id: requestIdOf(request.headers.get(header)), started: performance.now(), codes: [] });
    },
    onExecute({ args }) {
      const context = args.contextValue as unknown as TContext & { request?: Request };
      const state = context.request && states.get(context.request);
      if (!state) return;
      const operation = getOperationAST(args.document, args.operationName);
      state.operationType = operation?.operation;
      state.operationName = loggedName(operation?.name?.value ?? args.operationName);
      state.upstream = upstreamCallsOf(context);
    },
    onResultProcess({ request, result }) {
      const state = states.get(request);
      if (!state) return;
      for (const single of Array.isArray(result) ? result : [result]) {
        collectCodes(single as ExecutionResult, state.codes);
      }
    },
    onResponse({ request, response }) {
      const state = states.get(request);
      if (!state) return;
      states.delete(request);
      response.headers.set(header, state.id);
      writeRequestLog(
        logger,
        {
          requestId: state.id,
          method: request.method,
          // A webhook's path may hold its token (Krea's does).
          path: redactWebhookPath(new URL(request.url).pathname),
          status: response.status,
          started: state.started,
          operationType: state.operationType,
          operationName: state.operationName,
          codes: state.codes,
          upstream: state.upstream,
        },
        quiet(response),
      );
    },
  };
}
