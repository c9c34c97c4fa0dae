// A chart with its title, the time zone its times are in, and its table twin (the exact
// figures, for screen readers and tests) under a disclosure.
import type { ComponentChildren } from 'preact';
import { t } from '../i18n/i18n.js';

/** A titled chart card; `table` is the chart's twin. */
export function ChartCard(props: { title: string; tz?: string; testid: string; children: ComponentChildren; table: ComponentChildren; openTable?: boolean }) {
  return (
    <section class="card chart-card" data-testid={props.testid}>
      <header class="card-head">
        <h3>{props.title}</h3>
        {props.tz ? (
          <span class="tz-note" data-testid={`${props.testid}-tz`}>
            {t('chart.timesIn', { tz: props.tz })}
          </span>
        ) : null}
      </header>
      {props.children}
      <details class="table-twin" open={props.openTable}>
        <summary>{t('chart.showTable')}</summary>
        <div class="table-scroll">{props.table}</div>
      </details>
    </section>
  );
}
