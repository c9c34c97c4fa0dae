// Reads prices written in USD per million tokens (data file and config overrides) into exact integer
// pico-USD per token, and back for display. One parser, so both sources fail with the same messages.
import type { TokenRatesPico } from './price-types.js';

/** 1 USD per MTok = 1e-6 USD per token = 1e6 pico-USD per token. */
export const PICO_PER_TOKEN_PER_USD_PER_MTOK = 1_000_000;

/** The field names a price object has in the data file and in config, all USD per MTok. */
export const PRICE_FIELDS = ['input', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead', 'output'] as const;

export type PriceField = (typeof PRICE_FIELDS)[number];

const PICO_KEY: Record<PriceField, keyof TokenRatesPico> = {
  input: 'inputPico',
  cacheWrite5m: 'cacheWrite5mPico',
  cacheWrite1h: 'cacheWrite1hPico',
  cacheRead: 'cacheReadPico',
  output: 'outputPico',
};

/**
 * USD per MTok → integer pico-USD per token, or undefined when the value is negative, not finite,
 * or finer than 1 pico-USD per token (more than 6 decimals), which an integer cannot hold exactly.
 */
export function usdPerMTokToPico(usdPerMTok: number): number | undefined {
  if (!Number.isFinite(usdPerMTok) || usdPerMTok < 0) return undefined;
  const scaled = usdPerMTok * PICO_PER_TOKEN_PER_USD_PER_MTOK;
  const pico = Math.round(scaled);
  // 0.1 × 1e6 lands a hair off 100000 in binary floating point; a real 7th decimal is off by ≥ 0.1.
  if (Math.abs(scaled - pico) > 1e-3 || !Number.isSafeInteger(pico)) return undefined;
  return pico;
}

/** Integer pico-USD per token → USD per MTok, for display. */
export function picoToUsdPerMTok(pico: number): number {
  return pico / PICO_PER_TOKEN_PER_USD_PER_MTOK;
}

/** The rates of one band as USD per MTok, keyed like the data file. */
export function ratesToUsdPerMTok(rates: TokenRatesPico): Record<PriceField, number> {
  return {
    input: picoToUsdPerMTok(rates.inputPico),
    cacheWrite5m: picoToUsdPerMTok(rates.cacheWrite5mPico),
    cacheWrite1h: picoToUsdPerMTok(rates.cacheWrite1hPico),
    cacheRead: picoToUsdPerMTok(rates.cacheReadPico),
    output: picoToUsdPerMTok(rates.outputPico),
  };
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws when `value` has a key outside `allowed`, so a typo such as "cache_read" is never ignored. */
export function rejectUnknownKeys(value: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new Error(`${where}: unknown field "${key}" (expected ${allowed.join(', ')})`);
    }
  }
}

/**
 * Parses `{ input, cacheWrite5m, cacheWrite1h, cacheRead, output }` (all required, USD per MTok);
 * `extraKeys` are tolerated for the caller to read. `where` starts every error message so it names
 * the config key or data row.
 */
export function parseTokenRates(value: unknown, where: string, extraKeys: readonly string[] = []): TokenRatesPico {
  if (!isRecord(value)) {
    throw new Error(`${where}: expected an object with ${PRICE_FIELDS.join(', ')} in USD per million tokens`);
  }
  rejectUnknownKeys(value, [...PRICE_FIELDS, ...extraKeys], where);
  const rates: TokenRatesPico = { inputPico: 0, cacheWrite5mPico: 0, cacheWrite1hPico: 0, cacheReadPico: 0, outputPico: 0 };
  for (const field of PRICE_FIELDS) {
    const raw = value[field];
    if (raw === undefined) {
      throw new Error(`${where}: field "${field}" is missing (USD per million tokens)`);
    }
    const pico = typeof raw === 'number' ? usdPerMTokToPico(raw) : undefined;
    if (pico === undefined) {
      throw new Error(
        `${where}: field "${field}" must be a number ≥ 0 in USD per million tokens with at most 6 decimals (got ${describe(raw)})`,
      );
    }
    rates[PICO_KEY[field]] = pico;
  }
  return rates;
}
