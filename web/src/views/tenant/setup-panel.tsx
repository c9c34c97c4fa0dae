// How to point Claude Code and OpenAI apps at this gateway: copyable blocks with the real
// address filled in (GET /setup).
import type { SetupInfo } from '../../api/contract.js';
import { t } from '../../i18n/i18n.js';
import { CodeBlock } from '../../ui/code-block.js';
import { STATUSLINE_COMMAND, openaiSnippet, settingsSnippet, shellSnippet } from './setup-snippets.js';

/** The set-up section. */
export function SetupPanel(props: { setup: SetupInfo }) {
  const { setup } = props;
  const key = t('setup.keyPlaceholder');
  return (
    <section class="card setup-panel" data-testid="setup-panel">
      <header class="card-head">
        <h2>{t('setup.title')}</h2>
      </header>
      <p class="muted">{t('setup.intro')}</p>
      <div class="setup-grid">
        <CodeBlock testid="setup-shell" title={t('setup.claudeShell')} code={shellSnippet(setup, key)} />
        <CodeBlock testid="setup-settings" title={t('setup.claudeSettings')} note={t('setup.settingsNote')} code={settingsSnippet(setup, key)} />
        <CodeBlock testid="setup-openai" title={t('setup.openai')} code={openaiSnippet(setup, key, { baseUrl: t('setup.baseUrl'), apiKey: t('setup.apiKey'), models: t('setup.models') })} />
        <CodeBlock testid="setup-statusline" title={t('setup.statusline')} note={t('setup.statuslineNote')} code={STATUSLINE_COMMAND} />
      </div>
      {setup.allowedModels.length > 0 ? (
        <p class="small muted" data-testid="setup-models">
          {t('setup.allowedModels', { models: setup.allowedModels.join(', ') })}
        </p>
      ) : null}
    </section>
  );
}
