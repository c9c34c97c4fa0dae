// Range and bucket pickers: presets, custom local dates, hour/day buckets. The dates are sent as
// they are; the server resolves them in the report's zone.
import type { Signal } from '@preact/signals';
import type { BucketWidth, Preset } from '../api/contract.js';
import { defaultBucket, type RangeChoice } from '../api/usage-query.js';
import { t, type MessageKey } from '../i18n/i18n.js';

const PRESETS: ReadonlyArray<[Preset, MessageKey]> = [
  ['today', 'range.today'],
  ['yesterday', 'range.yesterday'],
  ['7d', 'range.7d'],
  ['30d', 'range.30d'],
  ['month', 'range.month'],
];

/** Today's date (YYYY-MM-DD) in `tz`, to prefill the custom range. */
function todayIn(tz: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(Date.now());
}

/** Picks a range and a bucket width. */
export function RangeControls(props: { range: Signal<RangeChoice>; bucket: Signal<BucketWidth>; tz: string }) {
  const r = props.range.value;
  const custom = !('preset' in r);
  const choose = (next: RangeChoice) => {
    props.range.value = next;
    props.bucket.value = defaultBucket(next);
  };
  return (
    <div class="range-controls" role="group" aria-label={t('range.label')}>
      <div class="segmented" role="group" aria-label={t('range.label')}>
        {PRESETS.map(([preset, label]) => (
          <button type="button" key={preset} data-testid={`range-${preset}`} aria-pressed={'preset' in r && r.preset === preset} onClick={() => choose({ preset })}>
            {t(label)}
          </button>
        ))}
        <button
          type="button"
          data-testid="range-custom"
          aria-pressed={custom}
          onClick={() => {
            if (!custom) choose({ fromDate: todayIn(props.tz), toDate: todayIn(props.tz) });
          }}
        >
          {t('range.custom')}
        </button>
      </div>
      {custom ? (
        <div class="custom-dates">
          <label>
            {t('range.from')}
            <input type="date" data-testid="range-from" value={r.fromDate} max={r.toDate} onChange={(e) => e.currentTarget.value && choose({ fromDate: e.currentTarget.value, toDate: r.toDate < e.currentTarget.value ? e.currentTarget.value : r.toDate })} />
          </label>
          <label>
            {t('range.to')}
            <input type="date" data-testid="range-to" value={r.toDate} min={r.fromDate} onChange={(e) => e.currentTarget.value && choose({ fromDate: r.fromDate > e.currentTarget.value ? e.currentTarget.value : r.fromDate, toDate: e.currentTarget.value })} />
          </label>
        </div>
      ) : null}
      <div class="segmented" role="group" aria-label={t('range.bucket')}>
        {(['hour', 'day'] as const).map((b) => (
          <button type="button" key={b} data-testid={`bucket-${b}`} aria-pressed={props.bucket.value === b} onClick={() => (props.bucket.value = b)}>
            {b === 'hour' ? t('range.byHour') : t('range.byDay')}
          </button>
        ))}
      </div>
    </div>
  );
}
