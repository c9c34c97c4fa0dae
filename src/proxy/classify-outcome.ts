// Turns an upstream answer (status plus the words of its error body) or a transport error into an
// Outcome. Written as a rule table (issue 11): what concerns one request — a bad request, a model
// this mirror does not serve or lets this key use — never cools the upstream down for the other
// tenants; only a rejected key, a spent balance or quota, 429, 5xx/529, garbage and transport
// faults count against it (routing/health-policy.ts maps each reason to its effect). Whether a
// failure moves the request to the next upstream is the `failover` column.
import type { FailureReason, Outcome } from '../routing/types.js';

/** Longest retry-after we take from an upstream before capping (its quota may be spent for hours). */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;
/** Characters of an error body the rules look at (a mirror's HTML page can be long). */
export const ERROR_TEXT_CHARS = 4_096;

/** Parses `retry-after` (seconds or HTTP date) or `retry-after-ms` into milliseconds. */
export function retryAfterMs(headers: Record<string, string | string[] | undefined>, nowMs: number): number | undefined {
  const msHeader = headers['retry-after-ms'];
  if (typeof msHeader === 'string' && /^\d+(\.\d+)?$/.test(msHeader.trim())) return Math.min(Number(msHeader), MAX_RETRY_AFTER_MS);
  const value = headers['retry-after'];
  if (typeof value !== 'string' || !value.trim()) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.min(Number(value) * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - nowMs), MAX_RETRY_AFTER_MS);
}

/** Words in an error body that decide a rule. Matched after the request's model names are removed. */
export const ERROR_WORDS = {
  /** The upstream's account: balance, credit or quota used up, billing, a suspended account (English and Chinese mirrors). */
  account:
    /insufficient[ _-]?(user[ _-]?)?(account[ _-]?)?(balance|quota|credits?|funds)|credit balance is too low|(balance|credits?)( is)? (too low|insufficient|exhausted|depleted|not enough)|not enough (balance|credits?|quota)|quota[ _-]?(exceeded|exhausted|used up|not enough|insufficient)|exceeded (your|the)( current)? quota|out of (credits?|quota)|billing (hard )?limit|payment required|account( is| has been)? (suspended|deactivated|disabled|banned|overdue|in arrears)|余额|额度|配额|欠费|账户.{0,8}(停用|禁用|冻结|封禁)/i,
  /** The upstream's key: invalid, expired, revoked. */
  auth: /invalid[ _-]?(x-)?api[ _-]?key|incorrect api key|api[ _-]?key.{0,24}(invalid|expired|revoked|disabled|not valid|not found)|invalid[ _-]?(bearer[ _-]?)?token|token.{0,24}(invalid|expired|revoked|disabled)|authenticat|unauthori[sz]ed|invalid credentials|令牌|密钥.{0,8}(无效|错误|过期)|未授权|认证失败|鉴权/i,
  /** The model: unknown here, not served, not available on this mirror. */
  model: /model[ _-]?not[ _-]?found|model.{0,60}(not found|does not exist|not exist|not supported|unsupported|not available|unavailable)|no (available )?channel|无可用渠道|模型.{0,30}(不存在|不支持|不可用)/i,
  /** A 404 that names a model at all (Anthropic's is `model: <name>`) is about the model, not the path. */
  modelMention: /\bmodels?\b|模型/i,
} as const;

type Words = keyof typeof ERROR_WORDS;

/** One row of the table: the first row whose status (and words, when given) match decides. */
export interface AnswerRule {
  /** A status, or an inclusive range. */
  status: number | readonly [number, number];
  /** Only when the error text has these words. */
  words?: Words;
  /** `success`, or the failure reason it is logged and counted as. */
  reason: FailureReason | 'success';
  /** Try the next upstream (before the commit point) instead of answering with this. */
  failover: boolean;
}

/** How upstream answers are read. README "Upstream failures" prints this table. */
export const ANSWER_RULES: readonly AnswerRule[] = [
  { status: [200, 299], reason: 'success', failover: false },
  // An Anthropic client cannot follow a redirect (a mirror's login page, say).
  { status: [300, 399], reason: 'invalid_response', failover: true },
  { status: 401, reason: 'auth_rejected', failover: true },
  { status: 402, reason: 'account_refused', failover: true },
  // Mirrors say "balance/quota used up" with many statuses; the words decide before the status.
  ...[400, 403, 429].map((status): AnswerRule => ({ status, words: 'account', reason: 'account_refused', failover: true })),
  { status: [500, 599], words: 'account', reason: 'account_refused', failover: true },
  { status: 403, words: 'auth', reason: 'auth_rejected', failover: true },
  // Any other 403 is about this request (a model this key may not use): another upstream may serve it.
  { status: 403, reason: 'model_unavailable', failover: true },
  ...[400, 404, 500, 503].map((status): AnswerRule => ({ status, words: 'model', reason: 'model_unavailable', failover: true })),
  { status: 404, words: 'modelMention', reason: 'model_unavailable', failover: true },
  { status: 408, reason: 'server_error', failover: true },
  { status: 429, reason: 'rate_limited', failover: true },
  { status: 529, reason: 'overloaded', failover: true },
  { status: [500, 599], reason: 'server_error', failover: true },
  // 400, 404 (a path), 405, 409, 413, 422 …: the request itself is at fault; any upstream would say so.
  { status: [400, 499], reason: 'client_error', failover: false },
];

function statusMatches(rule: AnswerRule, status: number): boolean {
  return typeof rule.status === 'number' ? rule.status === status : status >= rule.status[0] && status <= rule.status[1];
}

/** The error text with every occurrence of the request's model names removed (they are the tenant's words). */
function withoutModels(text: string, models: readonly string[]): string {
  let out = text;
  for (const m of models) if (m.length >= 2) out = out.split(m).join(' ').split(m.toLowerCase()).join(' ');
  return out;
}

/** The rule that decides an answer. `errorText`: from errorTextOf; `models`: the request's model names. */
export function answerRule(status: number, errorText: string, models: readonly string[]): AnswerRule {
  // A tenant can put any words in its model name, and errors echo it: they must not decide.
  const text = errorText === '' ? '' : withoutModels(errorText, models);
  for (const rule of ANSWER_RULES) {
    if (!statusMatches(rule, status)) continue;
    if (rule.words && !ERROR_WORDS[rule.words].test(text)) continue;
    return rule;
  }
  return { status, reason: status >= 500 ? 'server_error' : 'client_error', failover: status >= 500 };
}

/** What an answer means for the attempt: success, failover (retryable) or answer the client (fatal). */
export function classifyAnswer(status: number, errorText: string, models: readonly string[], latencyMs: number, retryAfter: number | undefined): Outcome {
  const rule = answerRule(status, errorText, models);
  if (rule.reason === 'success') return { kind: 'success', status, latencyMs };
  if (!rule.failover) return { kind: 'fatal', reason: rule.reason, status, latencyMs };
  return retryAfter === undefined ? { kind: 'retryable', reason: rule.reason, status, latencyMs } : { kind: 'retryable', reason: rule.reason, status, latencyMs, retryAfterMs: retryAfter };
}

function collectStrings(value: unknown, out: string[], depth: number): void {
  if (typeof value === 'string') out.push(value);
  else if (depth < 3 && typeof value === 'object' && value !== null) for (const v of Object.values(value)) collectStrings(v, out, depth + 1);
}

/** The words of an error body: every string of a JSON body (message, type, code …), else its text. */
export function errorTextOf(body: Buffer, json: unknown): string {
  if (json !== undefined) {
    const parts: string[] = [];
    collectStrings(json, parts, 0);
    return parts.join(' ').slice(0, ERROR_TEXT_CHARS);
  }
  return body.subarray(0, ERROR_TEXT_CHARS).toString('utf8');
}

/** Failure reason of a transport error thrown by undici (before or during the body). */
export function reasonFromError(err: unknown, clientAborted: boolean, totalTimedOut: boolean): FailureReason {
  if (clientAborted) return 'client_aborted';
  if (totalTimedOut) return 'total_timeout';
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connect_timeout';
    case 'UND_ERR_HEADERS_TIMEOUT':
      return 'first_byte_timeout';
    case 'UND_ERR_BODY_TIMEOUT':
      return 'idle_timeout';
    case 'UND_ERR_SOCKET':
    case 'ECONNRESET':
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
      return 'stream_cut';
    default:
      return 'connect_error';
  }
}
