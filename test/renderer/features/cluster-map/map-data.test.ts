import { describe, expect, it } from 'vitest';
import {
  decodeMapData,
  encodeMapData,
  loadClusterMapData,
} from '../../../../src/renderer/features/cluster-map/map-data';
import type { MapDataRequest, MapDataSource } from '../../../../src/renderer/features/cluster-map/map-data';
import { generateClusterMapData } from '../../../../src/renderer/features/cluster-map/fixture-data';
import { fixtureSize } from '../../../../src/renderer/features/cluster-map/ClusterMapSection';

describe('map data over the wire', () => {
  it('round-trips typed arrays through base64', () => {
    const data = generateClusterMapData(3000, { seed: 9 });
    data.assigned[7] = 1;
    data.assigned[2998] = 1;
    const back = decodeMapData(JSON.parse(JSON.stringify(encodeMapData(data, 4, 5))));
    expect(back.documentIds).toEqual(data.documentIds);
    expect(back.positions).toEqual(data.positions);
    expect(back.clusterIds).toEqual(data.clusterIds);
    expect(back.probabilities).toEqual(data.probabilities);
    expect(back.assigned).toBeInstanceOf(Uint8Array);
    expect(back.assigned).toEqual(data.assigned);
    // NaN (unknown strength) survives the trip.
    expect(back.strengths).toEqual(data.strengths);
    expect(Number.isNaN(back.strengths[data.clusterIds.indexOf(-1)])).toBe(true);
    expect(back.titles).toEqual(data.titles);
    expect(back.topics).toEqual(data.topics);
  });

  it('refuses arrays whose length disagrees with the count', () => {
    const wire = encodeMapData(generateClusterMapData(10));
    expect(() => decodeMapData({ ...wire, count: 11, titles: [...wire.titles, 'x'] })).toThrow(/documentIds/);
    expect(() => decodeMapData({ ...wire, titles: [] })).toThrow(/titles/);
    expect(() => decodeMapData({ ...wire, assigned: wire.clusterIds })).toThrow(/assigned/);
  });

  it('asks the API through one request', async () => {
    const data = generateClusterMapData(50);
    const asked: MapDataRequest[] = [];
    const api: MapDataSource = {
      mapData: async (input?: MapDataRequest) => {
        asked.push(input ?? {});
        return encodeMapData(data);
      },
    };
    const loaded = await loadClusterMapData(api, { clusterRunId: 3 });
    expect(asked).toEqual([{ clusterRunId: 3 }]);
    expect(loaded.positions).toEqual(data.positions);
  });
});

describe('generated map data', () => {
  it('is the same for the same seed and has the requested shape', () => {
    const a = generateClusterMapData(5000, { seed: 1 });
    const b = generateClusterMapData(5000, { seed: 1 });
    expect(a.positions).toEqual(b.positions);
    expect(a.positions.length).toBe(10_000);
    expect(a.titles).toHaveLength(5000);
    const noise = a.clusterIds.filter((c) => c < 0).length;
    expect(noise / 5000).toBeGreaterThan(0.05);
    expect(noise / 5000).toBeLessThan(0.15);
    expect(a.topics.reduce((s, t) => s + t.size, 0)).toBe(5000 - noise);
  });

  it('is switched on by ?fixture=N only', () => {
    expect(fixtureSize('?fixture=25000')).toBe(25_000);
    expect(fixtureSize('?token=abc&fixture=100000')).toBe(100_000);
    expect(fixtureSize('?token=abc')).toBeNull();
    expect(fixtureSize('?fixture=-3')).toBeNull();
    expect(fixtureSize('?fixture=lots')).toBeNull();
  });
});
