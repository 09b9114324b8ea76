/**
 * Per-operation limits on what an operation asks of the providers, checked
 * once its variables are known and before anything runs: the ids it names
 * (20 aliases of `nodes` with 100 ids each would be 2,000 upstream GETs on
 * the server's keys) and the paid mutations it runs (20 aliased generations
 * would be 20 paid POSTs). Over either, the whole operation is refused with
 * QUERY_TOO_COMPLEX and nothing is sent upstream. Over HTTP and WebSocket
 * alike (both run through execute/subscribe here).
 */
import { GraphQLError } from 'graphql';
import type { DocumentNode, ExecutionArgs } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { countIds, planUpstream } from './count-upstream.js';
import type { UpstreamPlan } from './count-upstream.js';

export interface OperationBudget {
  /** MAX_IDS_PER_OPERATION. @default 100 */
  maxIds?: number;
  /** MAX_PAID_MUTATIONS_PER_OPERATION. @default 5 */
  maxPaidMutations?: number;
}

const tooComplex = (message: string) => new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX' } });

/** Refuses an operation over the budget (both lanes ask): its error, or undefined when it may run. */
export type BudgetCheck = (args: ExecutionArgs) => GraphQLError | undefined;

export function operationBudget({ maxIds = 100, maxPaidMutations = 5 }: OperationBudget = {}): BudgetCheck {
  // The same parsed document comes with every request of one query: plan it once per operation.
  const plans = new WeakMap<DocumentNode, Map<string, UpstreamPlan | undefined>>();
  const planOf = (args: ExecutionArgs): UpstreamPlan | undefined => {
    let byName = plans.get(args.document);
    if (!byName) {
      byName = new Map();
      plans.set(args.document, byName);
    }
    const name = args.operationName ?? '';
    if (!byName.has(name)) byName.set(name, planUpstream(args.schema, args.document, args.operationName));
    return byName.get(name);
  };

  return (args) => {
    const plan = planOf(args);
    if (!plan) return undefined;
    if (plan.paid > maxPaidMutations) {
      return tooComplex(
        `The operation runs ${plan.paid} paid mutations (generations, renders, trainings, node-app runs); at most ${maxPaidMutations} per operation`,
      );
    }
    if (plan.idValues.length === 0) return undefined;
    const ids = countIds(plan, args.variableValues as Record<string, unknown> | null | undefined);
    if (ids > maxIds) {
      return tooComplex(
        `The operation names ${ids} ids (aliases, repeated selections and fragments count); at most ${maxIds} per operation`,
      );
    }
    return undefined;
  };
}

export function useOperationBudget(refusal: BudgetCheck): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = refusal(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = refusal(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
