// A request body shaped like Claude Code 2.1's (reference/anthropic-wire.md): ~75 KB, opus,
// max_tokens 64000, adaptive thinking, 24 tools of JSON schema, a 3-block system, metadata.user_id.

function tool(i: number) {
  const properties: Record<string, unknown> = {};
  for (let p = 0; p < 12; p++) {
    properties[`param_${p}`] = { type: p % 3 === 0 ? 'string' : p % 3 === 1 ? 'number' : 'boolean', description: `Parameter ${p} of tool ${i}. `.repeat(7) };
  }
  return { name: `tool_${i}`, description: `Tool number ${i}: does a useful thing for the coding agent. `.repeat(8), input_schema: { type: 'object', properties, required: ['param_0'] } };
}

/** The body, as a JSON string of about 75 KB. */
export function claudeCodeBody(): string {
  const body = {
    model: 'claude-opus-4-8',
    max_tokens: 64000,
    stream: true,
    thinking: { type: 'adaptive' },
    output_config: { effort: 'high' },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    system: [
      { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.0;' },
      { type: 'text', text: 'You are Claude Code, an interactive CLI tool. '.repeat(40), cache_control: { type: 'ephemeral', ttl: '1h' } },
      { type: 'text', text: 'Environment: linux, git repo, node 20. '.repeat(20), cache_control: { type: 'ephemeral', ttl: '1h' } },
    ],
    tools: Array.from({ length: 24 }, (_, i) => tool(i)),
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Please refactor the gateway module and run the tests. '.repeat(10) }] },
      { role: 'assistant', content: [{ type: 'text', text: 'I will look at the code first.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Go ahead.', cache_control: { type: 'ephemeral' } }] },
    ],
    metadata: { user_id: JSON.stringify({ device_id: 'd'.repeat(64), account_uuid: '00000000-0000-0000-0000-000000000000', session_id: '11111111-2222-3333-4444-555555555555' }) },
  };
  return JSON.stringify(body);
}
