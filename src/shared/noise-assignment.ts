import { z } from 'zod';

/**
 * What becomes of the documents HDBSCAN calls noise: `embedding` gives each the topic nearest in the
 * embedding space when it is as close as that topic's own members are; `none` keeps them as noise; a
 * number T gives each the nearest centroid of the clustering layout within T cluster radii (`Infinity`: all).
 */
export const noiseAssignmentSchema = z.union([
  z.enum(['embedding', 'none']),
  z.number().positive(),
  // `inf` on a command line: no JSON carries it, but the CLI's in-process requests do.
  z.literal(Infinity),
]);
export type NoiseAssignmentMode = z.infer<typeof noiseAssignmentSchema>;
export const DEFAULT_NOISE_ASSIGNMENT: NoiseAssignmentMode = 'embedding';

/** `embedding`, `none`, `inf` or a positive number as typed on a command line; null when it is none of them. */
export function parseNoiseAssignment(text: string): NoiseAssignmentMode | null {
  const t = text.trim().toLowerCase();
  if (t === 'embedding' || t === 'none') return t;
  if (t === 'inf' || t === 'infinity') return Infinity;
  const v = Number(t);
  return t !== '' && Number.isFinite(v) && v > 0 ? v : null;
}
