// The outcome table (issue 11, defect 5): which upstream answers fail over and which count
// against the upstream's health, including mirror wording in English and Chinese, and a tenant's
// model name that tries to sound like an account problem.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANSWER_RULES, answerRule, classifyAnswer, errorTextOf } from '../../../src/proxy/classify-outcome.js';
import { failureEffect } from '../../../src/routing/health-policy.js';

const body = (message: string, type = 'error') => JSON.stringify({ type: 'error', error: { type, message } });
const text = (raw: string) => errorTextOf(Buffer.from(raw), (() => { try { return JSON.parse(raw) as unknown; } catch { return undefined; } })());

/** [status, body, reason, failover, effect on the upstream's health]. */
const CASES: Array<[number, string, string, boolean, string]> = [
  [200, '', 'success', false, '-'],
  [302, '<html>login</html>', 'invalid_response', true, 'backoff'],
  [400, body('messages: field required', 'invalid_request_error'), 'client_error', false, 'none'],
  [400, body('Your credit balance is too low to access the Anthropic API.', 'invalid_request_error'), 'account_refused', true, 'account'],
  [400, body('model: claude-x-9 not found'), 'model_unavailable', true, 'none'],
  [401, body('invalid x-api-key', 'authentication_error'), 'auth_rejected', true, 'auth'],
  [402, body('Payment Required'), 'account_refused', true, 'account'],
  [403, body('用户余额不足'), 'account_refused', true, 'account'],
  [403, body('该令牌额度已用尽'), 'account_refused', true, 'account'],
  [403, body('insufficient balance'), 'account_refused', true, 'account'],
  [403, body('无效的令牌'), 'auth_rejected', true, 'auth'],
  [403, body('API key expired'), 'auth_rejected', true, 'auth'],
  [403, body('Your API key does not have permission to use the specified resource.', 'permission_error'), 'model_unavailable', true, 'none'],
  [403, '<html>Forbidden</html>', 'model_unavailable', true, 'none'],
  [404, body('model: claude-opus-4-8', 'not_found_error'), 'model_unavailable', true, 'none'],
  [404, body('Not found: /v1/messages/count_tokens', 'not_found_error'), 'client_error', false, 'none'],
  [408, '', 'server_error', true, 'backoff'],
  [413, body('request too large', 'request_too_large'), 'client_error', false, 'none'],
  [422, body('unprocessable'), 'client_error', false, 'none'],
  [429, body('rate limited', 'rate_limit_error'), 'rate_limited', true, 'rate_limit'],
  [429, JSON.stringify({ error: { message: 'user quota is not enough', type: 'new_api_error', code: 'insufficient_user_quota' } }), 'account_refused', true, 'account'],
  [429, body('You exceeded your current quota, please check your plan and billing details.'), 'account_refused', true, 'account'],
  [500, body('Internal error', 'api_error'), 'server_error', true, 'backoff'],
  [503, body('当前分组 default 下对于模型 claude-x 无可用渠道'), 'model_unavailable', true, 'none'],
  [503, 'upstream connect error', 'server_error', true, 'backoff'],
  [520, '', 'server_error', true, 'backoff'],
  [529, body('Overloaded', 'overloaded_error'), 'overloaded', true, 'backoff'],
];

describe('upstream answer classification', () => {
  for (const [status, raw, reason, failover, effect] of CASES) {
    it(`${status} ${raw.slice(0, 60) || '(empty)'} → ${reason}${failover ? ', fail over' : ''}`, () => {
      const rule = answerRule(status, text(raw), ['claude-sonnet-4-6']);
      assert.equal(rule.reason, reason);
      assert.equal(rule.failover, failover);
      if (rule.reason !== 'success') assert.equal(failureEffect(rule.reason), effect);
    });
  }

  it('a tenant cannot make an echoed model name read as an account or key problem', () => {
    for (const model of ['insufficient balance', 'claude-余额不足', 'quota exceeded', 'invalid api key']) {
      for (const status of [400, 403, 404, 429]) {
        const reason = answerRule(status, text(body(`model: ${model} is not available`)), [model]).reason;
        assert.notEqual(reason, 'account_refused', `${status} ${model}`);
        assert.notEqual(reason, 'auth_rejected', `${status} ${model}`);
      }
    }
  });

  it('the retry-after of a failover outcome is kept; fatal and success outcomes carry none', () => {
    assert.deepEqual(classifyAnswer(429, '', [], 5, 30_000), { kind: 'retryable', reason: 'rate_limited', status: 429, latencyMs: 5, retryAfterMs: 30_000 });
    assert.deepEqual(classifyAnswer(400, '', [], 5, 30_000), { kind: 'fatal', reason: 'client_error', status: 400, latencyMs: 5 });
    assert.deepEqual(classifyAnswer(200, '', [], 5, 30_000), { kind: 'success', status: 200, latencyMs: 5 });
  });

  it('every status from 100 to 599 gets a rule, and only 2xx is a success', () => {
    for (let status = 100; status < 600; status++) {
      const rule = answerRule(status, '', []);
      assert.equal(rule.reason === 'success', status >= 200 && status < 300, String(status));
    }
    assert.ok(ANSWER_RULES.length > 10);
  });

  it('reads the words of any JSON error shape, and the start of a non-JSON body', () => {
    assert.match(text(JSON.stringify({ message: 'x', detail: { reason: 'balance is too low' } })), /balance is too low/);
    assert.equal(text('<html>' + 'a'.repeat(10_000)).length, 4_096);
  });
});
