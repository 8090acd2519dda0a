import type { ThemeSetting } from '../settings';

/** The relative luminance (0 black … 1 white) of a CSS `rgb()`/`rgba()` colour, or null when it is transparent or unreadable. */
export function luminanceOf(color: string): number | null {
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)/i.exec(color);
  if (!m) return null;
  const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? Number.parseFloat(m[4]) / 100 : Number(m[4]);
  if (!(alpha > 0.5)) return null;
  const [r, g, b] = [m[1], m[2], m[3]].map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Picks light or dark previews: a forced setting wins, else the page's own background, else the system preference. */
export function resolveTheme(setting: ThemeSetting, systemDark: boolean, pageBackgrounds: string[]): 'light' | 'dark' {
  if (setting !== 'system') return setting;
  for (const bg of pageBackgrounds) {
    const l = luminanceOf(bg);
    if (l !== null) return l < 0.2 ? 'dark' : 'light';
  }
  return systemDark ? 'dark' : 'light';
}
