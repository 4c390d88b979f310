import { z } from 'zod';

export const progressSchema = z.object({
  stage: z.string(),
  done: z.number(),
  total: z.number().nullable(),
  /** Units per second, over the work done so far. */
  rate: z.number().nullable().optional(),
  /** Seconds left at the current rate. */
  eta: z.number().nullable().optional(),
  unit: z.string().optional(),
  message: z.string().optional(),
});
export type Progress = z.infer<typeof progressSchema>;
