// A Responses request shaped like Codex CLI 0.171's (reference/openai-responses-codex.md): ~40 KB,
// streaming, 12 function tools (one in a namespace), developer instructions as the first input
// item, reasoning with encrypted content asked for, a prompt_cache_key, store false, and no
// max_output_tokens (Codex never sends one).

function tool(i: number) {
  const properties: Record<string, unknown> = {};
  for (let p = 0; p < 10; p++) properties[`arg_${p}`] = { type: p % 2 ? 'string' : 'number', description: `Argument ${p} of command ${i}. `.repeat(6) };
  return { type: 'function', name: `command_${i}`, description: `Runs command ${i} in the workspace and returns its output. `.repeat(6), strict: false, parameters: { type: 'object', properties, required: ['arg_0'] } };
}

/** The body, as a JSON string of about 40 KB. */
export function codexBody(): string {
  const tools: unknown[] = Array.from({ length: 11 }, (_, i) => tool(i));
  tools.push({ type: 'namespace', name: 'multi_agent_v1', description: 'Sub-agents', tools: [{ type: 'function', name: 'spawn_agent', description: 'Starts a sub-agent.', parameters: { type: 'object', properties: { task: { type: 'string' } }, required: ['task'] } }] });
  return JSON.stringify({
    model: 'claude-sonnet-4-6',
    stream: true,
    store: false,
    include: ['reasoning.encrypted_content'],
    reasoning: { effort: 'medium', summary: 'auto' },
    prompt_cache_key: '0197a1bf-6a3e-7c21-9d55-2f0c8e1a4b10',
    tool_choice: 'auto',
    parallel_tool_calls: true,
    tools,
    input: [
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'You are a coding agent running in the Codex CLI. Follow the workspace rules. '.repeat(150) }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: '<environment_context>cwd: /work/project, shell: bash</environment_context>' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Refactor the router module and run the tests. '.repeat(8) }] },
    ],
    client_metadata: { session: 'bench' },
  });
}
