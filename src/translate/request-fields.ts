// Small readers for untrusted request JSON: each returns a typed value or throws a 400 that names
// the offending field (OpenAI's `param`), so clients see exactly what to fix.
import { GatewayError } from '../domain/errors.js';

/** A 400 `invalid_request` error about one field. */
export function invalidField(param: string, message: string): GatewayError {
  return new GatewayError('invalid_request', message, { param });
}

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Absent or null → undefined; otherwise must be a finite number. */
export function optionalNumber(value: unknown, param: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalidField(param, `'${param}' must be a number`);
  }
  return value;
}

/** Absent or null → undefined; otherwise must be a string. */
export function optionalString(value: unknown, param: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidField(param, `'${param}' must be a string`);
  return value;
}

/** Absent or null → undefined; otherwise must be a boolean. */
export function optionalBoolean(value: unknown, param: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidField(param, `'${param}' must be a boolean`);
  return value;
}

/** Must be a string (possibly empty). */
export function requiredString(value: unknown, param: string): string {
  if (typeof value !== 'string') throw invalidField(param, `'${param}' must be a string`);
  return value;
}

/** Must be a JSON object. */
export function requiredRecord(value: unknown, param: string): Record<string, unknown> {
  if (!isRecord(value)) throw invalidField(param, `'${param}' must be an object`);
  return value;
}
