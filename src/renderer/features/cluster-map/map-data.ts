import type { TaxonomistApi } from '../../../shared/api';
import { fromBase64, toBase64 } from '../../../shared/binary';
import type { MapDataWire, RequestInput } from '../../../shared/contract';

// The cluster map's data: one 2-d layout and one clustering, as flat typed arrays (n points).

/** A topic of the clustering; `size` counts its documents. */
export type MapTopic = { clusterId: number; label: string; size: number };

/**
 * Everything the map draws, n documents in the engine's document order:
 * `documentIds` Int32 (n), `positions` Float32 (n x 2, layout units), `clusterIds` Int32 (n, -1 = noise),
 * `probabilities` Float32 (n, HDBSCAN membership in [0, 1]), `assigned` Uint8 (n, 1 = HDBSCAN noise
 * placed in a topic afterwards), `strengths` Float32 (n, belonging to its topic in [0, 1], NaN unknown),
 * `titles` (n), `topics` (one per cluster).
 */
export type ClusterMapData = {
  documentIds: Int32Array;
  positions: Float32Array;
  clusterIds: Int32Array;
  probabilities: Float32Array;
  assigned: Uint8Array;
  strengths: Float32Array;
  titles: string[];
  topics: MapTopic[];
};

/** What the map asks the engine for: a 2-d reduce run and a cluster run (newest of each when omitted). */
export type MapDataRequest = RequestInput<'map:data'>;

/** The engine's answer as it crosses JSON: the typed arrays as base64 of their little-endian bytes. */
export type { MapDataWire };

/** The one request the map needs from the API. */
export type MapDataSource = Pick<TaxonomistApi, 'mapData'>;

/** Fetches and decodes the map's data. */
export async function loadClusterMapData(api: MapDataSource, request: MapDataRequest = {}) {
  return decodeMapData(await api.mapData(request));
}

function typed<T extends Int32Array | Float32Array | Uint8Array>(
  name: string,
  text: string,
  length: number,
  make: (buffer: ArrayBuffer) => T,
  bytesPer = 4,
): T {
  const bytes = fromBase64(text);
  if (bytes.byteLength !== length * bytesPer)
    throw new Error(`map data: ${name} has ${bytes.byteLength} bytes, expected ${length * bytesPer}`);
  // A fresh buffer: the decoded bytes start at offset 0, so 4-byte views are aligned.
  return make(bytes.buffer as ArrayBuffer);
}

/** Decodes and checks a wire answer; throws on arrays whose lengths disagree with `count`. */
export function decodeMapData(wire: MapDataWire): ClusterMapData {
  const n = wire.count;
  if (!Number.isInteger(n) || n < 0) throw new Error(`map data: bad count ${n}`);
  if (wire.titles.length !== n) throw new Error(`map data: ${wire.titles.length} titles for ${n} points`);
  return {
    documentIds: typed('documentIds', wire.documentIds, n, (b) => new Int32Array(b)),
    positions: typed('positions', wire.positions, 2 * n, (b) => new Float32Array(b)),
    clusterIds: typed('clusterIds', wire.clusterIds, n, (b) => new Int32Array(b)),
    probabilities: typed('probabilities', wire.probabilities, n, (b) => new Float32Array(b)),
    assigned: typed('assigned', wire.assigned, n, (b) => new Uint8Array(b), 1),
    strengths: typed('strengths', wire.strengths, n, (b) => new Float32Array(b)),
    titles: wire.titles,
    topics: wire.topics,
  };
}

/** The inverse of decodeMapData, for tests, fixtures and the engine side's reference. */
export function encodeMapData(
  data: ClusterMapData,
  reduceRunId = 0,
  clusterRunId: number | null = 0,
): MapDataWire {
  return {
    reduceRunId,
    clusterRunId,
    count: data.documentIds.length,
    documentIds: toBase64(data.documentIds),
    positions: toBase64(data.positions),
    clusterIds: toBase64(data.clusterIds),
    probabilities: toBase64(data.probabilities),
    assigned: toBase64(data.assigned),
    strengths: toBase64(data.strengths),
    titles: data.titles,
    topics: data.topics,
  };
}
