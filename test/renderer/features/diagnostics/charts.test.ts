import { describe, expect, it } from 'vitest';
import {
  barAt,
  cellAt,
  formatBytes,
  formatCountShort,
  heatLevel,
  heatmapCells,
  histogramBars,
  niceTicks,
  offDiagonalRange,
  shortTitle,
} from '../../../../src/renderer/features/diagnostics/charts';

const box = { width: 120, height: 70, left: 10, right: 10, top: 10, bottom: 10 };

describe('the histogram', () => {
  it('draws one bar per bin over the plot, the tallest reaching the top', () => {
    const bars = histogramBars([1, 4, 2, 0], -1, 1, box);
    expect(bars).toHaveLength(4);
    expect(bars.map((b) => b.x)).toEqual([10, 35, 60, 85]);
    expect(bars.every((b) => b.width === 25)).toBe(true);
    expect(bars[1]).toMatchObject({ y: 10, height: 50, from: -0.5, to: 0, count: 4 });
    expect(bars[0]!.height).toBeCloseTo(12.5, 9);
    expect(bars[0]!.y + bars[0]!.height).toBeCloseTo(60, 9);
    expect(bars[3]!.height).toBe(0);
  });

  it('finds the bar under a pointer', () => {
    const bars = histogramBars([1, 4, 2, 0], -1, 1, box);
    expect(barAt(bars, 36)).toBe(1);
    expect(barAt(bars, 109.9)).toBe(3);
    expect(barAt(bars, 5)).toBe(-1);
    expect(barAt(bars, 111)).toBe(-1);
  });

  it('puts ticks on round values', () => {
    expect(niceTicks(-0.13, 0.17, 6)).toEqual([-0.1, -0.05, 0, 0.05, 0.1, 0.15]);
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });
});

describe('the similarity heatmap', () => {
  const matrix = [
    [1, 0.2, 0.6],
    [0.2, 1, 0.4],
    [0.6, 0.4, 1],
  ];

  it('lays out one square per pair, row-major', () => {
    const cells = heatmapCells(matrix, 10, 5, 7);
    expect(cells).toHaveLength(9);
    expect(cells[5]).toEqual({ row: 1, col: 2, x: 25, y: 17, size: 10, value: 0.4 });
  });

  it('scales colour over the off-diagonal range up to 1', () => {
    expect(offDiagonalRange(matrix)).toEqual({ min: 0.2, max: 0.6 });
    expect(heatLevel(0.2, 0.2)).toBe(0);
    expect(heatLevel(0.6, 0.2)).toBeCloseTo(0.5, 9);
    expect(heatLevel(1, 0.2)).toBe(1);
    expect(heatLevel(-1, 0.2)).toBe(0);
    expect(offDiagonalRange([[1]])).toEqual({ min: 0, max: 1 });
  });

  it('finds the cell under a pointer', () => {
    expect(cellAt(3, 10, 5, 7, 26, 18)).toEqual({ row: 1, col: 2 });
    expect(cellAt(3, 10, 5, 7, 4, 18)).toBeNull();
    expect(cellAt(3, 10, 5, 7, 36, 18)).toBeNull();
  });
});

describe('formatting', () => {
  it('writes bytes in decimal units and counts short', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3072)).toBe('3.07 KB');
    expect(formatBytes(76_800_000)).toBe('76.8 MB');
    expect(formatBytes(7.68e9)).toBe('7.68 GB');
    expect(formatCountShort(2_500_000)).toBe('2.5M');
    expect(formatCountShort(100_000_000)).toBe('100M');
    expect(formatCountShort(25_000)).toBe('25k');
  });

  it('cuts long titles at a word', () => {
    expect(shortTitle('Short title')).toBe('Short title');
    expect(shortTitle('Attention is all you need for multilingual neural machine translation', 30)).toBe(
      'Attention is all you need for…',
    );
  });
});
