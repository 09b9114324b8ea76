/**
 * A Pothos plugin that gives every root field the `requiresScopes` option
 * scopes.ts decides for it, before the federation plugin turns that option
 * into the `@requiresScopes` directive: a new query or mutation is covered
 * the moment it is defined, with no list of names to keep up to date.
 * Registered in builder.ts after the federation plugin: Pothos runs the
 * plugins' field hooks last to first, so federation sees the option.
 */
import SchemaBuilder, { BasePlugin } from '@pothos/core';
import type { PothosOutputFieldConfig, SchemaTypes } from '@pothos/core';
import { scopeOfRootField } from './scopes.js';

const pluginName = 'rootFieldScopes';

export default pluginName;

export class RootFieldScopesPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    const { kind } = fieldConfig;
    if (kind !== 'Query' && kind !== 'Mutation' && kind !== 'Subscription') return fieldConfig;
    const options = fieldConfig.pothosOptions;
    // Declared by hand on the field: kept as it is.
    if (options.requiresScopes) return fieldConfig;
    const scope = scopeOfRootField(kind, { extensions: fieldConfig.extensions, authenticated: options.authenticated });
    if (!scope) return fieldConfig;
    // One of three option shapes (query, mutation, subscription), whichever it was: TypeScript cannot follow the union.
    return {
      ...fieldConfig,
      pothosOptions: { ...options, requiresScopes: [[scope]] },
    } as PothosOutputFieldConfig<Types>;
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      rootFieldScopes: RootFieldScopesPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin(pluginName, RootFieldScopesPlugin);
