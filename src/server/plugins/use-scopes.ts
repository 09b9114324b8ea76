/**
 * The one place scopes are enforced (schema/scopes.ts says which field needs
 * which): before anything runs, a root field the caller lacks a scope for is
 * taken out of the operation (forbidden-fields.ts), so nothing is sent
 * upstream for it; it answers null with one FORBIDDEN error at its path,
 * and its siblings run as usual. When nothing of the operation may run,
 * nothing is executed; a forbidden subscription answers one result with its
 * error and starts no stream. Every entry point runs through these hooks:
 * HTTP POST and GET, SSE, multipart uploads, and WebSocket (websocket.ts
 * runs yoga's enveloped execute and subscribe).
 *
 * Callers without tokens (services, and everyone when no identity is
 * configured) hold every scope: for them this does nothing at all.
 */
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import { isAsyncIterable, mapAsyncIterator } from 'graphql-yoga';
import type { Plugin } from 'graphql-yoga';
import { SCOPES } from '../../auth/caller.js';
import { refusalsOf, refusesEverything, withoutForbidden, withRefusals } from './forbidden-fields.js';
import type { Refusals } from './forbidden-fields.js';

export interface ScopesOptions<TContext> {
  /** The scopes the caller of this context holds. */
  scopesOf: (context: TContext) => readonly string[];
}

/** What a caller holding `held` may not run of the operation (both lanes ask); undefined: all of it may run. */
export function scopeRefusals(args: ExecutionArgs, held: readonly string[]): Refusals | undefined {
  if (SCOPES.every((scope) => held.includes(scope))) return undefined;
  return refusalsOf(args, held);
}

export function useScopes<TContext>({ scopesOf }: ScopesOptions<TContext>): Plugin {
  const refusals = (args: ExecutionArgs): Refusals | undefined =>
    scopeRefusals(args, scopesOf(args.contextValue as TContext));
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = refusals(args);
      if (!refused) return;
      if (refusesEverything(refused)) return setResultAndStopExecution(withRefusals({}, refused));
      // The same args object goes on to the later plugins and the executor: they all see the trimmed operation.
      args.document = withoutForbidden(args, refused);
      return {
        onExecuteDone({ result, setResult }) {
          if (!isAsyncIterable(result)) return setResult(withRefusals(result, refused));
          // @defer/@stream: the refusals go with the first payload.
          let first = true;
          setResult(
            mapAsyncIterator(result, (payload: ExecutionResult) => {
              if (!first) return payload;
              first = false;
              return withRefusals(payload, refused);
            }),
          );
        },
      };
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = refusals(args);
      // A subscription has one root field: refused, it is all of the operation.
      if (refused) setResultAndStopExecution(withRefusals({}, refused));
    },
  };
}
