// A prom-client counter whose series are plain numbers between scrapes. prom-client's `inc`
// hashes the label set into a string and checks it on every call, even on a labelled child: over
// the five counters a request touches that was ~4 KB of garbage and a few µs per request (V8's
// sampling heap profiler). Here a count is found through nested maps keyed by the label values
// themselves (nothing built per call) and added to a number; prom-client's `collect` hook, run at
// each scrape, hands it the totals. The exposition (names, help, labels, format) is prom-client's.
import { Counter, type Registry } from 'prom-client';

type Key = string | number;

/** A counter with two or three labels. */
export class Tally<L extends string> {
  readonly #root = new Map<Key, Map<Key, unknown>>();

  /** `divisor`: counts are kept in a smaller unit (whole nano-USD) and published divided by it. */
  constructor(registry: Registry, name: string, help: string, private readonly labelNames: readonly [L, L] | readonly [L, L, L], divisor = 1) {
    const publish = (counter: Counter<L>) => {
      counter.reset();
      this.#each((labels, value) => counter.inc(labels, value / divisor));
    };
    new Counter<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        publish(this);
      },
    });
  }

  /** Adds `value` to the series of these label values (numbers are written as decimal strings). */
  add(value: number, a: Key, b: Key, c?: Key): void {
    let level1 = this.#root.get(a);
    if (level1 === undefined) this.#root.set(a, (level1 = new Map()));
    if (this.labelNames.length === 2) {
      level1.set(b, ((level1.get(b) as number | undefined) ?? 0) + value);
      return;
    }
    let level2 = level1.get(b) as Map<Key, number> | undefined;
    if (level2 === undefined) level1.set(b, (level2 = new Map()));
    level2.set(c!, (level2.get(c!) ?? 0) + value);
  }

  #each(visit: (labels: Partial<Record<L, string>>, value: number) => void): void {
    const [n1, n2, n3] = this.labelNames;
    for (const [a, level1] of this.#root) {
      for (const [b, inner] of level1) {
        if (n3 === undefined) visit({ [n1]: String(a), [n2]: String(b) } as Partial<Record<L, string>>, inner as number);
        else for (const [c, value] of inner as Map<Key, number>) visit({ [n1]: String(a), [n2]: String(b), [n3]: String(c) } as Partial<Record<L, string>>, value);
      }
    }
  }
}
