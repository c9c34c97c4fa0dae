// Per-request state shared by the route handlers: ids, timing, the config generation the request
// started under, and what the access log line will say.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services, Generation } from '../app-types.js';
import type { AbortFlag } from '../proxy/abort-flag.js';

/** Fields of the access log line, filled in as the request goes. */
export interface AccessRecord {
  tenantId?: string;
  model?: string;
  upstreamId?: string;
  attempts?: Array<{ upstreamId: string; status?: number; reason?: string; latencyMs: number }>;
  status?: number;
  errorCode?: string;
  stream?: boolean;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  costNano?: number;
  ttfbMs?: number;
}

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Path of the request target, without the query. */
  path: string;
  /** Query string including `?`, or ''. */
  search: string;
  requestId: string;
  startedAt: number;
  gen: Generation;
  services: Services;
  /** Aborted when the client disconnects before the answer is complete. */
  clientSignal: AbortFlag;
  access: AccessRecord;
  /** Set once the request's ledger row is written (pipeline/settle.ts): it is written once. */
  settled?: boolean;
}
