// Light or dark: the system's choice until the user picks one, which is remembered.
import { signal, effect } from '@preact/signals';
import { readPref, writePref } from './stored.js';

export type Theme = 'light' | 'dark';

function systemTheme(): Theme {
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

const stored = readPref('theme');
/** The theme in use. */
export const theme = signal<Theme>(stored === 'light' || stored === 'dark' ? stored : systemTheme());

/** Switches between light and dark and remembers the choice. */
export function toggleTheme(): void {
  theme.value = theme.value === 'dark' ? 'light' : 'dark';
  writePref('theme', theme.value);
}

effect(() => {
  document.documentElement.dataset['theme'] = theme.value;
});
