import type { Command } from 'commander';
import { Option } from 'commander';
import { AppError } from '../shared/errors';
import { parseNoiseAssignment } from '../shared/noise-assignment';
import { rangeText } from '../shared/params';
import type { Param, ParamSchema, ParamValues } from '../shared/params';
import type { ProgressMode } from './progress-output';

export type NumberRule = {
  integer?: boolean;
  min?: number;
  max?: number;
  /** Values must be greater than this (e.g. 0 for a step size). */
  above?: number;
  /** Accepts `inf` / `Infinity`. */
  infinity?: boolean;
};

/** The CLI's one number parser: `text` as a number within `rule`, else a usage error naming `flag`. */
export function parseNumber(flag: string, text: string, rule: NumberRule = {}): number {
  const t = text.trim();
  const n = rule.infinity && /^(inf|infinity)$/i.test(t) ? Infinity : t === '' ? NaN : Number(t);
  const ok =
    !Number.isNaN(n) &&
    (Number.isFinite(n) || !!rule.infinity) &&
    (!rule.integer || Number.isInteger(n)) &&
    (rule.min === undefined || n >= rule.min) &&
    (rule.max === undefined || n <= rule.max) &&
    (rule.above === undefined || n > rule.above);
  if (!ok) {
    const range = rule.above !== undefined ? `> ${rule.above}` : rangeText(rule);
    throw new AppError(
      'USAGE',
      `${flag} expects ${rule.integer ? 'an integer' : 'a number'}${range ? ` ${range}` : ''}, got "${text}"`,
    );
  }
  return n;
}

/** `parseNumber` of an option that may be absent. */
export const optionalNumber = (flag: string, text: string | undefined, rule: NumberRule = {}) =>
  text === undefined ? undefined : parseNumber(flag, text, rule);

/** The one `--progress` option of every long-running command. */
export const progressOption = (): Option =>
  new Option('--progress <mode>', 'progress on stderr')
    .choices(['auto', 'bar', 'json', 'none'] satisfies ProgressMode[])
    .default('auto');

/** Flags that differ from the schema's for one command, e.g. `{ labelModel: '--model <model>' }`. */
export type FlagOverrides<S extends ParamSchema> = { [K in keyof S]?: string };

const flagOf = <S extends ParamSchema>(name: keyof S, p: Param, overrides: FlagOverrides<S>) =>
  overrides[name] ?? p.flag;

const defaultText = (p: Param): string => {
  if (p.auto) return ` (default: ${p.auto})`;
  if (p.default === undefined || p.default === false) return '';
  return ` (default: ${String(p.default)})`;
};

/**
 * Adds an option per parameter of `schema` that has a flag: help and choices from the schema, the
 * default named in the help but not set, so `readParams` passes on only what was given; a required
 * parameter's option is mandatory.
 */
export function addParamOptions<S extends ParamSchema>(
  cmd: Command,
  schema: S,
  options: { flags?: FlagOverrides<S>; help?: { [K in keyof S]?: string } } = {},
): Command {
  for (const [name, p] of Object.entries(schema)) {
    const flag = flagOf(name, p, options.flags ?? {});
    if (!flag) continue;
    const help = options.help?.[name];
    // A command's own help may name its own default (e.g. a project setting first).
    const text = help?.includes('(default') ? help : `${help ?? p.help}${defaultText(p)}`;
    const option = new Option(flag, text);
    if (p.type === 'choice') option.choices(p.choices);
    if (p.required) option.makeOptionMandatory();
    cmd.addOption(option);
  }
  return cmd;
}

/**
 * The parameters of `schema` given on the command line, typed. Numbers are read as numbers; with
 * `limits` their ranges are checked here too (commands that run directly), without them the contract
 * checks them (commands that start a job, so the error is the app's).
 */
export function readParams<S extends ParamSchema>(
  schema: S,
  opts: Record<string, unknown>,
  options: { flags?: FlagOverrides<S>; limits?: boolean } = {},
): ParamValues<S> {
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(schema)) {
    const flag = flagOf(name, p, options.flags ?? {});
    if (!flag) continue;
    const option = new Option(flag);
    const v = opts[option.attributeName()];
    // `auto` names a computed default: the same as leaving the option out.
    if (v === undefined || (p.auto && v === 'auto')) continue;
    const long = option.long ?? flag;
    switch (p.type) {
      case 'integer':
      case 'number':
        out[name] = parseNumber(long, String(v), {
          integer: p.type === 'integer' && options.limits,
          infinity: p.type === 'number' && !!p.infinity,
          ...(p.type === 'number' && p.above !== undefined && options.limits ? { above: p.above } : {}),
          ...(options.limits ? { min: p.min, max: p.max } : {}),
        });
        break;
      case 'noise': {
        const mode = parseNoiseAssignment(String(v));
        if (mode === null)
          throw new AppError(
            'USAGE',
            `${long} must be embedding, none, inf or a positive number, got "${String(v)}"`,
          );
        out[name] = mode;
        break;
      }
      case 'flag':
        if (v === true) out[name] = true;
        break;
      default:
        out[name] = String(v);
    }
  }
  return out as ParamValues<S>;
}
