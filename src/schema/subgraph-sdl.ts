/** The subgraph SDL, exactly as a federation gateway reads it: `{ _service { sdl } }`. */
import { execute, parse } from 'graphql';
import type { GraphQLSchema } from 'graphql';

export async function subgraphSdl(schema: GraphQLSchema): Promise<string> {
  const result = await execute({ schema, document: parse('{ _service { sdl } }'), contextValue: {} });
  const sdl = (result.data as { _service?: { sdl?: unknown } } | null | undefined)?._service?.sdl;
  if (typeof sdl !== 'string') throw new Error(`no subgraph SDL: ${JSON.stringify(result.errors)}`);
  return sdl.trim();
}
