// The time-zone picker (IANA names the browser knows); the choice is remembered.
import type { Signal } from '@preact/signals';
import { allZones } from '../format/time.js';
import { t } from '../i18n/i18n.js';
import { writePref } from '../prefs/stored.js';

let zones: string[] | undefined;

/** Picks the zone usage is bucketed and shown in. */
export function TzPicker(props: { tz: Signal<string> }) {
  zones ??= allZones();
  const list = zones.includes(props.tz.value) ? zones : [props.tz.value, ...zones];
  return (
    <label class="tz-picker">
      {t('tz.label')}
      <select
        data-testid="tz-picker"
        value={props.tz.value}
        onChange={(e) => {
          props.tz.value = e.currentTarget.value;
          writePref('tz', e.currentTarget.value);
        }}
      >
        {list.map((z) => (
          <option key={z} value={z}>
            {z}
          </option>
        ))}
      </select>
    </label>
  );
}
