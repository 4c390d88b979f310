import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DeferredFrames,
  SETTLE_MS,
  frameTransform,
  isSoftwareRenderer,
} from '../../../../src/renderer/features/cluster-map/deferred-frames';
import type { OrthoView } from '../../../../src/renderer/features/cluster-map/deferred-frames';
import { pickNearest } from '../../../../src/renderer/features/cluster-map/view-model';

/** Screen position (canvas centre at 0, 0) of world point w in view v: x right, world y up. */
const screen = (v: OrthoView, w: [number, number]) => [
  (w[0] - v.target[0]!) * 2 ** v.zoom,
  -(w[1] - v.target[1]!) * 2 ** v.zoom,
];

describe('frameTransform', () => {
  it('moves every point of the drawn frame to where the current view shows it', () => {
    const drawn: OrthoView = { target: [3, -2], zoom: 1.5 };
    const current: OrthoView = { target: [4.25, -1], zoom: 2.75 };
    const t = frameTransform(drawn, current);
    for (const w of [
      [0, 0],
      [3, -2],
      [10, 7],
      [-5, 1.5],
    ] as [number, number][]) {
      const [x0, y0] = screen(drawn, w);
      const [x1, y1] = screen(current, w);
      // CSS `translate(dx, dy) scale(s)` about the centre: p -> s p + (dx, dy).
      expect(t.scale * x0! + t.dx).toBeCloseTo(x1!, 9);
      expect(t.scale * y0! + t.dy).toBeCloseTo(y1!, 9);
    }
  });
});

describe('DeferredFrames', () => {
  let view: OrthoView;
  let held: boolean;
  let draws: string[];
  let el: { style: { transform: string; transformOrigin: string } };
  let frames: DeferredFrames;
  beforeEach(() => {
    vi.useFakeTimers();
    view = { target: [0, 0], zoom: 0 };
    held = false;
    draws = [];
    el = { style: { transform: '', transformOrigin: '' } };
    frames = new DeferredFrames({
      canvas: () => el as unknown as HTMLElement,
      draw: (reason) => draws.push(reason),
      view: () => view,
      busy: () => held,
    });
  });
  afterEach(() => {
    frames.dispose();
    vi.useRealTimers();
  });

  it('draws every frame unless enabled', () => {
    frames.render('a');
    view = { target: [1, 0], zoom: 0 };
    frames.render('b');
    expect(draws).toEqual(['a', 'b']);
    expect(el.style.transform).toBe('');
  });

  it('moves the last frame while the view changes, and draws once it has settled', () => {
    frames.enabled = true;
    frames.render('first');
    held = true;
    frames.render('press'); // a gesture begins: nothing moved yet, nothing drawn
    for (let k = 1; k <= 5; k++) {
      view = { target: [k, 0], zoom: k / 10 };
      frames.render('view');
      vi.advanceTimersByTime(SETTLE_MS / 2);
    }
    expect(draws).toEqual(['first']);
    expect(el.style.transform).toMatch(/^translate\(-?[\d.]+px, -?[\d.e-]+px\) scale\([\d.]+\)$/);
    // Still held: the redraw waits for the button.
    vi.advanceTimersByTime(3 * SETTLE_MS);
    expect(draws).toEqual(['first']);
    held = false;
    vi.advanceTimersByTime(SETTLE_MS);
    expect(draws).toEqual(['first', 'view settled']);
    expect(el.style.transform).toBe('');
    // An unmoved view with something else new (a highlight) draws at once.
    frames.render('highlight');
    expect(draws.at(-1)).toBe('highlight');
  });
});

describe('isSoftwareRenderer', () => {
  it('tells CPU rasterisers from GPUs', () => {
    expect(
      isSoftwareRenderer({ gpuType: 'cpu', renderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device))' }),
    ).toBe(true);
    expect(
      isSoftwareRenderer({
        gpuType: 'unknown',
        vendor: 'Mesa',
        renderer: 'ANGLE (Mesa, llvmpipe (LLVM 15.0.6, 256 bits), OpenGL 4.5)',
      }),
    ).toBe(true);
    expect(
      isSoftwareRenderer({
        gpuType: 'unknown',
        renderer: 'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11)',
      }),
    ).toBe(true);
    expect(
      isSoftwareRenderer({
        gpuType: 'discrete',
        vendor: 'NVIDIA Corporation',
        renderer: 'NVIDIA GeForce RTX 3060',
      }),
    ).toBe(false);
    expect(
      isSoftwareRenderer({
        gpuType: 'integrated',
        renderer: 'ANGLE (Intel, Mesa Intel(R) UHD Graphics 620)',
      }),
    ).toBe(false);
    expect(isSoftwareRenderer({ gpuType: 'integrated', renderer: 'Apple M2' })).toBe(false);
  });
});

describe('pickNearest', () => {
  it('finds the nearest drawn point within the radius, preferring the one on top', () => {
    const positions = Float32Array.from([0, 0, 1, 0, 1, 0, 5, 5]);
    const all = Int32Array.from([0, 1, 2, 3]);
    expect(pickNearest(positions, all, 0.2, 0, 0.5)).toBe(0);
    // Points 1 and 2 coincide: the later-drawn one is on top.
    expect(pickNearest(positions, all, 0.9, 0, 0.5)).toBe(2);
    expect(pickNearest(positions, Int32Array.from([2, 1]), 0.9, 0, 0.5)).toBe(1);
    // Hidden (not drawn) points are never picked; nothing within the radius gives -1.
    expect(pickNearest(positions, Int32Array.from([0, 1, 2]), 5, 5, 0.5)).toBe(-1);
    expect(pickNearest(positions, all, 3, 3, 0.5)).toBe(-1);
  });
});
