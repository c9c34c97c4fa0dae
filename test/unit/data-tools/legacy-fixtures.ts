// One original CCGate usage line and the record it must parse to, shared by the parser and mapping tests.
import type { LegacyUsageRecord } from '../../../src/accounting/legacy-import/parse-legacy-line.js';

/** The fields of a complete line as the original wrote it (costs at its stale prices). */
export const GOOD_LINE = {
  requestId: 'req_1',
  tenantId: 'alice',
  timestamp: '2025-09-01T08:00:00.000Z',
  model: 'claude-sonnet-4-20250514',
  inputTokens: 1000,
  outputTokens: 200,
  cacheCreationTokens: 3000,
  cacheReadTokens: 40_000,
  totalTokens: 44_200,
  inputCost: 0.003,
  outputCost: 0.003,
  cacheCreationCost: 0.01,
  cacheReadCost: 0.01,
  totalCost: 0.026,
  duration: 1234.6,
  statusCode: 200,
  upstream: 'main',
  userAgent: 'claude-cli/1.0.98 (external, cli)',
  clientIP: '203.0.113.7',
};

/** What GOOD_LINE parses to. */
export const GOOD_RECORD: LegacyUsageRecord = {
  requestId: 'req_1',
  tenantId: 'alice',
  ts: Date.UTC(2025, 8, 1, 8),
  model: 'claude-sonnet-4-20250514',
  inputTokens: 1000,
  outputTokens: 200,
  cacheCreationTokens: 3000,
  cacheReadTokens: 40_000,
  status: 200,
  durationMs: 1235,
  upstream: 'main',
  userAgent: 'claude-cli/1.0.98 (external, cli)',
  originalTotalCostUsd: 0.026,
};
