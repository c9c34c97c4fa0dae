// The top bar: product name, who is signed in, language and theme switches, sign-out.
import { lang, setLang, t } from '../i18n/i18n.js';
import { theme, toggleTheme } from '../prefs/theme.js';
import { session, signOut } from '../session.js';

/** Language switch: shows the other language's own name. */
export function LangToggle() {
  const other = lang.value === 'en' ? 'zh-CN' : 'en';
  return (
    <button type="button" class="ghost" data-testid="lang-toggle" lang={other} aria-label={t('header.language')} onClick={() => setLang(other)}>
      {other === 'en' ? 'English' : '中文'}
    </button>
  );
}

/** Light/dark switch. */
export function ThemeToggle() {
  const dark = theme.value === 'dark';
  return (
    <button type="button" class="ghost" data-testid="theme-toggle" data-theme-now={theme.value} aria-label={t('header.theme')} onClick={toggleTheme}>
      {dark ? t('header.light') : t('header.dark')}
    </button>
  );
}

/** The page header. */
export function HeaderBar() {
  const s = session.value;
  const who = s?.role === 'admin' ? t('header.admin', { name: s.username ?? '' }) : s?.tenant ? s.tenant.name : '';
  return (
    <header class="top-bar">
      <div class="brand">
        <span class="logo" aria-hidden="true">◆</span> CCGate
      </div>
      <div class="top-actions">
        {who ? (
          <span class="who" data-testid="who">
            {who}
          </span>
        ) : null}
        <LangToggle />
        <ThemeToggle />
        {s ? (
          <button type="button" class="ghost" data-testid="logout" onClick={() => void signOut()}>
            {t('header.logout')}
          </button>
        ) : null}
      </div>
    </header>
  );
}
