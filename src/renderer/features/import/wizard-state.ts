import type { DocumentField, ImportPreview, RequestInput } from '../../../shared/contract';

export type CorpusFormat = NonNullable<RequestInput<'import:preview'>['format']>;
export type TextEncoding = NonNullable<RequestInput<'import:preview'>['encoding']>;
export type ImportParams = Extract<RequestInput<'jobs:start'>, { kind: 'import' }>['params'];

export const STEPS = ['file', 'mapping', 'validate', 'import'] as const;
export type WizardStep = (typeof STEPS)[number];

export const STEP_TITLES: Record<WizardStep, string> = {
  file: 'Choose a file',
  mapping: 'Preview and map columns',
  validate: 'Check the rows',
  import: 'Import',
};

export const FORMATS: { value: CorpusFormat | ''; label: string }[] = [
  { value: '', label: 'Detect from the file' },
  { value: 'csv', label: 'CSV' },
  { value: 'tsv', label: 'TSV' },
  { value: 'json', label: 'JSON array' },
  { value: 'jsonl', label: 'JSON Lines' },
  { value: 'parquet', label: 'Parquet' },
];

export const ENCODINGS: { value: TextEncoding | ''; label: string }[] = [
  { value: '', label: 'Detect (UTF-8, else Windows-1252)' },
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'windows-1252', label: 'Windows-1252' },
  { value: 'latin1', label: 'Latin-1 (ISO-8859-1)' },
];

export const FIELDS: { field: DocumentField; label: string; hint: string }[] = [
  { field: 'id', label: 'Id', hint: 'Unique per paper; without one, a hash of title and abstract is used' },
  { field: 'title', label: 'Title', hint: 'Title or abstract is required' },
  { field: 'abstract', label: 'Abstract', hint: 'Title or abstract is required' },
  { field: 'year', label: 'Year', hint: 'A year or a date' },
  { field: 'venue', label: 'Venue', hint: 'Journal, conference or source' },
  { field: 'authors', label: 'Authors', hint: 'A list, or names separated by ; or ,' },
  { field: 'categories', label: 'Categories', hint: 'Subjects or tags' },
  { field: 'url', label: 'URL', hint: 'Link to the paper' },
];

export const TEMPLATE_FIELDS = ['title', 'abstract', 'year', 'venue', 'authors', 'categories', 'id'];

/** `field -> column`, '' for "not imported". */
export type Mapping = Record<DocumentField, string>;

export type WizardState = {
  step: WizardStep;
  path: string;
  format: CorpusFormat | '';
  encoding: TextEncoding | '';
  mapping: Mapping;
  /** Set once the person picks a column, so a new preview does not overwrite the choice. */
  mappingEdited: boolean;
  textTemplate: string;
  templateEdited: boolean;
  /** Empty for the whole file. */
  limit: string;
  preview: ImportPreview | null;
  /** What `preview` was asked for (see previewKey), to tell whether it is still current. */
  previewFor: string | null;
};

export const emptyMapping = (): Mapping => ({
  id: '',
  title: '',
  abstract: '',
  year: '',
  venue: '',
  authors: '',
  categories: '',
  url: '',
});

export const initialWizard = (): WizardState => ({
  step: 'file',
  path: '',
  format: '',
  encoding: '',
  mapping: emptyMapping(),
  mappingEdited: false,
  textTemplate: '',
  templateEdited: false,
  limit: '',
  preview: null,
  previewFor: null,
});

/** The mapping as sent to the engine: every field named, '' meaning "leave it out" (no detection). */
export const mapForEngine = (m: Mapping): Record<string, string> => ({ ...m });

/** The request for a preview of the current choices. */
export function previewRequest(s: WizardState): RequestInput<'import:preview'> {
  return {
    path: s.path.trim(),
    ...(s.format ? { format: s.format } : {}),
    ...(s.encoding ? { encoding: s.encoding } : {}),
    ...(s.mappingEdited ? { map: mapForEngine(s.mapping) } : {}),
    ...(s.templateEdited ? { textTemplate: s.textTemplate } : {}),
    rows: 20,
  };
}

/** Identifies a preview request: a preview is current while its key equals the state's. */
export const previewKey = (s: WizardState): string => JSON.stringify(previewRequest(s));

/**
 * Takes a preview in: the mapping and template follow it unless the person has chosen their own,
 * and a detected encoding is kept so the import reads the file the way the preview did.
 */
export function applyPreview(s: WizardState, preview: ImportPreview, requestedFor: string): WizardState {
  const mapping = s.mappingEdited ? s.mapping : { ...emptyMapping(), ...preview.mapping };
  const textTemplate = s.templateEdited ? s.textTemplate : preview.textTemplate;
  // Adopting them leaves the key unchanged (only chosen mappings and templates are part of it).
  return { ...s, preview, mapping, textTemplate, previewFor: requestedFor };
}

/** Picks a column for a field; a column feeds one field, so it leaves any other field that had it. */
export function setMapping(s: WizardState, field: DocumentField, column: string): WizardState {
  const mapping = { ...s.mapping, [field]: column };
  if (column)
    for (const f of Object.keys(mapping) as DocumentField[])
      if (f !== field && mapping[f] === column) mapping[f] = '';
  return { ...s, mapping, mappingEdited: true };
}

/** Back to what the engine detects from the column names. */
export function resetMapping(s: WizardState): WizardState {
  if (!s.preview) return { ...s, mapping: emptyMapping(), mappingEdited: false };
  return { ...s, mapping: { ...emptyMapping(), ...s.preview.suggestedMapping }, mappingEdited: false };
}

/** A new file, format or encoding: a different file means a fresh mapping. */
export function setSource(
  s: WizardState,
  change: Partial<Pick<WizardState, 'path' | 'format' | 'encoding'>>,
): WizardState {
  const next = { ...s, ...change };
  if (change.path !== undefined && change.path.trim() !== s.path.trim())
    return { ...next, mapping: emptyMapping(), mappingEdited: false, preview: null, previewFor: null };
  return next;
}

export const setTemplate = (s: WizardState, textTemplate: string): WizardState => ({
  ...s,
  textTemplate,
  templateEdited: true,
});

/** Why a text template would be refused (the engine's rule), or null. */
export function templateProblem(template: string): string | null {
  const names = [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!);
  const unknown = names.filter((n) => !TEMPLATE_FIELDS.includes(n));
  if (unknown.length)
    return `Unknown field ${unknown.map((u) => `{${u}}`).join(', ')}; use ${TEMPLATE_FIELDS.map((f) => `{${f}}`).join(', ')}`;
  if (!names.includes('title') && !names.includes('abstract')) return 'Use {title} or {abstract}';
  return null;
}

export function limitProblem(limit: string): string | null {
  const t = limit.trim();
  if (!t) return null;
  return /^\d+$/.test(t) && Number(t) > 0 ? null : 'A whole number above 0, or empty for every row';
}

export const isCurrent = (s: WizardState): boolean => s.preview !== null && s.previewFor === previewKey(s);

/** What keeps the person from leaving `step` forward; empty when they may go on. */
export function stepProblems(s: WizardState, step: WizardStep = s.step): string[] {
  switch (step) {
    case 'file':
      return s.path.trim() ? [] : ['Enter the path of a corpus file.'];
    case 'mapping': {
      const out: string[] = [];
      if (!s.preview) out.push('Preview the file first.');
      if (s.preview && !s.mapping.title && !s.mapping.abstract)
        out.push('Choose a column for the title or the abstract.');
      const t = templateProblem(s.textTemplate);
      if (t) out.push(`Text template: ${t}.`);
      const l = limitProblem(s.limit);
      if (l) out.push(`Limit: ${l}.`);
      return out;
    }
    case 'validate': {
      if (!s.preview || !isCurrent(s)) return ['Wait for the check of the current choices.'];
      const v = s.preview.validation;
      if (v.fatal) return [`The import would stop: ${v.fatal}`];
      if (v.mappingProblem) return [v.mappingProblem];
      if (v.accepted === 0 && v.duplicates === 0 && v.checked > 0)
        return ['None of the rows checked would be imported: change the mapping or fix the file.'];
      if (v.accepted === 0 && v.duplicates === 0) return ['The file has no rows.'];
      return [];
    }
    case 'import':
      return [];
  }
}

/** Steps up to the first one that is not yet complete can be visited. */
export function reachableSteps(s: WizardState): WizardStep[] {
  const out: WizardStep[] = [];
  for (const step of STEPS) {
    out.push(step);
    if (step === 'validate' || stepProblems(s, step).length > 0) break;
  }
  return out;
}

/** The job's parameters for the current choices; the path is the one the preview resolved. */
export function importParams(s: WizardState): ImportParams {
  const p = s.preview;
  const limit = s.limit.trim();
  return {
    path: p?.path ?? s.path.trim(),
    ...(s.format || p?.format ? { format: (s.format || p!.format) as CorpusFormat } : {}),
    ...(s.encoding || p?.encoding ? { encoding: (s.encoding || p!.encoding) as TextEncoding } : {}),
    map: mapForEngine(s.mapping),
    textTemplate: s.textTemplate,
    ...(limit ? { limit: Number(limit) } : {}),
  };
}

/** The import job's answer (the engine's ImportSummary), as far as the wizard shows it. */
export type ImportResult = {
  imported: number;
  duplicateIds: number;
  duplicateTexts: number;
  rejected: number;
  rows: number;
  documents: number;
  seconds: number;
  rejections: { line: number; reason: string }[];
};

export function readResult(raw: unknown): ImportResult | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Partial<ImportResult>;
  if (typeof r.imported !== 'number') return null;
  const n = (v: unknown) => (typeof v === 'number' ? v : 0);
  return {
    imported: r.imported,
    duplicateIds: n(r.duplicateIds),
    duplicateTexts: n(r.duplicateTexts),
    rejected: n(r.rejected),
    rows: n(r.rows),
    documents: n(r.documents),
    seconds: n(r.seconds),
    rejections: Array.isArray(r.rejections) ? r.rejections.slice(0, 50) : [],
  };
}

const bytesFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** "12.3 MB", "950 KB", "120 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${bytesFormat.format(bytes / 1e9)} GB`;
  if (bytes >= 1e6) return `${bytesFormat.format(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${bytesFormat.format(bytes / 1e3)} KB`;
  return `${bytes} bytes`;
}

/**
 * The text the first previewed row would be embedded as, with the current mapping and template
 * (from the display values, so long fields show cut short); null when there is nothing to show.
 */
export function sampleText(s: WizardState): string | null {
  const row = s.preview?.rows.find((r) => r.rejected === null);
  if (!row || templateProblem(s.textTemplate)) return null;
  return s.textTemplate.replace(/\{([a-z]+)\}/g, (_, name: string) => {
    const column = s.mapping[name as DocumentField];
    return column ? (row.values[column] ?? '') : '';
  });
}
