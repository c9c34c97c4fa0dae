// A breakdown of a report by one dimension (model, tenant, upstream): SVG bars of spend and a
// table of exact figures per group, largest spend first.
import type { TotalsJson } from '../api/contract.js';
import { formatNanoUsd, formatPercent } from '../format/numbers.js';
import { t } from '../i18n/i18n.js';
import { BarList } from '../ui/bar-list.js';
import { IntCell, PercentCell, UsdCell } from '../ui/cells.js';

export type Group = TotalsJson & { key: string; name?: string };

/** Spend bars and a table for `groups`. */
export function Breakdown(props: { title: string; keyHeader: string; groups: Group[]; total: TotalsJson; admin: boolean; testid: string }) {
  const groups = [...props.groups].sort((a, b) => b.cost.chargedNano - a.cost.chargedNano || a.key.localeCompare(b.key));
  const total = props.total.cost.chargedNano;
  return (
    <section class="card" data-testid={`card-${props.testid}`}>
      <header class="card-head">
        <h3>{props.title}</h3>
      </header>
      {groups.length === 0 ? (
        <p class="muted">{t('common.noData')}</p>
      ) : (
        <BarList testid={`chart-${props.testid}`} ariaLabel={props.title} items={groups.map((g) => ({ key: g.key, label: g.name ?? g.key, value: g.cost.chargedNano, display: formatNanoUsd(g.cost.chargedNano) }))} />
      )}
      <details class="table-twin" open>
        <summary>{t('chart.showTable')}</summary>
        <div class="table-scroll">
          <table data-testid={`table-${props.testid}`}>
            <thead>
              <tr>
                <th scope="col">{props.keyHeader}</th>
                <th scope="col">{t('table.requests')}</th>
                <th scope="col">{t('table.errors')}</th>
                <th scope="col">{t('tokens.input')}</th>
                <th scope="col">{t('tokens.output')}</th>
                <th scope="col">{t('tokens.cacheWrite5m')}</th>
                <th scope="col">{t('tokens.cacheWrite1h')}</th>
                <th scope="col">{t('tokens.cacheRead')}</th>
                <th scope="col">{t('table.charged')}</th>
                {props.admin ? <th scope="col">{t('table.list')}</th> : null}
                {props.admin ? <th scope="col">{t('table.upstream')}</th> : null}
                <th scope="col">{t('table.share')}</th>
                <th scope="col">{t('cache.hitRate')}</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.key} data-key={g.key}>
                  <th scope="row">
                    {g.name && g.name !== g.key ? (
                      <>
                        {g.name} <span class="muted small">{g.key}</span>
                      </>
                    ) : (
                      g.key
                    )}
                  </th>
                  <IntCell col="requests" value={g.requests} />
                  <IntCell col="errors" value={g.errors} />
                  <IntCell col="input" value={g.tokens.input} />
                  <IntCell col="output" value={g.tokens.output} />
                  <IntCell col="cacheWrite5m" value={g.tokens.cacheWrite5m} />
                  <IntCell col="cacheWrite1h" value={g.tokens.cacheWrite1h} />
                  <IntCell col="cacheRead" value={g.tokens.cacheRead} />
                  <UsdCell col="chargedNano" nano={g.cost.chargedNano} />
                  {props.admin ? <UsdCell col="listNano" nano={g.cost.listNano} /> : null}
                  {props.admin ? <UsdCell col="upstreamNano" nano={g.cost.upstreamNano} /> : null}
                  <PercentCell col="share" ratio={total > 0 ? g.cost.chargedNano / total : null} />
                  <PercentCell col="hitRate" ratio={g.cache.hitRate} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      {groups.some((g) => g.flaggedRequests > 0) ? <p class="warn-note small">{t('breakdown.flagged', { share: formatPercent(groups.reduce((s, g) => s + g.flaggedRequests, 0) / Math.max(1, props.total.requests)) })}</p> : null}
    </section>
  );
}
