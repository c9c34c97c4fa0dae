// The --from/--to range of `ccgate usage export`: strict dates so a typo is an error, not an
// empty or silently shifted export.
import { parseIsoInstant } from '../domain/iso-instant.js';
import type { UsageQuery } from '../storage/types.js';
import { EXIT_USAGE, UsageCommandError } from './usage-store.js';

export const RANGE_HELP = 'YYYY-MM-DD (UTC midnight) or an ISO 8601 date-time with a zone, e.g. 2025-09-01T08:00:00Z or 2025-09-01T10:00+02:00';

function instant(flag: string, text: string | undefined): number {
  if (text === undefined) throw new UsageCommandError(`--${flag} is required: ${RANGE_HELP}`, EXIT_USAGE);
  const ms = parseIsoInstant(text.trim());
  if (ms === undefined) throw new UsageCommandError(`--${flag} "${text}" is not a valid date: use ${RANGE_HELP}`, EXIT_USAGE);
  return ms;
}

/** The query of `--from` (inclusive), `--to` (exclusive) and `--tenant`; throws a usage error when they are wrong. */
export function parseUsageRange(flags: { from?: string; to?: string; tenant?: string }): UsageQuery {
  const from = instant('from', flags.from);
  const to = instant('to', flags.to);
  if (from >= to) throw new UsageCommandError(`--from must be before --to (--to is exclusive)`, EXIT_USAGE);
  if (flags.tenant === undefined) return { from, to };
  if (flags.tenant.trim() === '') throw new UsageCommandError('--tenant must not be empty', EXIT_USAGE);
  return { from, to, tenantId: flags.tenant };
}
