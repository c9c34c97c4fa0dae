// Tally: counts kept as numbers between scrapes, published through prom-client at each scrape with
// their labels — cumulative across scrapes, numbers as label strings, a divisor for nano-units.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { Tally } from '../../../src/observability/tally.js';

/** Sample lines of `name` in the exposition text, without HELP/TYPE. */
async function samples(registry: Registry, name: string): Promise<string[]> {
  return (await registry.metrics()).split('\n').filter((l) => l.startsWith(`${name}{`)).sort();
}

test('two labels: each series its own total, a number label written in decimal', async () => {
  const registry = new Registry();
  const t = new Tally(registry, 'x_requests_total', 'help', ['endpoint', 'status']);
  t.add(1, '/a', 200);
  t.add(1, '/a', 200);
  t.add(1, '/a', 429);
  t.add(1, '/b', 200);
  assert.deepEqual(await samples(registry, 'x_requests_total'), ['x_requests_total{endpoint="/a",status="200"} 2', 'x_requests_total{endpoint="/a",status="429"} 1', 'x_requests_total{endpoint="/b",status="200"} 1']);
});

test('three labels, and totals stay cumulative from one scrape to the next', async () => {
  const registry = new Registry();
  const t = new Tally(registry, 'x_tokens_total', 'help', ['tenant', 'model', 'kind']);
  t.add(10, 'alice', 'm1', 'input');
  t.add(5, 'alice', 'm1', 'output');
  assert.deepEqual(await samples(registry, 'x_tokens_total'), ['x_tokens_total{tenant="alice",model="m1",kind="input"} 10', 'x_tokens_total{tenant="alice",model="m1",kind="output"} 5']);
  t.add(7, 'alice', 'm1', 'input');
  t.add(1, 'bob', 'm2', 'input');
  assert.deepEqual(await samples(registry, 'x_tokens_total'), ['x_tokens_total{tenant="alice",model="m1",kind="input"} 17', 'x_tokens_total{tenant="alice",model="m1",kind="output"} 5', 'x_tokens_total{tenant="bob",model="m2",kind="input"} 1']);
});

test('a divisor publishes whole small units as the large one (nano-USD as USD)', async () => {
  const registry = new Registry();
  const t = new Tally(registry, 'x_cost_usd_total', 'help', ['tenant', 'model'], 1e9);
  t.add(1_500_000, 'alice', 'm1');
  t.add(2_500_000, 'alice', 'm1');
  assert.deepEqual(await samples(registry, 'x_cost_usd_total'), ['x_cost_usd_total{tenant="alice",model="m1"} 0.004']);
});

test('nothing counted: no series, only HELP and TYPE', async () => {
  const registry = new Registry();
  new Tally(registry, 'x_empty_total', 'help', ['a', 'b']);
  const text = await registry.metrics();
  assert.match(text, /# TYPE x_empty_total counter/);
  assert.deepEqual(await samples(registry, 'x_empty_total'), []);
});
