import type { DiagnosticsWire } from '../../src/shared/analysis';

const precision = (
  p: DiagnosticsWire['precisions'][number]['precision'],
  bytesPer: number,
  recall: number,
) => ({
  precision: p,
  bytes: bytesPer * 1000,
  bytesPerEmbedding: bytesPer,
  compression: 100 * (1 - bytesPer / 2048),
  recallAt10: recall,
  reconstructionError: p === 'int8' || p === 'uint8' ? 1.2e-4 : p === 'float32' ? 0 : null,
});

/** Stored diagnostics of a 1,000-document use-lite set, as `diagnostics:get` answers them. */
export const diagnosticsResult: DiagnosticsWire = {
  runId: 9,
  createdAt: '2026-01-01T00:00:00.000Z',
  set: { id: 2, model: 'use-lite', dims: 512, documents: 1000 },
  histogram: { min: -0.1, max: 0.1, counts: [0, 3, 10, 3, 0] },
  calibration: { method: 'seeded', size: 500, seed: 42 },
  calibrationCoverage: 99.9871,
  precisions: [
    precision('float32', 2048, 1),
    precision('int8', 512, 0.93),
    precision('uint8', 512, 0.92),
    precision('binary', 64, 0.61),
    precision('ubinary', 64, 0.61),
  ],
  projected: [
    {
      embeddings: 2_500_000,
      bytes: { float32: 5.12e9, int8: 1.28e9, uint8: 1.28e9, binary: 1.6e8, ubinary: 1.6e8 },
    },
  ],
  neighbours: { queries: 300, k: 10, seed: 42 },
  titleSimilarity: {
    documentIds: [1, 2, 3],
    titles: ['Parsing with grammars', 'Neural parsing', 'Speech & <sound>'],
    matrix: [
      [1, 0.8, 0.1],
      [0.8, 1, 0.2],
      [0.1, 0.2, 1],
    ],
  },
  seconds: 1.5,
};
