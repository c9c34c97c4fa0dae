// The tenant form's fields as text (what the inputs hold) and their conversion to the API's
// TenantInput, with the reasons a value is refused.
import type { TenantInput, TenantLimitsJson, TenantRow } from '../../api/contract.js';

export interface TenantFields {
  id: string;
  name: string;
  enabled: boolean;
  allowedModels: string;
  daily: string;
  weekly: string;
  monthly: string;
  fiveHour: string;
  rpm: string;
  concurrency: string;
  timezone: string;
  priceMultiplier: string;
}

/** Which field is wrong and why (a dictionary key). */
export type FieldError = { field: keyof TenantFields; reason: 'required' | 'number' | 'integer' | 'multiplier' };

/** Form text of an existing tenant (or defaults for a new one). */
export function fieldsOf(row: TenantRow | undefined, defaultTz: string): TenantFields {
  const usd = (v: { maxUSD: number } | undefined) => (v === undefined ? '' : String(v.maxUSD));
  const int = (v: number | undefined) => (v === undefined ? '' : String(v));
  return {
    id: row?.id ?? '',
    name: row?.name ?? '',
    enabled: row?.enabled ?? true,
    allowedModels: (row?.allowedModels ?? ['*']).join('\n'),
    daily: usd(row?.limits.daily),
    weekly: usd(row?.limits.weekly),
    monthly: usd(row?.limits.monthly),
    fiveHour: usd(row?.limits['5h']),
    rpm: int(row?.limits.requestsPerMinute),
    concurrency: int(row?.limits.concurrentRequests),
    timezone: row?.timezone ?? defaultTz,
    priceMultiplier: row ? String(row.priceMultiplier) : '1',
  };
}

function money(text: string, field: keyof TenantFields, errors: FieldError[]): { maxUSD: number } | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) {
    errors.push({ field, reason: 'number' });
    return undefined;
  }
  return { maxUSD: n };
}

function count(text: string, field: keyof TenantFields, errors: FieldError[]): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) {
    errors.push({ field, reason: 'integer' });
    return undefined;
  }
  return n;
}

/** The API input of the form, or the errors that stop it. Blank limits mean "no limit". */
export function inputOf(f: TenantFields, creating: boolean): { input: TenantInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (f.name.trim() === '') errors.push({ field: 'name', reason: 'required' });
  const limits: TenantLimitsJson = {};
  const daily = money(f.daily, 'daily', errors);
  const weekly = money(f.weekly, 'weekly', errors);
  const monthly = money(f.monthly, 'monthly', errors);
  const fiveHour = money(f.fiveHour, 'fiveHour', errors);
  const rpm = count(f.rpm, 'rpm', errors);
  const concurrency = count(f.concurrency, 'concurrency', errors);
  if (daily) limits.daily = daily;
  if (weekly) limits.weekly = weekly;
  if (monthly) limits.monthly = monthly;
  if (fiveHour) limits['5h'] = fiveHour;
  if (rpm !== undefined) limits.requestsPerMinute = rpm;
  if (concurrency !== undefined) limits.concurrentRequests = concurrency;
  // 0 is allowed, as in tenants.json: a tenant whose usage is counted but charged nothing.
  const multiplier = Number(f.priceMultiplier);
  if (f.priceMultiplier.trim() === '' || !Number.isFinite(multiplier) || multiplier < 0) errors.push({ field: 'priceMultiplier', reason: 'multiplier' });
  const models = f.allowedModels
    .split(/[\n,]/)
    .map((m) => m.trim())
    .filter(Boolean);
  const input: TenantInput = {
    name: f.name.trim(),
    enabled: f.enabled,
    allowedModels: models,
    limits,
    timezone: f.timezone,
    priceMultiplier: multiplier,
    ...(creating && f.id.trim() ? { id: f.id.trim() } : {}),
  };
  return { input, errors };
}
