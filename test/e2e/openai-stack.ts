// What the OpenAI e2e tests share: a stack whose gateway has OpenAI aliases configured, an `openai`
// SDK client pointed at it, and ledger look-ups by the request id the gateway answers with.
import OpenAI from 'openai';
import type { Scenario } from '../support/fake-upstream.js';
import { TENANT_KEY, startStack, type Stack, type StackOptions } from '../support/stack.js';

/** The aliases every OpenAI test stack has (alias → Claude model). */
export const ALIASES: Record<string, string> = { 'gpt-4o': 'claude-sonnet-4-6', 'gpt-4o-mini': 'claude-haiku-4-5', o3: 'claude-opus-4-8' };

/** Starts a stack with the aliases; `openai` adds to server.json's `openai` section. */
export function startOpenaiStack(opts: StackOptions & { openai?: Record<string, unknown> } = {}): Promise<Stack> {
  const { openai, server, ...rest } = opts;
  return startStack({ ...rest, server: { openai: { models: ALIASES, ...openai }, ...server } });
}

/** The official SDK client of a tenant, without retries (a retry would hide the first answer). */
export function openaiClient(stack: Stack, key = TENANT_KEY): OpenAI {
  return new OpenAI({ apiKey: key, baseURL: `${stack.gw.baseUrl}/openai/v1`, maxRetries: 0, timeout: 15_000 });
}

/** The ledger row of one request (the gateway sends its id as `x-ccgate-request-id`). */
export function ledgerRow(stack: Stack, requestId: string | null): Record<string, unknown> {
  const row = stack.ledger().find((r) => r['request_id'] === requestId);
  if (!row) throw new Error(`no ledger row for request ${String(requestId)}`);
  return row;
}

/** Sets the scenario of every fake upstream (the OpenAI route forwards no client headers). */
export function everyFake(stack: Stack, s: Scenario): void {
  for (const f of stack.fakes) f.setScenario(s);
}

/** The JSON body of the last request the first fake received. */
export function lastUpstreamBody(stack: Stack): Record<string, unknown> {
  return JSON.parse(stack.fake.received.at(-1)!.body) as Record<string, unknown>;
}
