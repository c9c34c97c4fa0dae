// fast-check arbitraries for the ingress fuzz suite: request lines, paths, headers, framings and
// JSON bodies, valid ones and their mutations (deep nesting, duplicate keys, wrong types,
// truncation, odd Unicode), written as raw HTTP/1.1 bytes.
import fc from 'fast-check';

/** Paths the gateway serves, and some it does not. */
export const PATHS = [
  '/anthropic/v1/messages',
  '/anthropic/v1/messages/count_tokens',
  '/anthropic/v1/models',
  '/anthropic/v1/models/claude-sonnet-4-6',
  '/openai/v1/chat/completions',
  '/openai/v1/models',
  '/health',
  '/metrics',
  '/',
  '/anthropic',
  '/usage',
  '/api/usage',
  '/admin/api/login',
  '/dashboard/',
  '/v1/messages',
  '/nope',
];

const MODELS = ['claude-sonnet-4-6', 'claude-haiku-4-5', 'claude-opus-4-8', 'gpt-4o', 'gpt-4o-mini', '', 'no-such-model'];

/** Path suffixes that have broken parsers: escapes, traversal, Unicode, length. */
const pathSuffix = fc.oneof(
  fc.constantFrom('', '/', '//', '%ZZ', '%', '%E0%A4%A', '%00', '%2F..%2F', '/../../etc/passwd', '?beta=true', '?x=%ZZ&y', '#frag', ';a=b', '/%F0%9F%98%80', '\u00e9', '\u{1F600}'),
  fc.string({ unit: 'binary-ascii', maxLength: 12 }).map((s) => `/${encodeURIComponent(s)}`),
  fc.integer({ min: 100, max: 6_000 }).map((n) => `/${'a'.repeat(n)}`),
);

/** A request target: a known path, mutated, or absolute-form and asterisk-form oddities. */
export const targetArb = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...PATHS) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...PATHS), pathSuffix).map(([p, s]) => p + s) },
  { weight: 1, arbitrary: fc.constantFrom('*', 'http://gw.example/anthropic/v1/messages', 'http://[::1/x', 'anthropic/v1/messages', '/anthropic/v1/models/%ZZ') },
);

export const methodArb = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('GET', 'POST', 'HEAD', 'OPTIONS') }, { weight: 2, arbitrary: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'TRACE', 'get', 'POST ', 'PROPFIND', 'X') });

export const versionArb = fc.oneof({ weight: 9, arbitrary: fc.constant('HTTP/1.1') }, { weight: 1, arbitrary: fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1x', 'http/1.1') });

/** A JSON value of bounded size with Unicode that trips naive parsers. */
const oddText = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('{"model":"x"}', '\\"', '"', '\u2028\u2029', '}}]]', '\ud800', '\u0000'));

/** A Messages or chat request as a plain object (valid, or with wrong types). */
export const requestObjectArb = fc.record(
  {
    model: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...MODELS) }, { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.constant(null), oddText) }),
    max_tokens: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 64_000 }) }, { weight: 1, arbitrary: fc.oneof(fc.constant(-1), fc.constant('10'), fc.double()) }),
    stream: fc.oneof({ weight: 6, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom('true', 1, null) }),
    messages: fc.oneof(
      { weight: 6, arbitrary: fc.array(fc.record({ role: fc.constantFrom('user', 'assistant', 'system'), content: oddText }), { minLength: 1, maxLength: 3 }) },
      { weight: 1, arbitrary: fc.oneof(fc.constant(null), fc.constant([]), oddText, fc.jsonValue({ maxDepth: 3 })) },
    ),
    metadata: fc.record({ user_id: oddText }),
    temperature: fc.double({ min: 0, max: 1, noNaN: true }),
  },
  { requiredKeys: ['model', 'messages'] },
);

/** How a JSON text is spoiled before it is sent. */
type Mutation = { kind: 'none' } | { kind: 'duplicate'; key: string } | { kind: 'deep'; depth: number } | { kind: 'truncate'; at: number } | { kind: 'garbage'; bytes: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 2, arbitrary: fc.constantFrom('model', 'stream', 'max_tokens', 'metadata', 'mod\\u0065l', 'temperature').map((key) => ({ kind: 'duplicate' as const, key })) },
  { weight: 2, arbitrary: fc.oneof(fc.integer({ min: 55, max: 70 }), fc.integer({ min: 1_000, max: 200_000 })).map((depth) => ({ kind: 'deep' as const, depth })) },
  { weight: 2, arbitrary: fc.nat().map((at) => ({ kind: 'truncate' as const, at })) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map((bytes) => ({ kind: 'garbage' as const, bytes })) },
);

function mutate(json: string, m: Mutation): string {
  switch (m.kind) {
    case 'none':
      return json;
    case 'duplicate':
      return `${json.slice(0, -1)},"${m.key}":${m.key === 'stream' ? 'true' : '"claude-opus-4-8"'}}`;
    case 'deep':
      return `${json.slice(0, -1)},"x":${'['.repeat(m.depth)}${']'.repeat(m.depth)}}`;
    case 'truncate':
      return json.slice(0, m.at % Math.max(1, json.length));
    case 'garbage':
      return m.bytes;
    default: {
      const never: never = m;
      return never;
    }
  }
}

/** A request body as text: a request object's JSON, mutated. */
export const bodyArb = fc.tuple(requestObjectArb, mutationArb).map(([obj, m]) => mutate(JSON.stringify(obj), m));

/** Who the request claims to be. */
export function credentialArb(validKeys: readonly string[]): fc.Arbitrary<Record<string, string>> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...validKeys).chain((k) => fc.constantFrom({ 'x-api-key': k }, { authorization: `Bearer ${k}` }, { authorization: `bearer   ${k}  ` })) },
    { weight: 2, arbitrary: fc.constantFrom({}, { 'x-api-key': '' }, { authorization: 'Bearer' }, { authorization: 'Basic Zm9vOmJhcg==' }, { 'x-api-key': 'ccg-not-a-key-0000000000' }) },
  );
}

/** How the body is framed on the wire. */
export type Framing = 'length' | 'length-short' | 'length-long' | 'length-bad' | 'length-twice' | 'chunked' | 'chunked-broken' | 'chunked-and-length' | 'none';

export const framingArb: fc.Arbitrary<Framing> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('length' as const) },
  { weight: 3, arbitrary: fc.constant('chunked' as const) },
  { weight: 1, arbitrary: fc.constantFrom('length-short' as const, 'length-long' as const, 'length-bad' as const, 'length-twice' as const, 'chunked-broken' as const, 'chunked-and-length' as const, 'none' as const) },
);

/** Extra headers: ordinary, duplicated, huge, oddly named. */
export const extraHeadersArb = fc.array(
  fc.oneof(
    fc.constantFrom<[string, string]>(
      ['content-type', 'application/json'],
      ['content-type', 'text/plain'],
      ['accept', 'text/event-stream'],
      ['anthropic-version', '2023-06-01'],
      ['anthropic-beta', 'a,b,c'],
      ['connection', 'close'],
      ['connection', 'keep-alive, anthropic-beta'],
      ['expect', '100-continue'],
      ['origin', 'http://evil.example'],
      ['access-control-request-headers', 'cookie, authorization'],
      ['x-forwarded-for', '1.2.3.4, 5.6.7.8'],
      ['transfer-encoding', 'gzip'],
      ['content-encoding', 'gzip'],
      ['host', 'other.example'],
    ),
    fc.tuple(fc.constantFrom('x-junk', 'x-stainless-os', 'anthropic-x', 'user-agent', 'x-claude-code-session-id'), fc.string({ unit: 'binary-ascii', maxLength: 30 }).map((v) => v.replace(/[\r\n]/g, ''))),
    fc.integer({ min: 1_000, max: 20_000 }).map((n): [string, string] => ['x-huge', 'h'.repeat(n)]),
  ),
  { maxLength: 5 },
);

/** The raw bytes of a request (head as UTF-8, body as given). */
export function rawRequest(r: { method: string; target: string; version: string; credentials: Record<string, string>; headers: Array<[string, string]>; body: string; framing: Framing }): Buffer {
  const body = Buffer.from(r.body, 'utf8');
  const lines = [`${r.method} ${r.target} ${r.version}`, 'host: gw.test'];
  for (const [k, v] of Object.entries(r.credentials)) lines.push(`${k}: ${v}`);
  for (const [k, v] of r.headers) lines.push(`${k}: ${v}`);
  const chunked = (b: Buffer) => Buffer.concat([Buffer.from(b.length > 0 ? `${b.length.toString(16)}\r\n` : ''), b, Buffer.from(b.length > 0 ? '\r\n0\r\n\r\n' : '0\r\n\r\n')]);
  let payload = body;
  switch (r.framing) {
    case 'length':
      lines.push(`content-length: ${body.length}`);
      break;
    case 'length-short':
      lines.push(`content-length: ${Math.floor(body.length / 2)}`);
      break;
    case 'length-long':
      lines.push(`content-length: ${body.length + 10}`);
      break;
    case 'length-bad':
      lines.push('content-length: 12abc');
      break;
    case 'length-twice':
      lines.push(`content-length: ${body.length}`, `content-length: ${body.length + 1}`);
      break;
    case 'chunked':
      lines.push('transfer-encoding: chunked');
      payload = chunked(body);
      break;
    case 'chunked-broken':
      lines.push('transfer-encoding: chunked');
      payload = Buffer.concat([Buffer.from('zz\r\n'), body]);
      break;
    case 'chunked-and-length':
      lines.push('transfer-encoding: chunked', `content-length: ${body.length}`);
      payload = chunked(body);
      break;
    case 'none':
      break;
    default: {
      const never: never = r.framing;
      return never;
    }
  }
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), payload]);
}
