// Gauges read at scrape time (collect()) from the health tracker's snapshot and the server's
// in-flight count, so /metrics shows the current config's upstreams and nothing is updated on
// the request path. Removed upstreams vanish at the next scrape (each collect resets first).
import { Gauge, type Registry } from 'prom-client';
import type { UpstreamHealthSnapshot } from '../routing/health-types.js';

/** Where the gauges read from; called on every scrape. */
export interface GaugeSources {
  /** The current config generation's upstreams (key- and URL-free). */
  upstreams(): readonly UpstreamHealthSnapshot[];
  /** Requests the server is answering now. */
  inFlight(): number;
}

const STATES: ReadonlyArray<UpstreamHealthSnapshot['state']> = ['healthy', 'cooling', 'disabled'];

/** Registers the in-flight, state and cooldown gauges on `registry`. */
export function registerUpstreamGauges(registry: Registry, sources: GaugeSources): void {
  new Gauge({
    name: 'ccgate_requests_in_flight',
    help: 'Requests being answered now',
    registers: [registry],
    collect() {
      this.set(sources.inFlight());
    },
  });
  const perUpstream = (name: string, help: string, value: (u: UpstreamHealthSnapshot) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['upstream'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const u of sources.upstreams()) {
          const v = value(u);
          if (v !== null) this.set({ upstream: u.id }, v);
        }
      },
    });
  perUpstream('ccgate_upstream_in_flight', 'Attempts in flight to each upstream (a stream counts until it ends)', (u) => u.inFlight);
  perUpstream('ccgate_upstream_cooldown_seconds', 'Seconds until a cooling-down upstream returns to rotation (0 when not cooling)', (u) => (u.cooldownRemainingMs ?? 0) / 1000);
  perUpstream('ccgate_upstream_error_ratio', 'Failed share of the recent outcomes of each upstream (absent before the first)', (u) => u.errorRate);
  new Gauge({
    name: 'ccgate_upstream_state',
    help: 'State of each upstream: 1 for its current state (healthy, cooling, disabled), 0 for the others',
    labelNames: ['upstream', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const u of sources.upstreams()) for (const state of STATES) this.set({ upstream: u.id, state }, u.state === state ? 1 : 0);
    },
  });
}
