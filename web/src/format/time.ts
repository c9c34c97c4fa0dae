// Instants shown in a named IANA zone (the report's, never the browser's by accident) and
// countdowns in the UI language.
import { locale, t } from '../i18n/i18n.js';

/** Date and time of an epoch-ms instant in `tz` (YYYY-MM-DD HH:MM style of the locale). */
export function formatDateTime(ms: number, tz: string): string {
  return new Intl.DateTimeFormat(locale.value, { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(ms);
}

/** HH:MM in `tz`, with the date in front when it is not the same local day as `nowMs`. */
export function formatClock(ms: number, tz: string, nowMs: number): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
  const sameDay = day.format(ms) === day.format(nowMs);
  return new Intl.DateTimeFormat(locale.value, { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(sameDay ? {} : { month: 'short', day: 'numeric' }) }).format(ms);
}

/** A time span as "2d 4h", "3h 12m", "4m 05s". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return t('duration.dh', { d, h });
  if (h > 0) return t('duration.hm', { h, m });
  return t('duration.ms', { m, s: String(sec).padStart(2, '0') });
}

/** The browser's IANA zone. */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Every IANA zone the browser knows (UTC first). */
export function allZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...zones.filter((z) => z !== 'UTC')];
}
