// Per-token charged rates of a model for the cache-saving figures, read from the running price
// book through the ledger's Pricer with synthetic usages (no second copy of the pricing rules).
// The probe size stays below every long-context tier, so the rates are the model's standard ones;
// requests that were charged a tier's higher rates saved proportionally more than shown.
import type { Pricer } from '../../accounting/ledger.js';
import { emptyUsage, type Usage } from '../../domain/usage.js';
import type { CacheRates } from './usage-report.js';

/** Tokens priced per probe: small enough for the base tier, large enough for exact nano rates. */
const PROBE_TOKENS = 10_000;

/** Rates by tenant multiplier and model, memoised for one report. */
export function cacheRateLookup(price: Pricer, multiplierOf: (tenantId: string) => number): (tenantId: string, model: string) => CacheRates | undefined {
  const memo = new Map<string, CacheRates>();
  return (tenantId, model) => {
    const mult = multiplierOf(tenantId);
    const key = `${mult}\0${model}`;
    let rates = memo.get(key);
    if (!rates) {
      const perToken = (u: Partial<Usage>) => price(model, { ...emptyUsage(), ...u }, 1, mult).chargedCostNano / PROBE_TOKENS;
      rates = {
        inputNano: perToken({ inputTokens: PROBE_TOKENS }),
        cacheReadNano: perToken({ cacheReadTokens: PROBE_TOKENS }),
        cacheWrite5mNano: perToken({ cacheCreationTokens: PROBE_TOKENS, cacheWrite5mTokens: PROBE_TOKENS }),
        cacheWrite1hNano: perToken({ cacheCreationTokens: PROBE_TOKENS, cacheWrite1hTokens: PROBE_TOKENS }),
      };
      if (memo.size > 1_000) memo.clear();
      memo.set(key, rates);
    }
    return rates;
  };
}
