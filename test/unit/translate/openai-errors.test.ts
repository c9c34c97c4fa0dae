// OpenAI error bodies for gateway errors and for upstream Anthropic errors passed through.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError, type ErrorCode } from '../../../src/domain/errors.js';
import { openaiErrorBody, openaiErrorFromAnthropic } from '../../../src/protocol/openai-errors.js';

describe('openaiErrorBody', () => {
  const table: Array<[ErrorCode, number, string, string]> = [
    ['invalid_request', 400, 'invalid_request_error', 'invalid_request'],
    ['unauthenticated', 401, 'invalid_request_error', 'invalid_api_key'],
    ['tenant_disabled', 403, 'permission_error', 'tenant_disabled'],
    ['model_not_allowed', 403, 'permission_error', 'model_not_allowed'],
    ['not_found', 404, 'invalid_request_error', 'not_found'],
    ['request_too_large', 413, 'invalid_request_error', 'request_too_large'],
    ['rate_limited', 429, 'rate_limit_exceeded', 'rate_limit_exceeded'],
    ['budget_exceeded', 429, 'insufficient_quota', 'insufficient_quota'],
    ['internal', 500, 'server_error', 'internal'],
    ['upstream_error', 502, 'server_error', 'upstream_error'],
    ['no_upstream', 503, 'server_error', 'no_upstream'],
    ['upstreams_unavailable', 503, 'server_error', 'upstreams_unavailable'],
    ['upstream_timeout', 504, 'server_error', 'upstream_timeout'],
  ];
  for (const [code, status, type, openaiCode] of table) {
    it(`${code} → ${status} ${type} / ${openaiCode}`, () => {
      const err = new GatewayError(code, 'msg');
      assert.equal(err.status, status);
      assert.deepEqual(openaiErrorBody(err), { error: { message: 'msg', type, param: null, code: openaiCode } });
    });
  }
  it('a 404 about the model is model_not_found and carries param', () => {
    const err = new GatewayError('not_found', 'no such model', { param: 'model' });
    assert.deepEqual(openaiErrorBody(err), { error: { message: 'no such model', type: 'invalid_request_error', param: 'model', code: 'model_not_found' } });
  });
  it('a status override (all upstreams rate limited) changes the type', () => {
    const err = new GatewayError('upstreams_unavailable', 'busy', { status: 429 });
    assert.equal(openaiErrorBody(err).error.type, 'rate_limit_exceeded');
  });
});

describe('openaiErrorFromAnthropic', () => {
  const body = (type: string, message: string) => ({ type: 'error', error: { type, message }, request_id: 'req_1' });
  it('529 overloaded becomes 503 server_error and keeps the Anthropic type as code', () => {
    assert.deepEqual(openaiErrorFromAnthropic(529, body('overloaded_error', 'Overloaded')), {
      status: 503,
      body: { error: { message: 'Overloaded', type: 'server_error', param: null, code: 'overloaded_error' } },
    });
  });
  it('400 keeps its message, with no redundant code', () => {
    const r = openaiErrorFromAnthropic(400, body('invalid_request_error', 'temperature and top_p cannot both be specified'));
    assert.deepEqual(r, { status: 400, body: { error: { message: 'temperature and top_p cannot both be specified', type: 'invalid_request_error', param: null, code: null } } });
  });
  it('401 / 404 / 429 take OpenAI codes', () => {
    assert.equal(openaiErrorFromAnthropic(401, body('authentication_error', 'x')).body.error.code, 'invalid_api_key');
    assert.equal(openaiErrorFromAnthropic(404, body('not_found_error', 'model: x')).body.error.code, 'model_not_found');
    assert.equal(openaiErrorFromAnthropic(429, body('rate_limit_error', 'x')).body.error.type, 'rate_limit_exceeded');
  });
  it('never answers a client with a 2xx, and survives a body that is not Anthropic JSON', () => {
    const r = openaiErrorFromAnthropic(200, '<html>bad gateway</html>');
    assert.deepEqual(r, { status: 502, body: { error: { message: 'Upstream error (HTTP 200)', type: 'server_error', param: null, code: null } } });
  });
});
