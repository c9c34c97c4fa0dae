// Validates the built-in price table (prices.json) into typed rows once, at module load: a bad edit to
// the data file fails the first test and the gateway's start, never a request.
import rawPriceData from './prices.json' with { type: 'json' };
import { MODEL_FAMILIES, type BuiltinModel, type BuiltinPrices, type ModelFamily, type PriceTier } from './price-types.js';
import { isRecord, parseTokenRates, rejectUnknownKeys } from './token-rates.js';

const ROW_KEYS = ['id', 'name', 'prefixes', 'prices', 'tiers', 'fast', 'note'];

function parseTiers(value: unknown, where: string): PriceTier[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`${where}.tiers: expected an array`);
  const tiers = value.map((tier: unknown, i): PriceTier => {
    const at = `${where}.tiers[${i}]`;
    if (!isRecord(tier)) throw new Error(`${at}: expected an object`);
    rejectUnknownKeys(tier, ['abovePromptTokens', 'prices'], at);
    const above = tier['abovePromptTokens'];
    if (typeof above !== 'number' || !Number.isSafeInteger(above) || above <= 0) {
      throw new Error(`${at}.abovePromptTokens: expected a positive integer`);
    }
    return { abovePromptTokens: above, rates: parseTokenRates(tier['prices'], `${at}.prices`) };
  });
  for (let i = 1; i < tiers.length; i++) {
    if ((tiers[i]?.abovePromptTokens ?? 0) <= (tiers[i - 1]?.abovePromptTokens ?? 0)) {
      throw new Error(`${where}.tiers: thresholds must be strictly ascending`);
    }
  }
  return tiers;
}

function parsePrefixes(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.length === 0) throw new Error(`${where}.prefixes: expected a non-empty array`);
  return value.map((p: unknown) => {
    if (typeof p !== 'string' || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(p)) {
      throw new Error(`${where}.prefixes: ${JSON.stringify(p)} is not a lower-case dashed model id prefix`);
    }
    return p;
  });
}

function parseRow(row: unknown, index: number): BuiltinModel {
  const where = `prices.json models[${index}]`;
  if (!isRecord(row)) throw new Error(`${where}: expected an object`);
  rejectUnknownKeys(row, ROW_KEYS, where);
  const id = row['id'];
  const name = row['name'];
  if (typeof id !== 'string' || id === '') throw new Error(`${where}.id: expected a non-empty string`);
  if (typeof name !== 'string' || name === '') throw new Error(`${where}.name: expected a non-empty string`);
  return {
    id,
    prefixes: parsePrefixes(row['prefixes'], where),
    price: {
      name,
      base: parseTokenRates(row['prices'], `${where}.prices`),
      tiers: parseTiers(row['tiers'], where),
      fast: row['fast'] === undefined ? undefined : parseTokenRates(row['fast'], `${where}.fast`),
    },
  };
}

function parseFamilyFallbacks(value: unknown, models: readonly BuiltinModel[]): Map<ModelFamily, BuiltinModel> {
  if (!isRecord(value)) throw new Error('prices.json familyFallbacks: expected an object');
  rejectUnknownKeys(value, MODEL_FAMILIES, 'prices.json familyFallbacks');
  const fallbacks = new Map<ModelFamily, BuiltinModel>();
  for (const family of MODEL_FAMILIES) {
    const id = value[family];
    const model = models.find((m) => m.id === id);
    if (!model) throw new Error(`prices.json familyFallbacks.${family}: ${JSON.stringify(id)} is not a model id`);
    fallbacks.set(family, model);
  }
  return fallbacks;
}

/** Validates price data shaped like prices.json; throws an Error naming the row and field. */
export function parsePriceData(data: unknown): BuiltinPrices {
  if (!isRecord(data) || !Array.isArray(data['models'])) throw new Error('prices.json: expected { models: [...] }');
  const models = data['models'].map((row: unknown, i) => parseRow(row, i));
  const seenIds = new Set<string>();
  const seenPrefixes = new Set<string>();
  for (const model of models) {
    if (seenIds.has(model.id)) throw new Error(`prices.json: duplicate id "${model.id}"`);
    seenIds.add(model.id);
    for (const prefix of model.prefixes) {
      if (seenPrefixes.has(prefix)) throw new Error(`prices.json: prefix "${prefix}" is listed twice`);
      seenPrefixes.add(prefix);
    }
  }
  return { models, familyFallbacks: parseFamilyFallbacks(data['familyFallbacks'], models) };
}

/** The built-in price table shipped with the gateway. */
export const BUILTIN_PRICES: BuiltinPrices = parsePriceData(rawPriceData);
