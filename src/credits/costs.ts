/**
 * What a paid call costs in credits (runtime-contract.md, "Who is asking,
 * and what they may spend"): a default per kind of work, which
 * GENERATION_COSTS may override per kind or per Krea endpoint path
 * (config/credits.ts). One table answers every paid mutation.
 */
import { KREA_GENERATIONS } from '../generated/krea-operations.js';

export const COST_KINDS = [
  'image',
  'video',
  'enhance',
  'styleTraining',
  'nodeApp',
  'argilRender',
  'argilAvatar',
  'argilVoice',
] as const;
export type CostKind = (typeof COST_KINDS)[number];

export const DEFAULT_COSTS: Readonly<Record<CostKind, number>> = Object.freeze({
  image: 1,
  enhance: 2,
  video: 10,
  styleTraining: 20,
  nodeApp: 5,
  argilRender: 10,
  argilAvatar: 10,
  argilVoice: 5,
});

/** Every Krea POST that costs money, as the document writes its path, and its kind. */
export const KREA_PAID_PATHS: ReadonlyMap<string, CostKind> = new Map<string, CostKind>([
  ...KREA_GENERATIONS.map((generation): [string, CostKind] => [generation.path, generation.modality]),
  ['/styles/train', 'styleTraining'],
  ['/node-apps/{id}/execute', 'nodeApp'],
]);

export interface CostTable {
  kinds: Readonly<Record<CostKind, number>>;
  /** Overrides of single Krea endpoints (a path of KREA_PAID_PATHS). */
  paths: ReadonlyMap<string, number>;
}

export const DEFAULT_COST_TABLE: CostTable = { kinds: DEFAULT_COSTS, paths: new Map() };

/** What Argil charges for: a video render, an avatar from an image, a cloned voice. */
export type ArgilPaidCall = 'render' | 'avatar' | 'voice';

const ARGIL_KINDS: Readonly<Record<ArgilPaidCall, CostKind>> = {
  render: 'argilRender',
  avatar: 'argilAvatar',
  voice: 'argilVoice',
};

/** A paid call: a Krea POST by its documented path, or an Argil one. */
export type PaidCall = { kreaPath: string } | { argil: ArgilPaidCall };

export function costOf(table: CostTable, call: PaidCall): number {
  if ('argil' in call) return table.kinds[ARGIL_KINDS[call.argil]];
  const own = table.paths.get(call.kreaPath);
  if (own !== undefined) return own;
  const kind = KREA_PAID_PATHS.get(call.kreaPath);
  // A paid call the table does not know is a bug of ours, never a free call.
  if (kind === undefined) throw new Error(`no cost for ${call.kreaPath}`);
  return table.kinds[kind];
}
