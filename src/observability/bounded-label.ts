// Caps the distinct values of a metrics label whose values come from outside (model names,
// upstream error types): each value is a time series kept forever, so a client or a mirror
// inventing new names must not be able to grow the registry without bound.

/** Label value used once the cap is reached. */
export const OVERFLOW_LABEL = 'other';

/** Admits the first `max` distinct values; every later newcomer is reported as `other`. */
export class BoundedLabel {
  readonly #seen = new Set<string>();

  constructor(private readonly max: number) {}

  /** The label value to use for `value`. */
  of(value: string): string {
    if (this.#seen.has(value)) return value;
    if (this.#seen.size >= this.max) return OVERFLOW_LABEL;
    this.#seen.add(value);
    return value;
  }
}
