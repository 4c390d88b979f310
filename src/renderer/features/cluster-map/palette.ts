// Topic and noise colours for the map, per theme. Every topic colour keeps at least 3:1 contrast
// against the map's background (WCAG 2.x non-text contrast), so small dots stay visible in both themes.

export type Rgba = readonly [number, number, number, number];
export type MapTheme = 'light' | 'dark';

/** The map's background per theme: the values of --map-bg in the page's stylesheet. */
export const MAP_BACKGROUND: Record<MapTheme, readonly [number, number, number]> = {
  light: [0xff, 0xff, 0xff],
  dark: [0x10, 0x14, 0x17],
};

/** Noise sits behind the topics: a faint grey close to the background. */
export const NOISE_COLOR: Rgba = [165, 168, 172, 80];
/** Noise on the dark background: a dim grey, fainter than any topic. */
export const NOISE_COLOR_DARK: Rgba = [92, 100, 106, 90];

/** The contrast every topic colour reaches against its background, with room above the 3:1 floor. */
const TARGET_CONTRAST = 3.4;
const TOPIC_ALPHA = 220;

/** WCAG 2.x relative luminance of an sRGB colour with 0-255 channels. */
export function relativeLuminance([r, g, b]: readonly number[]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

/** WCAG 2.x contrast ratio of two opaque colours, from 1 to 21. */
export function contrastRatio(a: readonly number[], b: readonly number[]): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

const cache: Record<MapTheme, Map<number, Rgba>> = { light: new Map(), dark: new Map() };

/**
 * A distinct, stable colour per cluster id: golden-angle hues keep neighbours' ids apart, alternate
 * ids differ in lightness, and each hue is darkened (light theme) or lightened (dark theme) until it
 * stands out from the map background. Noise (negative ids) gets the theme's noise grey.
 */
export function topicColor(clusterId: number, theme: MapTheme = 'light'): Rgba {
  if (clusterId < 0) return theme === 'dark' ? NOISE_COLOR_DARK : NOISE_COLOR;
  const hit = cache[theme].get(clusterId);
  if (hit) return hit;
  const hue = (clusterId * 137.508) % 360;
  const odd = clusterId % 2 === 1;
  const background = MAP_BACKGROUND[theme];
  const step = theme === 'dark' ? 0.02 : -0.02;
  let light = theme === 'dark' ? (odd ? 0.66 : 0.56) : odd ? 0.42 : 0.5;
  let rgb = hslToRgb(hue, 0.68, light);
  while (contrastRatio(rgb, background) < TARGET_CONTRAST && light > 0.05 && light < 0.95) {
    light += step;
    rgb = hslToRgb(hue, 0.68, light);
  }
  const rgba: Rgba = [...rgb, TOPIC_ALPHA];
  cache[theme].set(clusterId, rgba);
  return rgba;
}
