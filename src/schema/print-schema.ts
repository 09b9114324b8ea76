/**
 * schema.graphql's text: graphql-js' printSchema, plus the authorization
 * directives where they apply (printSchema prints no applied directive).
 * Only `@authenticated` and `@requiresScopes`, whose definitions the schema
 * declares, so the file stays SDL that codegen, Relay and ESLint can build;
 * federation's `@key` and `@link` are in the subgraph SDL (subgraph.graphql).
 * (@graphql-tools/utils' printSchemaWithDirectives prints every directive,
 * undeclared ones too, and reformats the whole file.)
 */
import { astFromValue, GraphQLObjectType, Kind, print, printSchema, printType } from 'graphql';
import type { ArgumentNode, GraphQLField, GraphQLFieldConfig, GraphQLSchema } from 'graphql';
import { AUTHORIZATION_DIRECTIVES } from './scopes.js';

interface AppliedDirective {
  name: string;
  args?: Record<string, unknown>;
}

const AUTHORIZATION = new Map(AUTHORIZATION_DIRECTIVES.map((directive) => [directive.name, directive]));

/** ` @authenticated`, ` @requiresScopes(scopes: [["media:read"]])`: the field's authorization directives. */
function printedDirectives(field: GraphQLField<unknown, unknown>): string {
  const applied = Array.isArray(field.extensions.directives) ? (field.extensions.directives as AppliedDirective[]) : [];
  let text = '';
  for (const { name, args = {} } of applied) {
    const definition = AUTHORIZATION.get(name);
    if (!definition) continue;
    const argumentNodes: ArgumentNode[] = definition.args.flatMap((arg) => {
      const value = astFromValue(args[arg.name], arg.type);
      return value ? [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: arg.name }, value }] : [];
    });
    text += ` ${print({ kind: Kind.DIRECTIVE, name: { kind: Kind.NAME, value: name }, arguments: argumentNodes })}`;
  }
  return text;
}

/** How printSchema prints one field of a type (its description, arguments and type), as the type's first field. */
function printedField(name: string, config: GraphQLFieldConfig<unknown, unknown>): string {
  const alone = printType(new GraphQLObjectType({ name: 'Alone', fields: { [name]: config } }));
  return alone.slice('type Alone {\n'.length, -'\n}'.length);
}

export function printSchemaWithAuthorization(schema: GraphQLSchema): string {
  let printed = printSchema(schema);
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!root) continue;
    const block = printType(root);
    const configs = root.toConfig().fields;
    let withDirectives = block;
    for (const field of Object.values(root.getFields())) {
      const directives = printedDirectives(field);
      if (!directives) continue;
      const text = printedField(field.name, configs[field.name]!);
      // A function, not a string: a `$` in a description is not a replacement pattern.
      withDirectives = withDirectives.replace(text, () => `${text}${directives}`);
    }
    printed = printed.replace(block, () => withDirectives);
  }
  return printed;
}
