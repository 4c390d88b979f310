import { buildParamsSchema } from '../../../shared/contract';
import { buildParams } from '../../../shared/params';
import type { BuildParams, FormGroup, Param } from '../../../shared/params';

export type { BuildParams };
export type FieldKind = 'text' | 'integer' | 'number' | 'choice' | 'flag';

export type BuildField = {
  name: keyof BuildParams;
  label: string;
  kind: FieldKind;
  group: FormGroup;
  /** The case study's value; '' leaves the choice to the engine. */
  initial: string | boolean;
  choices?: readonly string[];
  placeholder?: string;
  hint?: string;
};

const kindOf = (p: Param): FieldKind => (p.type === 'noise' ? 'choice' : p.type);

/** Every build option the panel shows (those with a form hint in the schema), starting at its default. */
export const buildFields: readonly BuildField[] = Object.entries(buildParams).flatMap(
  ([name, p]: [string, Param]): BuildField[] => {
    if (!p.form) return [];
    const { label, group, placeholder, hint, initial, choices } = p.form;
    const fallback =
      p.type === 'flag' ? (p.default ?? false) : p.default === undefined ? '' : String(p.default);
    const listed = choices ?? (p.type === 'choice' ? p.choices : undefined);
    return [
      {
        name: name as keyof BuildParams,
        label,
        kind: kindOf(p),
        group,
        initial: initial ?? fallback,
        ...(listed ? { choices: listed } : {}),
        ...(placeholder !== undefined ? { placeholder } : {}),
        ...(hint !== undefined ? { hint } : {}),
      },
    ];
  },
);

export type BuildForm = Record<string, string | boolean>;

export function initialBuildForm(): BuildForm {
  return Object.fromEntries(buildFields.map((f) => [f.name, f.initial]));
}

/** Range errors in the panel's words ("at least 2"); anything else as the contract says it. */
function issueText(issue: { code: string; message: string; minimum?: unknown; maximum?: unknown }): string {
  if (issue.code === 'too_small' && issue.minimum !== undefined) return `at least ${String(issue.minimum)}`;
  if (issue.code === 'too_big' && issue.maximum !== undefined) return `at most ${String(issue.maximum)}`;
  return issue.message;
}

export type FormResult = { ok: true; params: BuildParams } | { ok: false; errors: Record<string, string> };

/** The form as `jobs:start` params: blanks are left to the engine, numbers parsed, then the contract checks. */
export function toBuildParams(form: BuildForm): FormResult {
  const raw: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of buildFields) {
    const v = form[f.name];
    if (f.kind === 'flag') {
      if (v === true) raw[f.name] = true;
      continue;
    }
    const text = typeof v === 'string' ? v.trim() : '';
    if (text === '') continue;
    if (f.kind === 'integer' || f.kind === 'number') {
      const n = Number(text);
      if (!Number.isFinite(n) || (f.kind === 'integer' && !Number.isInteger(n))) {
        errors[f.name] = f.kind === 'integer' ? 'a whole number' : 'a number';
        continue;
      }
      raw[f.name] = n;
    } else raw[f.name] = text;
  }
  const parsed = buildParamsSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'form');
      errors[key] ??= issueText(issue);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, params: parsed.data };
}
