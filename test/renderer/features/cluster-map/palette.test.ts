import { describe, expect, it } from 'vitest';
import {
  MAP_BACKGROUND,
  NOISE_COLOR,
  NOISE_COLOR_DARK,
  contrastRatio,
  relativeLuminance,
  topicColor,
} from '../../../../src/renderer/features/cluster-map/palette';

const THEMES = ['light', 'dark'] as const;

describe('the topic palette', () => {
  it('computes WCAG luminance and contrast', () => {
    expect(relativeLuminance([255, 255, 255])).toBeCloseTo(1, 6);
    expect(relativeLuminance([0, 0, 0])).toBe(0);
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 6);
    // A reference pair: #767676 on white is the familiar 4.54:1.
    expect(contrastRatio([0x76, 0x76, 0x76], [255, 255, 255])).toBeCloseTo(4.54, 2);
  });

  it('the backgrounds are the map background of each theme', () => {
    expect(MAP_BACKGROUND.light).toEqual([0xff, 0xff, 0xff]);
    expect(MAP_BACKGROUND.dark).toEqual([0x10, 0x14, 0x17]);
  });

  for (const theme of THEMES)
    it(`keeps every topic colour at 3:1 or more against the ${theme} map`, () => {
      const worst = { ratio: Infinity, clusterId: -1 };
      for (let c = 0; c < 500; c++) {
        const ratio = contrastRatio(topicColor(c, theme), MAP_BACKGROUND[theme]);
        if (ratio < worst.ratio) Object.assign(worst, { ratio, clusterId: c });
      }
      expect(worst.ratio, `topic ${worst.clusterId}`).toBeGreaterThanOrEqual(3);
    });

  it('keeps 30 neighbouring topics apart in each theme, and differs between themes', () => {
    for (const theme of THEMES) {
      const seen = new Set(Array.from({ length: 30 }, (_, c) => topicColor(c, theme).join()));
      expect(seen.size).toBe(30);
    }
    // Blues and indigos, dark on white, are lifted on the dark map.
    const blue = Array.from({ length: 30 }, (_, c) => c).find((c) => {
      const [r, g, b] = topicColor(c, 'light');
      return b > r && b > g;
    })!;
    expect(relativeLuminance(topicColor(blue, 'dark'))).toBeGreaterThan(
      relativeLuminance(topicColor(blue, 'light')),
    );
  });

  it('draws noise fainter than any topic, in both themes', () => {
    expect(topicColor(-1)).toEqual(NOISE_COLOR);
    expect(topicColor(-1, 'dark')).toEqual(NOISE_COLOR_DARK);
    for (const theme of THEMES) {
      const noise = topicColor(-1, theme);
      const noiseContrast = contrastRatio(noise, MAP_BACKGROUND[theme]);
      for (let c = 0; c < 30; c++) {
        expect(noise[3]).toBeLessThan(topicColor(c, theme)[3]);
        expect(noiseContrast).toBeLessThan(contrastRatio(topicColor(c, theme), MAP_BACKGROUND[theme]));
      }
    }
  });
});
