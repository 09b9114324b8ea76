/**
 * The registry (src/providers/registry.ts): the providers are one list, a
 * test may add one before the gateway is built, and adding one once the
 * schema was built is refused with a message that says what to do (the new
 * provider could not be in that schema).
 */
import { describe, expect, it } from 'vitest';
import { registeredProviders, registerProvider } from '../../src/providers/registry.js';
import type { ProviderEntry } from '../../src/providers/registry.js';

/** A provider with nothing to offer but its name. */
const named = (name: string): ProviderEntry => ({
  module: {
    name,
    settings: {
      baseUrl: { env: 'UNUSED_BASE_URL', default: 'https://unused.invalid' },
      apiKey: { env: 'UNUSED_API_KEY' },
      credentialHeader: 'x-unused',
    },
    start: () => ({ part: () => ({ hasCredential: false, credentialDigest: 'none' }) }),
  },
  schema: { nodes: {}, wording: { enumValue: 'Unused.' } },
});

describe('the provider registry', () => {
  it('lists Krea and Argil, in that order (the feeds break ties by it)', () => {
    expect(
      registeredProviders()
        .map((provider) => provider.name)
        .slice(0, 2),
    ).toEqual(['krea', 'argil']);
  });

  it('refuses a name that cannot key scopes and pollers, and a name registered already', () => {
    expect(() => registerProvider(named('Lumen-2'))).toThrow(/lower-case letters and digits/);
    expect(() => registerProvider(named('krea'))).toThrow(/krea is registered already/);
  });

  it('refuses a simulated API named otherwise than its provider (the sandbox names its settings after it)', () => {
    const sandbox = { name: 'lumin', sizes: {}, load: () => Promise.reject(new Error('never loaded')) };
    expect(() => registerProvider({ ...named('lumen'), sandbox })).toThrow(
      'lumen\'s simulated API is named "lumin"; name it "lumen"',
    );
    expect(registeredProviders().map((provider) => provider.name)).not.toContain('lumen');
  });

  it('refuses a provider once the schema was built from the list, saying so', async () => {
    registerProvider(named('early'));
    expect(registeredProviders().map((provider) => provider.name)).toContain('early');
    await import('../../src/schema/index.js');
    expect(() => registerProvider(named('late'))).toThrow(
      'registerProvider(late): the schema (src/schema/index.ts) was built already; register providers before importing it',
    );
    expect(registeredProviders().map((provider) => provider.name)).not.toContain('late');
  });
});
