import { z } from 'zod';
import { appErrorSchema } from './errors';
import { progressSchema } from './progress';

// The one list of everything the UI (over Electron IPC or the local web host) and the CLI can ask
// the engine, and every event it pushes. Channel names are `domain:verb`; types come from z.infer.

const empty = z.object({}).strict();
const id = z.number().int().positive();

export const jobKindSchema = z.enum(['import']);
export type JobKind = z.infer<typeof jobKindSchema>;

export const jobStatusSchema = z.enum(['queued', 'running', 'finished', 'failed', 'cancelled']);

export const jobSchema = z.object({
  id: z.string(),
  kind: jobKindSchema,
  params: z.record(z.string(), z.unknown()),
  status: jobStatusSchema,
  progress: progressSchema.nullable(),
  result: z.unknown().nullable(),
  error: appErrorSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Job = z.infer<typeof jobSchema>;

export const projectInfoSchema = z.object({
  path: z.string(),
  schemaVersion: z.number(),
  documents: z.number(),
  textTemplate: z.string(),
  imports: z.array(
    z.object({
      id: z.number(),
      source: z.string(),
      imported: z.number(),
      duplicates: z.number(),
      rejected: z.number(),
      at: z.string(),
    }),
  ),
});
export type ProjectInfo = z.infer<typeof projectInfoSchema>;

export const documentSchema = z.object({
  id: z.number(),
  extId: z.string(),
  title: z.string(),
  abstract: z.string(),
  year: z.number().nullable(),
  venue: z.string().nullable(),
  authors: z.array(z.string()).nullable(),
  categories: z.array(z.string()).nullable(),
  url: z.string().nullable(),
});
export type DocumentView = z.infer<typeof documentSchema>;

export const importParamsSchema = z
  .object({
    path: z.string().min(1),
    format: z.enum(['jsonl', 'json', 'csv', 'tsv', 'parquet']).optional(),
    encoding: z.enum(['utf-8', 'latin1', 'windows-1252']).optional(),
    map: z.record(z.string(), z.string()).optional(),
    textTemplate: z.string().optional(),
    limit: z.number().int().positive().optional(),
    dedupe: z.enum(['id+text', 'id']).optional(),
  })
  .strict();

export const requests = {
  'app:info': {
    input: empty,
    output: z.object({ name: z.string(), version: z.string(), platform: z.string() }),
  },
  'project:info': { input: empty, output: projectInfoSchema },
  'documents:list': {
    input: z
      .object({
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    output: z.object({ total: z.number(), documents: z.array(documentSchema) }),
  },
  'documents:get': { input: z.object({ id }).strict(), output: documentSchema },
  'jobs:start': {
    input: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('import'), params: importParamsSchema }).strict(),
    ]),
    output: z.object({ jobId: z.string() }),
  },
  'jobs:cancel': {
    input: z.object({ jobId: z.string() }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  'jobs:list': { input: empty, output: z.object({ jobs: z.array(jobSchema) }) },
  'jobs:get': { input: z.object({ jobId: z.string() }).strict(), output: jobSchema },
} as const;

export type Requests = typeof requests;
export type Channel = keyof Requests;
export type RequestInput<C extends Channel> = z.input<Requests[C]['input']>;
export type RequestOutput<C extends Channel> = z.infer<Requests[C]['output']>;
export const channels = Object.keys(requests) as Channel[];

export const events = {
  'job:progress': z.object({ jobId: z.string(), progress: progressSchema }),
  'job:finished': z.object({ jobId: z.string(), result: z.unknown() }),
  'job:failed': z.object({ jobId: z.string(), code: appErrorSchema.shape.code, message: z.string() }),
  'job:cancelled': z.object({ jobId: z.string() }),
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];

/** Every answer crosses a process boundary as data: thrown errors would lose their code. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: z.infer<typeof appErrorSchema> };

/** Method name of a channel on the typed API: 'jobs:start' -> 'jobsStart'. */
export const methodName = (channel: string): string =>
  channel.replace(/[:-](\w)/g, (_, c: string) => c.toUpperCase());
