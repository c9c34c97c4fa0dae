// Models that were charged at a fallback price: logged once each and shown in /health so the
// admin can add a price. Bounded, since model names come from clients.

/** Upper bound on remembered model names. */
export const MAX_FLAGGED_MODELS = 200;

export class FlaggedModels {
  private readonly models = new Map<string, number>();

  /** Records a flagged charge; returns true the first time a model is seen. */
  add(model: string): boolean {
    const count = this.models.get(model);
    if (count !== undefined) {
      this.models.set(model, count + 1);
      return false;
    }
    if (this.models.size >= MAX_FLAGGED_MODELS) return false;
    this.models.set(model, 1);
    return true;
  }

  /** Each flagged model with how many requests were charged at a fallback price. */
  list(): Array<{ model: string; requests: number }> {
    return [...this.models].map(([model, requests]) => ({ model, requests }));
  }
}
