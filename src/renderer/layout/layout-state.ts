/**
 * The workbench's pane sizes: the side pane's width, the share of its height the topic list takes,
 * and the detail pane's height under the map. Kept per machine (localStorage), clamped on the way in
 * and out so a stored size from a larger screen never hides a pane.
 */
export type PaneSizes = {
  /** Width of the side pane (topics over taxonomy), in CSS pixels. */
  side: number;
  /** Share of the side pane's height given to the topic list, 0..1 (the tree has the rest). */
  topics: number;
  /** Height of the detail pane under the map, in CSS pixels. */
  detail: number;
};

export const DEFAULT_SIZES: PaneSizes = { side: 460, topics: 0.5, detail: 170 };

export const LIMITS = {
  side: { min: 300, max: 900 },
  topics: { min: 0.2, max: 0.8 },
  detail: { min: 96, max: 420 },
} as const;

export const STORAGE_KEY = 'taxonomist.workbench.panes';

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * Sizes that fit a window `width` x `height`: the side pane leaves the map at least 40% of the width,
 * the detail pane leaves the map at least 45% of the height.
 */
export function fitSizes(sizes: PaneSizes, width: number, height: number): PaneSizes {
  const sideMax = Math.max(LIMITS.side.min, Math.min(LIMITS.side.max, Math.floor(width * 0.6)));
  const detailMax = Math.max(LIMITS.detail.min, Math.min(LIMITS.detail.max, Math.floor(height * 0.4)));
  return {
    side: Math.round(clamp(sizes.side, LIMITS.side.min, sideMax)),
    topics: clamp(sizes.topics, LIMITS.topics.min, LIMITS.topics.max),
    detail: Math.round(clamp(sizes.detail, LIMITS.detail.min, detailMax)),
  };
}

/** The stored sizes, or the defaults where nothing (or nothing readable) is stored. */
export function readSizes(storage: Pick<Storage, 'getItem'> | undefined): PaneSizes {
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    if (!raw) return { ...DEFAULT_SIZES };
    const v = JSON.parse(raw) as Partial<Record<keyof PaneSizes, unknown>>;
    const num = (x: unknown, d: number) => (typeof x === 'number' && Number.isFinite(x) ? x : d);
    return {
      side: num(v.side, DEFAULT_SIZES.side),
      topics: num(v.topics, DEFAULT_SIZES.topics),
      detail: num(v.detail, DEFAULT_SIZES.detail),
    };
  } catch {
    return { ...DEFAULT_SIZES };
  }
}

export function writeSizes(storage: Pick<Storage, 'setItem'> | undefined, sizes: PaneSizes): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(sizes));
  } catch {
    // A full or blocked storage only forgets the sizes.
  }
}

/** Which panes a window of this width shows beside the map (narrow windows stack them under it). */
export function layoutMode(width: number): 'wide' | 'compact' | 'stacked' {
  if (width >= 1280) return 'wide';
  if (width >= 960) return 'compact';
  return 'stacked';
}
