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
  private readonly tallies = new Map<string, Tally>();
  private readonly labelNames: readonly string[];

  constructor({ name, help, labelNames, registry }: TalliedCounterConfiguration) {
    this.labelNames = labelNames;
    const tallies = this.tallies;
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        for (const tally of tallies.values()) {
          if (tally.count === 0) continue;
          this.inc(tally.labels, tally.count);
          tally.count = 0;
        }
      },
    });
  }

  /** Counts one for these label values, in `labelNames`' order (the gateway's own words: none holds a NUL). */
  inc(...values: string[]): void {
    const key = values.length === 1 ? values[0]! : values.join('\0');
    const tally = this.tallies.get(key);
    if (tally) {
      tally.count += 1;
      return;
    }
    const labels: Record<string, string> = {};
    this.labelNames.forEach((name, i) => {
      labels[name] = values[i]!;
    });
    this.tallies.set(key, { labels, count: 1 });
  }
}
