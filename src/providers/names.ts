/**
 * How a provider is named outside its own folder, derived from the one name
 * it registers under (`krea`): its GraphQL `Provider` value and
 * `extensions.provider` (`KREA`), and its name in messages (`Krea`). Derived,
 * not declared, so an error made deep in the HTTP plumbing, which only knows
 * the upstream's name, says the same as the schema does.
 */

/** `krea` → `KREA`: the `Provider` enum value and `extensions.provider`. */
export function providerCode(name: string): string {
  return name.toUpperCase();
}

/** `krea` → `Krea`: how messages and descriptions name it. */
export function providerDisplayName(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** `x-krea-token` → `X-Krea-Token`: a header as messages spell it. */
export function headerTitle(header: string): string {
  return header.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => `${dash}${letter.toUpperCase()}`);
}
