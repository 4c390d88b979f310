import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZES,
  LIMITS,
  STORAGE_KEY,
  fitSizes,
  layoutMode,
  readSizes,
  writeSizes,
} from '../../../src/renderer/layout/layout-state';

const memory = () => {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    data,
  };
};

describe('pane sizes', () => {
  it('round-trips through storage and falls back to the defaults on garbage', () => {
    const s = memory();
    expect(readSizes(s)).toEqual(DEFAULT_SIZES);
    writeSizes(s, { side: 600, topics: 0.3, detail: 200 });
    expect(readSizes(s)).toEqual({ side: 600, topics: 0.3, detail: 200 });
    s.data.set(STORAGE_KEY, '{not json');
    expect(readSizes(s)).toEqual(DEFAULT_SIZES);
    s.data.set(STORAGE_KEY, JSON.stringify({ side: 'wide', topics: 0.7 }));
    expect(readSizes(s)).toEqual({ ...DEFAULT_SIZES, topics: 0.7 });
    expect(readSizes(undefined)).toEqual(DEFAULT_SIZES);
  });

  it('fits stored sizes to the window so the map keeps most of it', () => {
    // A side pane stored on a wide screen leaves 40% of a small window to the map.
    expect(fitSizes({ side: 900, topics: 0.5, detail: 170 }, 1280, 800).side).toBe(768);
    expect(fitSizes({ side: 900, topics: 0.5, detail: 170 }, 1920, 1080).side).toBe(900);
    expect(fitSizes({ side: 10, topics: 2, detail: 5000 }, 1280, 800)).toEqual({
      side: LIMITS.side.min,
      topics: LIMITS.topics.max,
      detail: 320,
    });
  });

  it('arranges the panes by window width', () => {
    expect(layoutMode(1920)).toBe('wide');
    expect(layoutMode(1280)).toBe('wide');
    expect(layoutMode(1100)).toBe('compact');
    expect(layoutMode(800)).toBe('stacked');
  });
});
