// Prometheus metrics of the gateway, served by GET /metrics. They live on a registry of their
// own, not prom-client's global one, so nothing else in the process adds series to it and each
// gateway instance counts only its own traffic. Labels carry ids only, never keys or URLs, and
// every label whose values come from outside (models, error codes) is capped (bounded-label.ts).
// Counters are tallies published at each scrape (tally.ts); histograms are prom-client's own.
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AttemptLog } from '../proxy/forward.js';
import type { LedgerRow } from '../storage/types.js';
import { BoundedLabel } from './bounded-label.js';
import { Tally } from './tally.js';
import { type GaugeSources, registerUpstreamGauges } from './upstream-gauges.js';

export type { GaugeSources };

/** Latency buckets in seconds for LLM calls: 50 ms up to 10 min (long answers stream for minutes). */
export const LLM_LATENCY_BUCKETS_SEC = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
/** Distinct model names given their own series; later ones count as `other`. */
export const MAX_MODEL_LABELS = 200;
/** Distinct error codes given their own series (gateway codes, failure reasons, upstream error types). */
export const MAX_ERROR_CODE_LABELS = 64;

/** One answered request, as the server saw it close. */
export interface RequestEnd {
  /** The route's path pattern, or `unmatched`. */
  endpoint: string;
  status: number;
  errorCode: string | undefined;
  durationMs: number;
}

/** The ledger fields that carry tokens and cost. */
export type SettledUsage = Pick<LedgerRow, 'tenantId' | 'modelServed' | 'modelRequested' | 'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheWrite5mTokens' | 'cacheWrite1hTokens' | 'chargedCostNano'>;

const TOKEN_KINDS = [
  ['input', 'inputTokens'],
  ['output', 'outputTokens'],
  ['cache_read', 'cacheReadTokens'],
  ['cache_write_5m', 'cacheWrite5mTokens'],
  ['cache_write_1h', 'cacheWrite1hTokens'],
] as const;

const NANO_PER_USD = 1e9;

type HistogramChild = { observe(value: number): void };

/**
 * The labelled child of a histogram, made once per label value. Label values are bounded (route
 * patterns, configured upstreams).
 */
function child(cache: Map<string, HistogramChild>, key: string, make: () => HistogramChild): HistogramChild {
  let c = cache.get(key);
  if (c === undefined) cache.set(key, (c = make()));
  return c;
}

/** The gateway's metrics; one instance per process (Services.metrics). */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly #models = new BoundedLabel(MAX_MODEL_LABELS);
  readonly #codes = new BoundedLabel(MAX_ERROR_CODE_LABELS);
  readonly #requests = new Tally(this.registry, 'ccgate_requests_total', 'Answered requests by endpoint and HTTP status', ['endpoint', 'status']);
  readonly #errors = new Tally(this.registry, 'ccgate_request_errors_total', 'Requests that failed (status >= 400, or a stream that broke after its first byte) by endpoint and error code', ['endpoint', 'code']);
  readonly #attempts = new Tally(this.registry, 'ccgate_upstream_attempts_total', 'Upstream attempts by upstream, outcome (success or failure reason) and HTTP status (none without an answer)', ['upstream', 'outcome', 'status']);
  readonly #failovers = new Tally(this.registry, 'ccgate_failovers_total', 'Requests moved to another upstream, by the upstream left and why', ['upstream', 'reason']);
  readonly #tokens = new Tally(this.registry, 'ccgate_tokens_total', 'Tokens by tenant, model and kind (input, output, cache_read, cache_write_5m, cache_write_1h)', ['tenant', 'model', 'kind']);
  readonly #cost = new Tally(this.registry, 'ccgate_cost_usd_total', 'Cost charged to tenants in USD, by tenant and model (the ledger holds the exact nano-USD figures)', ['tenant', 'model'], NANO_PER_USD);
  readonly #duration = this.#histogram('ccgate_request_duration_seconds', 'Time from request arrival to the end of its answer, by endpoint', 'endpoint');
  readonly #ttfb = this.#histogram('ccgate_upstream_ttfb_seconds', 'Time from sending an attempt to its response headers, for the attempt whose answer was passed on, by upstream', 'upstream');
  readonly #children = {
    duration: new Map<string, HistogramChild>(),
    ttfb: new Map<string, HistogramChild>(),
  };

  constructor(sources: GaugeSources) {
    registerUpstreamGauges(this.registry, sources);
    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts a request when its response closes. */
  requestEnded(r: RequestEnd): void {
    const { endpoint } = r;
    this.#requests.add(1, endpoint, r.status);
    child(this.#children.duration, endpoint, () => this.#duration.labels({ endpoint })).observe(r.durationMs / 1000);
    if (r.status >= 400 || r.errorCode !== undefined) this.#errors.add(1, endpoint, this.#codes.of(r.errorCode ?? `http_${r.status}`));
  }

  /**
   * Counts a request's attempts: each one by its outcome, each one but the last as a failover
   * away from its upstream, and, when the request was `committed` to the last one's answer, that
   * attempt's time to headers. A failure after the commit point (cut stream, stall, client gone)
   * is only known as the request's `errorType`, so it becomes the committed attempt's outcome.
   */
  attemptsSettled(attempts: readonly AttemptLog[], committed: boolean, errorType: string | undefined): void {
    for (let i = 0; i < attempts.length; i++) {
      const a = attempts[i]!;
      const upstream = a.upstreamId;
      const answered = committed && i === attempts.length - 1;
      const outcome = a.reason ?? (answered && errorType !== undefined ? this.#codes.of(errorType) : 'success');
      this.#attempts.add(1, upstream, outcome, a.status ?? 'none');
      if (i < attempts.length - 1) this.#failovers.add(1, upstream, a.reason ?? 'unknown');
      if (answered) child(this.#children.ttfb, upstream, () => this.#ttfb.labels({ upstream })).observe(a.latencyMs / 1000);
    }
  }

  /** Counts a settled request's tokens and cost under its tenant and model. */
  usageSettled(row: SettledUsage): void {
    const modelName = row.modelServed ?? row.modelRequested;
    if (row.tenantId === null || modelName === null) return;
    const tenant = row.tenantId;
    const model = this.#models.of(modelName);
    for (const [kind, field] of TOKEN_KINDS) if (row[field] > 0) this.#tokens.add(row[field], tenant, model, kind);
    if (row.chargedCostNano > 0) this.#cost.add(row.chargedCostNano, tenant, model);
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }

  #histogram<L extends string>(name: string, help: string, label: L): Histogram<L> {
    return new Histogram({ name, help, labelNames: [label], buckets: LLM_LATENCY_BUCKETS_SEC, registers: [this.registry] });
  }
}
