import { z } from 'zod';

// Schemas of the two analysis views: comparing two cluster runs, and the embedding diagnostics.

const clusterRunSummarySchema = z.object({
  id: z.number(),
  name: z.string().nullable(),
  params: z.record(z.string(), z.unknown()),
  /** Precision of the embeddings the run's layout came from (null when unknown). */
  precision: z.string().nullable(),
  /** Clusters over the shared documents. */
  clusters: z.number(),
  noiseFraction: z.number(),
});

const clusterRefSchema = z.object({
  clusterId: z.number(),
  /** The topic's label when the run has topics, else null. */
  label: z.string().nullable(),
  /** Documents of the cluster among the shared documents. */
  size: z.number(),
});
export type ClusterRef = z.infer<typeof clusterRefSchema>;

/** Two cluster runs compared over the documents both assigned (noise counted as one class). */
export const runsComparisonSchema = z.object({
  runA: clusterRunSummarySchema,
  runB: clusterRunSummarySchema,
  sharedDocuments: z.number(),
  ari: z.number(),
  nmi: z.number(),
  clustersA: z.array(clusterRefSchema),
  clustersB: z.array(clusterRefSchema),
  /** One-to-one pairs maximising the total overlap (Hungarian), largest overlap first. */
  matches: z.array(
    z.object({
      a: z.number(),
      b: z.number(),
      overlap: z.number(),
      jaccard: z.number(),
    }),
  ),
  splits: z.array(z.object({ a: z.number(), into: z.array(z.number()) })),
  merges: z.array(z.object({ b: z.number(), from: z.array(z.number()) })),
  vanished: z.array(z.number()),
  appeared: z.array(z.number()),
  /** Int32 ids of the shared documents, ascending (base64 of little-endian bytes, as map:data). */
  documentIds: z.string(),
  /** Int32 cluster per shared document in run A (-1 noise). */
  clusterIdsA: z.string(),
  /** Int32 cluster per shared document in run B (-1 noise). */
  clusterIdsB: z.string(),
});
export type RunsComparisonWire = z.infer<typeof runsComparisonSchema>;

/** Options of a diagnostics job (names as the CLI's `diagnose`). */
export const diagnoseParamsSchema = z
  .object({
    set: z.number().int().positive().optional(),
    calibration: z.number().int().min(2).optional(),
    calibrationSample: z.enum(['first', 'seeded']).optional(),
    queries: z.number().int().min(1).max(100_000).optional(),
    titles: z.number().int().min(2).max(60).optional(),
    seed: z.number().int().min(0).optional(),
  })
  .strict();
export type DiagnoseParams = z.infer<typeof diagnoseParamsSchema>;

export const precisionNames = ['float32', 'int8', 'uint8', 'binary', 'ubinary'] as const;

/** The stored outcome of a diagnostics job. */
export const diagnosticsSchema = z.object({
  runId: z.number(),
  createdAt: z.string(),
  set: z.object({ id: z.number(), model: z.string(), dims: z.number(), documents: z.number() }),
  /** Counts of every embedding value in equal bins over [min, max]. */
  histogram: z.object({ min: z.number(), max: z.number(), counts: z.array(z.number()) }),
  calibration: z.object({
    method: z.enum(['first', 'seeded']),
    size: z.number(),
    seed: z.number().nullable(),
  }),
  /** Average per-dimension percentage of all values inside the calibration range. */
  calibrationCoverage: z.number(),
  precisions: z.array(
    z.object({
      precision: z.enum(precisionNames),
      bytes: z.number(),
      bytesPerEmbedding: z.number(),
      /** Percent saved against float32. */
      compression: z.number(),
      /** Share of float32's exact 10 nearest neighbours this precision finds. */
      recallAt10: z.number(),
      /** Mean absolute error of the dequantized values; null where it does not apply. */
      reconstructionError: z.number().nullable(),
    }),
  ),
  projected: z.array(z.object({ embeddings: z.number(), bytes: z.record(z.string(), z.number()) })),
  neighbours: z.object({ queries: z.number(), k: z.number(), seed: z.number() }),
  titleSimilarity: z.object({
    documentIds: z.array(z.number()),
    titles: z.array(z.string()),
    /** Cosine similarity, rows x columns in the order of `titles`. */
    matrix: z.array(z.array(z.number())),
  }),
  seconds: z.number(),
});
export type DiagnosticsWire = z.infer<typeof diagnosticsSchema>;

/** Stored diagnostics as the UI gets them: with why they no longer describe the embeddings, if so. */
export const diagnosticsViewSchema = diagnosticsSchema.extend({ stale: z.string().nullable() });
export type DiagnosticsView = z.infer<typeof diagnosticsViewSchema>;
