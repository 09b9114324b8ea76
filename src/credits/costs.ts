/**
 * What a paid call costs in credits (runtime-contract.md, "Who is asking,
 * and what they may spend"): each provider declares its kinds of paid work
 * with a default cost, and the endpoints it prices by path (ProviderModule's
 * `costs`); GENERATION_COSTS may override a kind or a single path
 * (config/credits.ts). One table answers every paid mutation.
 */

/** What one provider charges for. */
export interface CostDeclaration {
  /** Its kinds of paid work and their default costs (`{ argilRender: 10 }`); one namespace across providers. */
  kinds: Readonly<Record<string, number>>;
  /** Its paid endpoints, by the path its document writes, and the kind each is. */
  paths?: ReadonlyMap<string, string> | undefined;
  /** A path of `paths` for messages (GENERATION_COSTS' errors). */
  examplePath?: string | undefined;
}

/** Every registered provider's declarations together. */
export interface PriceList {
  /** Every kind, in the providers' order. */
  kinds: readonly string[];
  defaults: Readonly<Record<string, number>>;
  /** Which kind a paid path is. */
  pathKinds: ReadonlyMap<string, string>;
  /** "the path of a paid Krea endpoint (such as …)", per provider that prices paths. */
  pathNotes: readonly string[];
}

export function priceList(
  declarations: ReadonlyArray<{ displayName: string; costs?: CostDeclaration | undefined }>,
): PriceList {
  const defaults: Record<string, number> = {};
  const pathKinds = new Map<string, string>();
  const pathNotes: string[] = [];
  for (const { displayName, costs } of declarations) {
    if (!costs) continue;
    for (const [kind, cost] of Object.entries(costs.kinds)) {
      if (Object.hasOwn(defaults, kind)) throw new Error(`two providers declare the cost kind ${kind}`);
      defaults[kind] = cost;
    }
    for (const [path, kind] of costs.paths ?? []) {
      if (!Object.hasOwn(costs.kinds, kind))
        throw new Error(`${displayName}'s paid path ${path} is of an undeclared kind ${kind}`);
      if (pathKinds.has(path)) throw new Error(`two providers price the path ${path}`);
      pathKinds.set(path, kind);
    }
    if (costs.paths && costs.paths.size > 0) {
      const example = costs.examplePath ? ` (such as ${costs.examplePath})` : '';
      pathNotes.push(`the path of a paid ${displayName} endpoint${example}`);
    }
  }
  return { kinds: Object.keys(defaults), defaults: Object.freeze(defaults), pathKinds, pathNotes };
}

export interface CostTable {
  kinds: Readonly<Record<string, number>>;
  /** Overrides of single endpoints (a path of the price list's `pathKinds`). */
  paths: ReadonlyMap<string, number>;
}

/** A paid call: a kind of work, or an endpoint priced by its documented path. */
export type PaidCall = { kind: string } | { path: string };

export function costOf(table: CostTable, pathKinds: ReadonlyMap<string, string>, call: PaidCall): number {
  let kind: string | undefined;
  if ('kind' in call) kind = call.kind;
  else {
    const own = table.paths.get(call.path);
    if (own !== undefined) return own;
    kind = pathKinds.get(call.path);
  }
  const cost = kind === undefined ? undefined : table.kinds[kind];
  // A paid call the table does not know is a bug of ours, never a free call.
  if (cost === undefined) throw new Error(`no cost for ${'kind' in call ? call.kind : call.path}`);
  return cost;
}
