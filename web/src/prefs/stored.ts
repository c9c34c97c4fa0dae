// Non-secret preferences (language, theme, admin's time zone) kept in localStorage. Nothing that
// grants access is ever stored in the browser: the session is an HttpOnly cookie.

const PREFIX = 'ccgate.';

/** A stored preference, or undefined (also when storage is blocked). */
export function readPref(name: 'lang' | 'theme' | 'tz'): string | undefined {
  try {
    return localStorage.getItem(PREFIX + name) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Stores a preference; silently skipped when storage is blocked (it is only a convenience). */
export function writePref(name: 'lang' | 'theme' | 'tz', value: string): void {
  try {
    localStorage.setItem(PREFIX + name, value);
  } catch {
    // private mode or storage disabled: the choice lasts for this page only
  }
}
