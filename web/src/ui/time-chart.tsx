// A time-series chart (uPlot, canvas) over the server's buckets. The x axis is the bucket index
// labelled with the server's own bucket labels, so the client never computes a boundary or a
// time-zone offset. Colours follow the theme; the chart is rebuilt when data or theme change.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { t } from '../i18n/i18n.js';
import { theme } from '../prefs/theme.js';
import { cssVar, seriesColour } from './palette.js';

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
  /** Index into the series palette. */
  colour: number;
  /** Filled area under the line. */
  area?: boolean;
}

/** A short axis label from a server label: "14:00" within a day, "12-02" at midnight or for days. */
export function axisLabel(label: string): string {
  const [date, time] = label.split(' ');
  if (time && time !== '00:00') return time;
  return (date ?? label).slice(5);
}

function withAlpha(colour: string, alpha: string): string {
  return /^#[0-9a-f]{6}$/i.test(colour) ? colour + alpha : colour;
}

/** A line chart of `series` over `labels`; `format` renders y values. */
export function TimeChart(props: { labels: string[]; series: ChartSeries[]; format: (v: number) => string; testid: string; ariaLabel: string; xLabel: string; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const currentTheme = theme.value;
  const dataKey = JSON.stringify([props.labels, props.series, props.xLabel]);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const axisColour = cssVar('--muted');
    const gridColour = cssVar('--grid');
    const labels = props.labels;
    const opts: uPlot.Options = {
      width: Math.max(240, el.clientWidth),
      height: props.height ?? 240,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false } },
      axes: [
        { stroke: axisColour, grid: { stroke: gridColour, width: 1 }, ticks: { stroke: gridColour }, values: (_u, splits) => splits.map((i) => (Number.isInteger(i) && labels[i] !== undefined ? axisLabel(labels[i]) : '')), space: 60 },
        { stroke: axisColour, grid: { stroke: gridColour, width: 1 }, ticks: { stroke: gridColour }, values: (_u, splits) => splits.map((v) => props.format(v)), size: 70 },
      ],
      series: [
        { label: props.xLabel, value: (_u, i) => (i === null ? '' : (labels[i] ?? '')) },
        ...props.series.map((s) => {
          const colour = seriesColour(s.colour);
          return {
            label: s.label,
            stroke: colour,
            width: 2,
            ...(s.area ? { fill: withAlpha(colour, '33') } : {}),
            points: { show: labels.length <= 48 },
            value: (_u: uPlot, v: number | null) => (v === null ? '—' : props.format(v)),
          };
        }),
      ],
    };
    const data: uPlot.AlignedData = [labels.map((_l, i) => i), ...props.series.map((s) => s.values)];
    const chart = new uPlot(opts, data, el);
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(240, el.clientWidth), height: props.height ?? 240 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [dataKey, currentTheme]);
  if (props.labels.length === 0) {
    return (
      <p class="muted" data-testid={props.testid}>
        {t('common.noData')}
      </p>
    );
  }
  return <div class="time-chart" ref={box} data-testid={props.testid} role="img" aria-label={props.ariaLabel} />;
}
