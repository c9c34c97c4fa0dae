// Regressions (issue 11, defect 13) in admission with an asynchronous budget store (PostgreSQL's
// shape): the concurrency slot is taken before any await, so ten simultaneous requests cannot all
// pass a limit of one; and a budget store that fails to settle never makes the settle throw.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TenantConfig } from '../../../src/config/types.js';
import { ManualClock } from '../../../src/domain/clock.js';
import { GatewayError } from '../../../src/domain/errors.js';
import type { BudgetStore } from '../../../src/storage/budget-types.js';
import { MemoryBudgetStore } from '../../../src/storage/memory-budget-store.js';
import { Admission } from '../../../src/tenancy/admission.js';

function tenant(limits: TenantConfig['limits']): TenantConfig {
  return { id: 't', name: 't', keySha256: '00', previousKeys: [], enabled: true, allowedModels: ['*'], limits, timezone: 'UTC', priceMultiplier: 1 };
}

/** A memory store whose every call first waits a few milliseconds, as a database round trip does. */
function slowStore(): BudgetStore {
  const inner = new MemoryBudgetStore({ chargedSince: async () => 0, chargedByBucket: async () => [] });
  const pause = () => new Promise((r) => setTimeout(r, 5));
  return {
    hold: async (...args) => (await pause(), inner.hold(...args)),
    settle: async (...args) => (await pause(), inner.settle(...args)),
    used: async (...args) => (await pause(), inner.used(...args)),
    clear: () => inner.clear(),
    close: () => inner.close(),
  };
}

test('concurrentRequests 1: of ten simultaneous requests exactly one is admitted (async budget store)', async () => {
  const admission = new Admission(slowStore(), new ManualClock(Date.parse('2026-03-10T10:00:00Z')));
  const t = tenant({ concurrentRequests: 1, daily: { maxUsd: 100 } });
  const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => admission.admit(t, `r${i}`, 1_000)));
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  for (const r of results) if (r.status === 'rejected') assert.match((r.reason as GatewayError).message, /Concurrent request limit reached: 1 of 1/);
});

test('a request refused by its budget gives its concurrency slot back', async () => {
  const admission = new Admission(slowStore(), new ManualClock(Date.parse('2026-03-10T10:00:00Z')));
  const broke = tenant({ concurrentRequests: 1, daily: { maxUsd: 0 } });
  for (let i = 0; i < 3; i++) await assert.rejects(admission.admit(broke, `b${i}`, 1), (e: unknown) => e instanceof GatewayError && e.code === 'budget_exceeded');
});

test('a budget store that fails to settle: settle resolves, the slot is freed, the failure is reported', async () => {
  const failures: unknown[] = [];
  const inner = new MemoryBudgetStore({ chargedSince: async () => 0, chargedByBucket: async () => [] });
  const failing: BudgetStore = { ...inner, hold: inner.hold.bind(inner), used: inner.used.bind(inner), clear: inner.clear.bind(inner), close: inner.close.bind(inner), settle: () => Promise.reject(new Error('connection terminated')) };
  const admission = new Admission(failing, new ManualClock(Date.parse('2026-03-10T10:00:00Z')), { onSettleError: (err) => failures.push(err), settleRetryDelaysMs: [] });
  const t = tenant({ concurrentRequests: 1, daily: { maxUsd: 100 } });
  const ticket = await admission.admit(t, 'a', 1_000);
  await ticket.settle(500, Date.now());
  assert.equal(failures.length, 1);
  await admission.admit(t, 'b', 1_000); // the slot is free again
});
