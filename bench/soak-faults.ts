// The faults a soak's fake upstreams inject, drawn per request from a seeded generator: mostly
// normal answers of varied length and pace, and about one in seven a fault the gateway must survive
// without leaking memory or losing a request. Faults that cool an upstream down for minutes (a
// refused key or account) are left out: with two upstreams they would turn the soak into 503s.
import type { Scenario } from '../test/support/fake-upstream.js';
import { prng } from '../test/support/prng.js';

/** A small seeded PRNG: the same seed gives the same faults. */
export const seededRandom = prng;

/** Share of requests that get a fault (SOAK_FAULT_RATE overrides it, e.g. 0 to tell faults' memory from normal traffic's). */
export const FAULT_RATE = Number(process.env['SOAK_FAULT_RATE'] ?? 0.15);

const STREAM_FAULTS: Scenario[] = [
  { status: 500 },
  { status: 529 },
  { status: 429, retryAfterSec: 1 },
  { status: 403, errorMessage: 'no access to this model' },
  { status: 400, errorMessage: 'bad request' },
  { raw: { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>maintenance</html>' } },
  { raw: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"not":"a stream"}' } },
  { cutAfterEvents: 6, deltas: 20 },
  { endAfterEvents: 5 },
  { stallAfterEvents: 4 },
  { endlessSseLineAfterEvents: 3 },
  { endlessBody: true },
  { hang: true },
];

const JSON_FAULTS: Scenario[] = [
  { status: 500 },
  { status: 529 },
  { status: 404, errorMessage: 'model: claude-sonnet-4-6' },
  { raw: { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>maintenance</html>' } },
  { raw: { status: 200, headers: { 'content-type': 'application/json' }, body: 'Service Unavailable' } },
  { cutJsonAfterBytes: 60 },
  { endlessBody: true },
  { gzipBomb: true },
  { gzip: true },
  { hang: true },
];

/**
 * SOAK_SKIP_FAULTS: a comma list of Scenario fields (e.g. `endlessBody,gzipBomb`) whose faults are
 * left out, to find which kind of fault a memory figure comes from.
 */
const SKIPPED = new Set((process.env['SOAK_SKIP_FAULTS'] ?? '').split(',').map((f) => f.trim()).filter(Boolean));
const kept = (faults: Scenario[]) => faults.filter((f) => !Object.keys(f).some((k) => SKIPPED.has(k)));
const STREAM_FAULTS_USED = kept(STREAM_FAULTS);
const JSON_FAULTS_USED = kept(JSON_FAULTS);

/** A picker for FakeUpstream.setPicker: a fault for about FAULT_RATE of the requests. */
export function soakPicker(seed: number): (body: Record<string, unknown>) => Scenario {
  const random = seededRandom(seed);
  return (body) => {
    const stream = body['stream'] === true;
    if (random() < FAULT_RATE) {
      const faults = stream ? STREAM_FAULTS_USED : JSON_FAULTS_USED;
      return faults[Math.floor(random() * faults.length)]!;
    }
    // Normal answers: 3 to 120 text deltas, sometimes paced like a real model.
    const deltas = 3 + Math.floor(random() * 118);
    return random() < 0.3 ? { deltas, eventDelayMs: 1 + Math.floor(random() * 4) } : { deltas };
  };
}
