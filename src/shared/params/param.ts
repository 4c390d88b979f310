import { z } from 'zod';
import { noiseAssignmentSchema } from '../noise-assignment';
import type { NoiseAssignmentMode } from '../noise-assignment';

/** The pipeline panel's groups, in the order it shows them. */
export type FormGroup =
  'Corpus' | 'Embeddings' | 'Layout (UMAP)' | 'Clusters (HDBSCAN)' | 'Labels' | 'Taxonomy';

/** How the pipeline panel shows a parameter; a parameter without one is left off the panel. */
export type FormHint = {
  label: string;
  group: FormGroup;
  placeholder?: string;
  hint?: string;
  /** The field's starting value when it differs from the default (e.g. a computed default shown as its usual outcome). */
  initial?: string | boolean;
  /** The choices in the panel's order when it differs from the schema's. */
  choices?: readonly string[];
};

type Common = {
  /** The command-line flag, e.g. `--min-dist <d>`; none: not an option (a positional argument). */
  flag?: string;
  /** The command-line help, without the default (the CLI adds it). */
  help: string;
  form?: FormHint;
  /** A default computed from the data, in words (the parameter then has no fixed `default`). */
  auto?: string;
  /** The one function that computes `auto` (with where it lives, when outside src/shared). */
  by?: string;
  /** A request without it is refused (and the command line makes its option mandatory). */
  required?: boolean;
};

export type IntegerParam = Common & { type: 'integer'; default?: number; min?: number; max?: number };
export type NumberParam = Common & {
  type: 'number';
  default?: number;
  min?: number;
  max?: number;
  /** Also takes Infinity (`inf` on a command line). */
  infinity?: boolean;
  /** Values must be greater than this (a lower limit that is not itself allowed). */
  above?: number;
};
export type TextParam = Common & { type: 'text'; default?: string; url?: boolean };
export type ChoiceParam<C extends string = string> = Common & {
  type: 'choice';
  choices: readonly [C, ...C[]];
  default?: C;
};
export type FlagParam = Common & { type: 'flag'; default?: boolean };
/** What becomes of HDBSCAN's noise: a mode or a number of cluster radii (noise-assignment.ts). */
export type NoiseParam = Common & { type: 'noise'; default: NoiseAssignmentMode };

export type Param = IntegerParam | NumberParam | TextParam | ChoiceParam | FlagParam | NoiseParam;
export type ParamSchema = Record<string, Param>;

/** The TypeScript value of a parameter. */
export type ParamValue<P> = P extends { type: 'integer' | 'number' }
  ? number
  : P extends { type: 'choice'; choices: readonly (infer C)[] }
    ? C
    : P extends { type: 'flag' }
      ? boolean
      : P extends { type: 'noise' }
        ? NoiseAssignmentMode
        : string;

/** Values of a schema's parameters, each optional (left out: the default). */
export type ParamValues<S extends ParamSchema> = { [K in keyof S]?: ParamValue<S[K]> };

/** `T` with the keys `K` required, e.g. a run's parameters once the caller has settled some of them. */
export type WithRequired<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: T[P] };

/** Defaults of a schema's parameters that have a fixed one. */
export type ParamDefaults<S extends ParamSchema> = {
  [K in keyof S as S[K] extends { default: unknown } ? K : never]: ParamValue<S[K]>;
};

/** A schema's fixed defaults as an object (parameters with a computed or no default are left out). */
export function defaultsOf<S extends ParamSchema>(schema: S): ParamDefaults<S> {
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(schema)) if (p.default !== undefined) out[name] = p.default;
  return out as ParamDefaults<S>;
}

/** The zod type of one parameter's value (without `.optional()`). */
export function zodOf(p: Param): z.ZodTypeAny {
  switch (p.type) {
    case 'integer':
    case 'number': {
      let n = z.number();
      if (p.type === 'integer') n = n.int();
      if (p.min !== undefined) n = n.min(p.min);
      if (p.max !== undefined) n = n.max(p.max);
      if (p.type === 'number' && p.above !== undefined) n = n.gt(p.above);
      return p.type === 'number' && p.infinity ? z.union([n, z.literal(Infinity)]) : n;
    }
    case 'text':
      return p.url ? z.string().url() : z.string().min(1);
    case 'choice':
      return z.enum(p.choices as [string, ...string[]]);
    case 'flag':
      return z.boolean();
    case 'noise':
      return noiseAssignmentSchema;
  }
}

/**
 * A strict zod object of a schema's parameters, each optional unless `required`: what a request's
 * params are checked with. `extra` adds optional values no command-line option holds as one (a list).
 */
export function zodParams<S extends ParamSchema, E extends z.ZodRawShape = Record<never, never>>(
  schema: S,
  extra?: E,
): z.ZodType<ParamValues<S> & { [K in keyof E]?: z.infer<E[K]> }> {
  const shape: Record<string, z.ZodTypeAny> = {};
  for (const [name, p] of Object.entries(schema)) shape[name] = p.required ? zodOf(p) : zodOf(p).optional();
  for (const [name, t] of Object.entries(extra ?? {})) shape[name] = z.optional(t);
  return z.object(shape).strict() as unknown as z.ZodType<
    ParamValues<S> & { [K in keyof E]?: z.infer<E[K]> }
  >;
}

/** `{ min: 1, max: 100 }` in words: "from 1 to 100", ">= 1", "<= 100" or "". */
export function rangeText(p: { min?: number; max?: number }): string {
  if (p.min !== undefined && p.max !== undefined) return `from ${p.min} to ${p.max}`;
  if (p.min !== undefined) return `>= ${p.min}`;
  if (p.max !== undefined) return `<= ${p.max}`;
  return '';
}
