// Regression (issue 11, defect 5): one tenant must not take an upstream away from everyone. A 403
// about a model (or a 404 "model not found") concerns that request only: it fails over to the next
// upstream and leaves the first one healthy. A refusal for the upstream's account (balance or quota
// used up, in a mirror's English or Chinese words) or its key does cool it down, and fails over.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { TENANT_KEY, startStack, type Stack } from '../support/stack.js';
import { accessLine, ask, attemptSummary, sdkClient, upstreamHealth } from './failover-helpers.js';

/** Two upstreams, up1 always tried first (priority), so its answer decides the first attempt. */
function ordered(): Promise<Stack> {
  return startStack({ fakes: 2, upstream: (_f, i) => ({ priority: i }) });
}

describe('request-specific upstream refusals do not cool the upstream down', () => {
  let stack: Stack;
  before(async () => {
    stack = await ordered();
  });
  afterEach(() => stack.fake.setScenario({}));
  after(() => stack.close());

  const cases: Array<[string, Record<string, unknown>, number]> = [
    ['403 permission for a model', { status: 403, errorMessage: 'Your key has no permission to use model claude-sonnet-4-6' }, 403],
    ['404 model not found', { status: 404, errorMessage: 'model: claude-sonnet-4-6 not found' }, 404],
  ];
  for (const [name, scenario, status] of cases) {
    test(`${name}: fails over to the next upstream; the first stays healthy for everyone`, async () => {
      stack.fake.setScenario(scenario);
      const { requestId } = await ask(sdkClient(stack, TENANT_KEY));
      assert.deepEqual(attemptSummary(await accessLine(stack, requestId)), [['up1', status, 'model_unavailable'], ['up2', 200, null]]);
      const up1 = await upstreamHealth(stack, 'up1');
      assert.equal(up1.state, 'healthy');
      assert.equal(up1.cooldownReason, null);
    });
  }
});

describe('account-level refusals and rejected keys cool the upstream down', () => {
  const cases: Array<[string, Record<string, unknown>, number, string]> = [
    ['403 "余额不足" (balance too low, a Chinese mirror)', { status: 403, errorMessage: '用户余额不足' }, 403, 'account_refused'],
    ['403 "insufficient balance"', { status: 403, errorMessage: 'insufficient balance, please top up' }, 403, 'account_refused'],
    ['429 "quota exceeded" (new-api style)', { status: 429, errorType: 'insufficient_user_quota', errorMessage: 'user quota exceeded' }, 429, 'account_refused'],
    ['400 "credit balance is too low" (Anthropic)', { status: 400, errorMessage: 'Your credit balance is too low to access the Anthropic API.' }, 400, 'account_refused'],
    ['401 invalid key', { status: 401, errorMessage: 'invalid x-api-key' }, 401, 'auth_rejected'],
    ['403 invalid token', { status: 403, errorMessage: '无效的令牌' }, 403, 'auth_rejected'],
  ];
  for (const [name, scenario, status, reason] of cases) {
    test(`${name}: ${reason}, fails over`, async () => {
      const stack = await ordered();
      try {
        stack.fake.setScenario(scenario);
        const { requestId } = await ask(sdkClient(stack, TENANT_KEY));
        assert.deepEqual(attemptSummary(await accessLine(stack, requestId)), [['up1', status, reason], ['up2', 200, null]]);
        const up1 = await upstreamHealth(stack, 'up1');
        assert.equal(up1.state, 'cooling');
        assert.equal(up1.cooldownReason, reason);
      } finally {
        await stack.close();
      }
    });
  }
});
