/**
 * The `Provider` enum: one value per registered provider (`KREA`), made
 * from the registry by schema/index.ts. The core types that use it (Asset,
 * Job, the feeds' filters) are defined before any provider, so they take it
 * through `providerEnum()` inside their fields' thunks, which Pothos calls
 * when the schema is built.
 */
import type { EnumRef } from '@pothos/core';
import { providerCode } from '../providers/names.js';
import { builder } from './builder.js';
import type { BuilderTypes } from './contribution.js';
import type { WordedProvider } from './wording.js';

type ProviderEnumRef = EnumRef<BuilderTypes, string, string>;

let defined: ProviderEnumRef | undefined;

export function defineProviderEnum(providers: readonly WordedProvider[]): void {
  if (defined) throw new Error('the Provider enum is defined once');
  defined = builder.enumType('Provider', {
    description: 'Which platform holds an object.',
    values: Object.fromEntries(
      providers.map(({ name, wording }) => [providerCode(name), { description: wording.enumValue }]),
    ),
  });
}

/** The enum, once defined (a field's thunk runs when the schema is built, after that). */
export function providerEnum(): ProviderEnumRef {
  if (!defined) throw new Error('the Provider enum is used before the registry defined it (schema/index.ts)');
  return defined;
}
