// The live request feed: finished requests from the event stream, newest on top, capped, with
// pause and resume.
import { formatInt } from '../../format/numbers.js';
import { t } from '../../i18n/i18n.js';
import { RecentTable } from '../tenant/recent-table.js';
import { FEED_CAP, feedPaused, heldWhilePaused, liveRequests, setPaused } from './live-store.js';

/** The live tab. */
export function LiveTab(props: { tz: string }) {
  const paused = feedPaused.value;
  return (
    <div data-testid="admin-live">
      <div class="controls control-row">
        <button type="button" data-testid="live-pause" aria-pressed={paused} onClick={() => setPaused(!paused)}>
          {paused ? t('live.resume') : t('live.pause')}
        </button>
        {paused && heldWhilePaused.value.length > 0 ? <span class="small">{t('live.held', { n: formatInt(heldWhilePaused.value.length) })}</span> : null}
        <span class="muted small">{t('live.cap', { n: FEED_CAP })}</span>
      </div>
      <RecentTable testid="live-feed" rows={liveRequests.value} tz={props.tz} showUpstream showTenant />
    </div>
  );
}
