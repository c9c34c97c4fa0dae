// Prompt caching at a glance: hit rate, dollars the cached reads saved, what cache writes cost
// above plain input, and the net, beside the token split. No peer dashboard shows the dollars.
import type { CacheJson, TokensJson } from '../api/contract.js';
import { formatCompact, formatNanoUsd, formatPercent } from '../format/numbers.js';
import { t } from '../i18n/i18n.js';
import { IntCell, UsdCell } from '../ui/cells.js';
import { Donut } from '../ui/donut.js';

/** The cache panel of a report. */
export function CachePanel(props: { cache: CacheJson; tokens: TokensJson }) {
  const { cache, tokens } = props;
  const parts = [
    { key: 'input', label: t('tokens.input'), value: tokens.input, colour: 0 },
    { key: 'cacheWrite5m', label: t('tokens.cacheWrite5m'), value: tokens.cacheWrite5m, colour: 2 },
    { key: 'cacheWrite1h', label: t('tokens.cacheWrite1h'), value: tokens.cacheWrite1h, colour: 3 },
    { key: 'cacheRead', label: t('tokens.cacheRead'), value: tokens.cacheRead, colour: 4 },
  ];
  const net = cache.netSavedNano;
  return (
    <section class="card cache-panel" data-testid="cache-panel">
      <header class="card-head">
        <h3>{t('cache.title')}</h3>
      </header>
      <div class="cache-grid">
        <Donut testid="cache-donut" parts={parts} centre={formatPercent(cache.hitRate)} ariaLabel={t('cache.donutLabel', { rate: formatPercent(cache.hitRate) })} />
        <dl class="cache-figures">
          <div data-testid="cache-hit-rate">
            <dt>{t('cache.hitRate')}</dt>
            <dd>{formatPercent(cache.hitRate)}</dd>
          </div>
          <div data-testid="cache-saved">
            <dt>{t('cache.saved')}</dt>
            <dd class="good">{formatNanoUsd(cache.savedNano)}</dd>
          </div>
          <div data-testid="cache-premium">
            <dt>{t('cache.writePremium')}</dt>
            <dd class="bad">{formatNanoUsd(-cache.writePremiumNano)}</dd>
          </div>
          <div data-testid="cache-net" class="cache-net">
            <dt>{t('cache.net')}</dt>
            <dd class={net >= 0 ? 'good' : 'bad'}>{formatNanoUsd(net)}</dd>
          </div>
        </dl>
      </div>
      <p class="muted small">{t('cache.explain')}</p>
      <ul class="legend">
        {parts.map((p) => (
          <li key={p.key}>
            <span class={`swatch c${p.colour + 1}`} aria-hidden="true" />
            {p.label}: {formatCompact(p.value)}
          </li>
        ))}
      </ul>
      <details class="table-twin">
        <summary>{t('chart.showTable')}</summary>
        <table data-testid="table-cache">
          <tbody>
            <tr data-key="hitRate">
              <th scope="row">{t('cache.hitRate')}</th>
              <td class="num" data-col="hitRate" data-value={cache.hitRate}>
                {formatPercent(cache.hitRate)}
              </td>
            </tr>
            <tr data-key="saved">
              <th scope="row">{t('cache.saved')}</th>
              <UsdCell col="savedNano" nano={cache.savedNano} />
            </tr>
            <tr data-key="premium">
              <th scope="row">{t('cache.writePremium')}</th>
              <UsdCell col="writePremiumNano" nano={cache.writePremiumNano} />
            </tr>
            <tr data-key="net">
              <th scope="row">{t('cache.net')}</th>
              <UsdCell col="netSavedNano" nano={cache.netSavedNano} />
            </tr>
            {parts.map((p) => (
              <tr key={p.key} data-key={p.key}>
                <th scope="row">{p.label}</th>
                <IntCell col={p.key} value={p.value} />
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
