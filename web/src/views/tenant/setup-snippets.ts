// The set-up snippets a tenant copies: Claude Code's environment and settings.json (with the
// CCGate status line), the OpenAI-compatible settings, the status line command. The key itself is
// never known to the page (the server keeps only its hash), so a placeholder stands in for it.
import type { SetupInfo } from '../../api/contract.js';

/** The status line command; it reads the key and address from Claude Code's environment. */
export const STATUSLINE_COMMAND = 'curl -fsS -m 2 -H "x-api-key: $ANTHROPIC_AUTH_TOKEN" "$ANTHROPIC_BASE_URL/ccgate/statusline"';

/** Shell exports for Claude Code. */
export function shellSnippet(setup: SetupInfo, keyPlaceholder: string): string {
  return `export ANTHROPIC_BASE_URL=${setup.anthropicBaseUrl}\nexport ANTHROPIC_AUTH_TOKEN=${keyPlaceholder}`;
}

/** ~/.claude/settings.json with the environment and the status line. */
export function settingsSnippet(setup: SetupInfo, keyPlaceholder: string): string {
  return JSON.stringify(
    {
      env: { ANTHROPIC_BASE_URL: setup.anthropicBaseUrl, ANTHROPIC_AUTH_TOKEN: keyPlaceholder },
      statusLine: { type: 'command', command: STATUSLINE_COMMAND },
    },
    null,
    2,
  );
}

/** Settings for OpenAI-compatible apps, with labels in the UI language. */
export function openaiSnippet(setup: SetupInfo, keyPlaceholder: string, labels: { baseUrl: string; apiKey: string; models: string }): string {
  const models = setup.openaiModels.length > 0 ? setup.openaiModels.join('\n  ') : '—';
  return `${labels.baseUrl}: ${setup.openaiBaseUrl}\n${labels.apiKey}: ${keyPlaceholder}\n${labels.models}:\n  ${models}`;
}
