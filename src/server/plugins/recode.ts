/**
 * The same GraphQL error with another `extensions.code` (and, optionally,
 * another message), located where it was. Drops the original error on
 * purpose: error masking would otherwise hide a library's plain TypeError
 * ("Invalid URL") behind "Unexpected error", and its message is already
 * in the GraphQL error's.
 */
import { GraphQLError } from 'graphql';

export function recode(error: GraphQLError, code: string, message = error.message): GraphQLError {
  return new GraphQLError(message, {
    nodes: error.nodes ?? null,
    source: error.source ?? null,
    positions: error.positions ?? null,
    path: error.path ?? null,
    extensions: { ...error.extensions, code },
  });
}
