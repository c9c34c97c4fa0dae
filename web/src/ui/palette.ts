// Series colours come from CSS custom properties, so light and dark themes restyle the charts.

/** Number of distinct series colours (.c1 … .c8 in CSS). */
export const SERIES_COLOURS = 8;

/** CSS class of the n-th series colour (0-based, wraps). */
export function colourClass(n: number): string {
  return `c${(n % SERIES_COLOURS) + 1}`;
}

/** The computed value of a CSS custom property on <html>. */
export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** The n-th series colour as a CSS colour string (for canvas drawing). */
export function seriesColour(n: number): string {
  return cssVar(`--series-${(n % SERIES_COLOURS) + 1}`) || '#888';
}
