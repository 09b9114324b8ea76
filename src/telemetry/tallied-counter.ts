/**
 * A prom-client counter counted on the hot path as plain numbers: prom-client
 * hashes and validates the labels on every `inc` (about a microsecond for
 * each of a request's three counts), so each label set's increments are
 * tallied here and handed to the counter when it is scraped (its `collect`).
 * A scrape reads the same values.
 */
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';

interface Tally {
  labels: Record<string, string>;
  count: number;
}

export interface TalliedCounterConfiguration {
  name: string;
  help: string;
  labelNames: readonly string[];
  registry: Registry;
}

export class TalliedCounter {
  /** By the first label's value, then the second's (one or two labels: what the gateway's counters have). */
  private readonly tallies = new Map<string, Map<string | undefined, Tally>>();
  private readonly labelNames: readonly string[];

  constructor({ name, help, labelNames, registry }: TalliedCounterConfiguration) {
    if (labelNames.length < 1 || labelNames.length > 2) throw new Error('a tallied counter has one or two labels');
    this.labelNames = labelNames;
    const tallies = this.tallies;
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        for (const byFirst of tallies.values()) {
          for (const tally of byFirst.values()) {
            if (tally.count === 0) continue;
            this.inc(tally.labels, tally.count);
            tally.count = 0;
          }
        }
      },
    });
  }

  /**
   * Counts one for these label values, in `labelNames`' order. Looked up by
   * the values themselves (constant strings whose hash the engine keeps):
   * no key is made per count.
   */
  inc(first: string, second?: string): void {
    let byFirst = this.tallies.get(first);
    if (!byFirst) this.tallies.set(first, (byFirst = new Map()));
    const tally = byFirst.get(second);
    if (tally) {
      tally.count += 1;
      return;
    }
    const labels: Record<string, string> = { [this.labelNames[0]!]: first };
    if (this.labelNames.length === 2) labels[this.labelNames[1]!] = second ?? '';
    byFirst.set(second, { labels, count: 1 });
  }
}
