/**
 * One operation on the compiled lane, with the same decisions, in the same
 * order, as yoga's plugins take them around its execute (server.ts' list):
 * the operation counted, scopes (use-scopes.ts: forbidden root fields taken
 * out, or nothing run), the operation budget (use-operation-budget.ts), then
 * graphql-js' execute on the prepared document, and on its result the
 * refusals put back, variable errors coded (use-input-error-codes.ts), the
 * resolvers' recorded errors appended (use-field-errors.ts) and everything
 * masked (yoga's maskedErrors). What runs is graphql-js' algorithm, as on
 * yoga's executor; test/oracle/ holds the lane to graphql-js' answers.
 */
import { execute } from 'graphql';
import type { ExecutionArgs, ExecutionResult, GraphQLSchema } from 'graphql';
import type { YogaLogger } from 'graphql-yoga';
import type { RequestContext } from '../../context.js';
import { refusesEverything, withoutForbidden, withRefusals } from '../plugins/forbidden-fields.js';
import { withFieldErrors } from '../plugins/use-field-errors.js';
import { withCodedVariableErrors } from '../plugins/use-input-error-codes.js';
import type { BudgetCheck } from '../plugins/use-operation-budget.js';
import { scopeRefusals } from '../plugins/use-scopes.js';
import { masked } from './answer.js';
import type { Plan } from './plan.js';

export interface Executor {
  schema: GraphQLSchema;
  budget: BudgetCheck;
  log: YogaLogger;
}

export interface Operation {
  document: ExecutionArgs['document'];
  /** The operation's compiled plan (plan.ts), when it has one. */
  plan: Plan | undefined;
  operationName: string | undefined;
  variables: Record<string, unknown> | undefined;
}

export async function executeOperation(
  executor: Executor,
  operation: Operation,
  context: RequestContext,
): Promise<ExecutionResult> {
  const args: ExecutionArgs = {
    schema: executor.schema,
    document: operation.document,
    contextValue: context,
    variableValues: operation.variables,
    operationName: operation.operationName,
  };
  const refused = scopeRefusals(args, context.caller.scopes);
  if (refused && refusesEverything(refused)) return withRefusals({}, refused);
  if (refused) args.document = withoutForbidden(args, refused);
  // yoga stops at the budget's refusal: only the scopes' hook, registered before it, sees the result.
  const over = executor.budget(args);
  if (over) return refused ? withRefusals({ errors: [over] }, refused) : { errors: [over] };
  // A plan is the document as sent: with fields taken out, graphql-js runs what is left.
  let result =
    operation.plan && !refused
      ? await operation.plan.query(context, args.variableValues ?? undefined)
      : await execute(args);
  if (refused) result = withRefusals(result, refused);
  result = withCodedVariableErrors(result);
  result = withFieldErrors(result, context.fieldErrors);
  return masked(result, executor.log);
}
