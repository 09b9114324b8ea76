/**
 * What callers may spend (runtime-contract.md, "Who is asking, and what they
 * may spend"): QUOTA_CREDITS_PER_DAY, and GENERATION_COSTS, a JSON file
 * whose keys are cost kinds (what the providers declare: Argil's renders,
 * avatars and voices among them) or paid endpoint paths (Krea's):
 * `{ "video": 12, "argilVoice": 3, "/generate/image/bfl/flux-1-dev": 3 }`.
 * The file is read and checked here, once: a bad one stops the process with
 * one line.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { CostTable, PriceList } from '../credits/costs.js';
import { ConfigError, integer, present } from './read.js';
import type { Env } from './read.js';

export interface CreditsConfig {
  /** Credits per subject per UTC day; undefined: nothing is counted. */
  perDay: number | undefined;
  costs: CostTable;
}

/** A cost above this is a typo, not a price. */
const MAX_COST = 1_000_000;

const WHOLE = `expected a whole number of credits from 0 to ${MAX_COST}`;

/** The file's shape: known kinds and paid paths only, each a whole number of credits. */
function costFile(prices: PriceList) {
  const known = (key: string) => Object.hasOwn(prices.defaults, key) || prices.pathKinds.has(key);
  const expected = [`one of ${prices.kinds.join(', ')}`, ...prices.pathNotes].join(' or ');
  return z.record(
    z.string().refine(known, { error: `unknown key: expected ${expected}` }),
    z.number({ error: WHOLE }).int({ error: WHOLE }).min(0, { error: WHOLE }).max(MAX_COST, { error: WHOLE }),
    { error: 'expected a JSON object of costs' },
  );
}

/** The first problem of the file, in one line. */
function problemOf(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const where = issue.path.length > 0 ? `${JSON.stringify(String(issue.path[0])).slice(0, 80)}: ` : '';
  const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  return `${where}${message}`;
}

function readCosts(path: string, prices: PriceList): CostTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError('GENERATION_COSTS', `cannot read ${path} (${code})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError('GENERATION_COSTS', `${path} is not valid JSON`);
  }
  const parsed = costFile(prices).safeParse(json);
  if (!parsed.success) throw new ConfigError('GENERATION_COSTS', `${path}: ${problemOf(parsed.error)}`);
  const kinds: Record<string, number> = { ...prices.defaults };
  const paths = new Map<string, number>();
  for (const [key, cost] of Object.entries(parsed.data)) {
    if (Object.hasOwn(prices.defaults, key)) kinds[key] = cost;
    else paths.set(key, cost);
  }
  return { kinds, paths };
}

export function creditsConfig(env: Env, prices: PriceList): CreditsConfig {
  const perDay =
    present(env, 'QUOTA_CREDITS_PER_DAY') === undefined
      ? undefined
      : integer(env, 'QUOTA_CREDITS_PER_DAY', 0, 0, 1_000_000_000);
  const file = present(env, 'GENERATION_COSTS');
  return { perDay, costs: file === undefined ? { kinds: prices.defaults, paths: new Map() } : readCosts(file, prices) };
}
