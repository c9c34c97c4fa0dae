// Helpers of the dashboard management tests: a stack with a signed-in admin, one SDK request
// reduced to 'ok' or its status, and polling for something the gateway does in the background.
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { hashPassword } from '../../src/domain/password.js';
import { startStack, type Stack } from '../support/stack.js';
import { adminSession } from './usage-api-client.js';

export const ADMIN_PASSWORD = 'manage-admin-password-1';
export const API = '/dashboard/api';

/** A stack whose admin can sign in with ADMIN_PASSWORD. */
export async function manageStack(opts: Parameters<typeof startStack>[0] = {}): Promise<{ stack: Stack; auth: Record<string, string> }> {
  const stack = await startStack({ ...opts, server: { admin: { enabled: true, username: 'root', passwordHash: await hashPassword(ADMIN_PASSWORD) }, ...opts.server } });
  return { stack, auth: await adminSession(stack.gw.baseUrl, 'root', ADMIN_PASSWORD) };
}

/** One small request with the SDK; resolves to 'ok' or the error's HTTP status. */
export async function ask(stack: Stack, apiKey: string, model = 'claude-haiku-4-5'): Promise<'ok' | number> {
  const client = new Anthropic({ apiKey, baseURL: stack.anthropicBase, maxRetries: 0 });
  try {
    await client.messages.create({ model, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
    return 'ok';
  } catch (err) {
    if (err instanceof Anthropic.APIError && typeof err.status === 'number') return err.status;
    throw err;
  }
}

/** Polls `check` every 100 ms until it holds (15 s at most). */
export async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}
