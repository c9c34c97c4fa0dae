// The one-line status a Claude Code statusline shows: spend against each limited window and
// today's prompt-cache hit rate, e.g. "CCGate $1.23/$10 today · 5h $0.40/$3 · cache 87%". Pure.
import type { WindowKind } from '../../domain/budget-windows.js';
import { nanoToUsd } from '../../domain/money.js';

/** What the line is made of. */
export interface StatuslineFacts {
  windows: ReadonlyArray<{ kind: WindowKind; usedNano: number; limitNano: number }>;
  /** Charged today in the tenant's zone (shown when there is no daily limit). */
  todayChargedNano: number;
  /** Today's cache hit rate, or null without cacheable input today. */
  cacheHitRate: number | null;
  enabled: boolean;
}

const ORDER: readonly WindowKind[] = ['daily', '5h', 'weekly', 'monthly'];
const LABEL: Record<Exclude<WindowKind, 'daily'>, string> = { '5h': '5h', weekly: 'week', monthly: 'month' };

/** "$1.23"; a whole-dollar limit as "$10". */
function usd(nano: number, wholeIfExact: boolean): string {
  const v = nanoToUsd(nano);
  return wholeIfExact && Number.isInteger(v) ? `$${v}` : `$${v.toFixed(2)}`;
}

/** The status line (no trailing newline). */
export function statuslineText(f: StatuslineFacts): string {
  const parts: string[] = [];
  const windows = [...f.windows].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  if (!windows.some((w) => w.kind === 'daily')) parts.push(`${usd(f.todayChargedNano, false)} today`);
  for (const w of windows) {
    const amounts = `${usd(w.usedNano, false)}/${usd(w.limitNano, true)}`;
    parts.push(w.kind === 'daily' ? `${amounts} today` : `${LABEL[w.kind]} ${amounts}`);
  }
  if (f.cacheHitRate !== null) parts.push(`cache ${Math.round(f.cacheHitRate * 100)}%`);
  if (!f.enabled) parts.push('disabled');
  return `CCGate ${parts.join(' · ')}`;
}
