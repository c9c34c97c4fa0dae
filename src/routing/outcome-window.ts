// The last N outcomes of one upstream as a ring, so its error rate reflects recent traffic and
// costs O(1) per outcome.

/** Fixed-size ring of recent outcomes (failed or not). */
export class OutcomeWindow {
  readonly #failed: Uint8Array;
  #next = 0;
  #count = 0;
  #failures = 0;

  constructor(size: number) {
    this.#failed = new Uint8Array(Math.max(1, size));
  }

  /** Adds an outcome, forgetting the oldest once the window is full. */
  push(failed: boolean): void {
    const size = this.#failed.length;
    if (this.#count === size) this.#failures -= this.#failed[this.#next]!;
    else this.#count++;
    this.#failed[this.#next] = failed ? 1 : 0;
    if (failed) this.#failures++;
    this.#next = (this.#next + 1) % size;
  }

  /** Outcomes currently in the window. */
  get count(): number {
    return this.#count;
  }

  /** Failed share of the window (0..1), or null when empty. */
  get errorRate(): number | null {
    return this.#count === 0 ? null : this.#failures / this.#count;
  }
}
