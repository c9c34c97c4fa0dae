// Numbers as the dashboard shows them: exact figures for tables (integers, USD to the nano-dollar)
// and short ones for cards and axes, in the UI's locale.
import { locale, t } from '../i18n/i18n.js';

const NANO_PER_USD = 1_000_000_000;

/** An integer with grouping, exact. */
export function formatInt(n: number): string {
  return new Intl.NumberFormat(locale.value, { maximumFractionDigits: 0 }).format(n);
}

/** Exact USD of integer nano-USD: every significant digit, at least two decimals ($1.23456789). */
export function formatUsdExact(nano: number): string {
  const sign = nano < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(nano));
  const whole = Math.floor(abs / NANO_PER_USD);
  const frac = String(abs % NANO_PER_USD).padStart(9, '0').replace(/0+$/, '').padEnd(2, '0');
  return `${sign}$${formatInt(whole)}.${frac}`;
}

/** USD for cards and axes: cents, or four decimals for small non-zero amounts. */
export function formatUsd(usd: number): string {
  const small = usd !== 0 && Math.abs(usd) < 1;
  return new Intl.NumberFormat(locale.value, { style: 'currency', currency: 'USD', currencyDisplay: 'narrowSymbol', minimumFractionDigits: small ? 4 : 2, maximumFractionDigits: small ? 4 : 2 }).format(usd);
}

/** USD of nano-USD, short form. */
export function formatNanoUsd(nano: number): string {
  return formatUsd(nano / NANO_PER_USD);
}

/** A compact count (12.3K, 1.2万). */
export function formatCompact(n: number): string {
  return new Intl.NumberFormat(locale.value, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

/** A ratio 0..1 as a percentage with one decimal. */
export function formatPercent(ratio: number): string {
  return new Intl.NumberFormat(locale.value, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ratio);
}

/** Milliseconds as "850 ms" or "1.24 s". */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return t('unit.ms', { n: Math.round(ms) });
  return t('unit.s', { n: (ms / 1000).toFixed(2) });
}
