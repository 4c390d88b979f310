import { homedir } from 'node:os';
import { basename, isAbsolute, resolve } from 'node:path';
import { AppError, isAppError } from '../../shared/errors';
import { LEGACY_ENCODING_HINT } from './formats/text-decoder';
import type { ColumnMapping } from './mapping';
import { detectMapping } from './mapping';
import { asText, checkRecord, contentHash, SAMPLE_ROWS } from './import';
import type { CorpusFormat, RecordItem, TextEncoding } from './read-records';
import { openRecords } from './read-records';
import { renderText, validateTextTemplate } from './text-template';

export type PreviewOptions = {
  format?: CorpusFormat;
  /** Omitted: UTF-8, or Windows-1252 when the start of the file is not valid UTF-8. */
  encoding?: TextEncoding;
  map?: ColumnMapping;
  textTemplate?: string;
  dedupe?: 'id+text' | 'id';
  /** Rows returned for display (default 20). */
  rows?: number;
  /** Rows checked as the import would (default 1,000). */
  validate?: number;
  /** Rejected rows listed (default 50). */
  listRejections?: number;
  /** Documents already in the project, to count duplicates as the import would. */
  existing?: { extIds: ReadonlySet<string>; hashes: ReadonlySet<string> };
  /** The project's template, used when `textTemplate` is not given. */
  defaultTemplate?: string;
};

export type PreviewRow = { line: number; values: Record<string, string>; rejected: string | null };

export type CorpusPreview = {
  path: string;
  file: string;
  format: CorpusFormat;
  compressed: boolean;
  encoding: TextEncoding | null;
  encodingNote: string | null;
  totalBytes: number;
  columns: string[];
  rows: PreviewRow[];
  suggestedMapping: ColumnMapping;
  mapping: ColumnMapping;
  textTemplate: string;
  sampleText: string | null;
  templateProblem: string | null;
  validation: {
    checked: number;
    accepted: number;
    duplicates: number;
    rejected: number;
    rejections: { line: number; reason: string }[];
    complete: boolean;
    estimatedRows: number | null;
    mappingProblem: string | null;
    fatal: string | null;
  };
};

/** Characters of one value shown in the preview table. */
export const PREVIEW_VALUE_CHARS = 300;
const DEFAULT_ROWS = 20;
const DEFAULT_VALIDATE = 1000;
const DEFAULT_LIST_REJECTIONS = 50;

/** `~/papers.csv` and relative paths, as a person types them, to an absolute path. */
export function resolveCorpusPath(path: string): string {
  const p = path.trim();
  if (p === '~') return homedir();
  if (p.startsWith('~/')) return resolve(homedir(), p.slice(2));
  return isAbsolute(p) ? p : resolve(p);
}

function display(v: unknown): string {
  let s: string;
  if (v == null) s = '';
  else if (typeof v === 'object' && !Array.isArray(v)) s = JSON.stringify(v);
  else if (Array.isArray(v) && v.some((x) => x !== null && typeof x === 'object')) s = JSON.stringify(v);
  else s = Array.isArray(v) ? v.map(asText).filter(Boolean).join('; ') : asText(v);
  // Cut before collapsing whitespace: a field can be megabytes long.
  s = s.slice(0, 4 * PREVIEW_VALUE_CHARS).replace(/\s+/g, ' ');
  return s.length > PREVIEW_VALUE_CHARS ? `${s.slice(0, PREVIEW_VALUE_CHARS - 1)}…` : s;
}

// Messages from the readers speak to the command line; the preview speaks to the wizard.
const forWizard = (message: string): string =>
  message
    .replace(
      LEGACY_ENCODING_HINT,
      'if the file is in a legacy encoding, choose windows-1252 (or latin1) as its encoding',
    )
    .replace(/--map (\w+)=/g, '$1 = ')
    .replace(/ in --map;/g, ';');

const isUtf8Error = (e: unknown): boolean => isAppError(e) && /invalid UTF-8/.test(e.message);

type Scan = {
  format: CorpusFormat;
  compressed: boolean;
  totalBytes: number;
  columns: string[];
  items: RecordItem[];
  complete: boolean;
  bytesRead: number;
  fatal: AppError | null;
};

/** Reads only the first `limit` items; a fatal error after the first item is kept, not thrown. */
async function scan(
  path: string,
  options: PreviewOptions,
  encoding: TextEncoding,
  limit: number,
): Promise<Scan> {
  const reader = await openRecords(path, {
    ...(options.format ? { format: options.format } : {}),
    encoding,
  });
  const items: RecordItem[] = [];
  let complete = false;
  let fatal: AppError | null = null;
  const iterator = reader.records[Symbol.asyncIterator]();
  try {
    while (items.length < limit) {
      const next = await iterator.next();
      if (next.done) {
        complete = true;
        break;
      }
      items.push(next.value);
    }
  } catch (e) {
    if (items.length === 0 || !isAppError(e) || isUtf8Error(e)) throw e;
    fatal = e;
  } finally {
    if (!complete && !fatal) await iterator.return?.();
  }
  let columns = reader.columns;
  if (!columns) {
    const seen = new Set<string>();
    for (const item of items.slice(0, SAMPLE_ROWS))
      if (item.kind === 'record') for (const k of Object.keys(item.fields)) seen.add(k);
    columns = [...seen];
  }
  return {
    format: reader.format,
    compressed: reader.compressed,
    totalBytes: reader.totalBytes,
    columns,
    items,
    complete,
    bytesRead: reader.bytesRead(),
    fatal,
  };
}

/**
 * What importing `path` would do, from the start of the file only: the format and encoding found,
 * the columns, the first rows for display, the detected and the effective column mapping, and a
 * dry run of the import's checks over the first rows (accepted, duplicates, rejected with reasons).
 * Throws AppError (NOT_FOUND, IMPORT_FAILED, USAGE) when the file cannot be read at all.
 */
export async function previewCorpus(rawPath: string, options: PreviewOptions = {}): Promise<CorpusPreview> {
  const path = resolveCorpusPath(rawPath);
  const shown = options.rows ?? DEFAULT_ROWS;
  const limit = Math.max(shown, options.validate ?? DEFAULT_VALIDATE);
  const listed = options.listRejections ?? DEFAULT_LIST_REJECTIONS;

  let encoding: TextEncoding = options.encoding ?? 'utf-8';
  let encodingNote: string | null = null;
  let s: Scan;
  try {
    try {
      s = await scan(path, options, encoding, limit);
    } catch (e) {
      // Undeclared and not UTF-8: legacy Western files are by far the most common case.
      if (options.encoding || !isUtf8Error(e)) throw e;
      encoding = 'windows-1252';
      encodingNote = `${forWizard((e as AppError).message.split(';')[0] ?? '')}; read as windows-1252 instead`;
      s = await scan(path, options, encoding, limit);
    }
  } catch (e) {
    if (isAppError(e)) throw new AppError(e.code, forWizard(e.message), { cause: e });
    throw e;
  }

  const suggestedMapping = detectMapping(s.columns);
  let mapping: ColumnMapping;
  try {
    mapping = detectMapping(s.columns, options.map ?? {});
  } catch (e) {
    if (isAppError(e)) throw new AppError(e.code, forWizard(e.message), { cause: e });
    throw e;
  }

  const textTemplate = options.textTemplate ?? options.defaultTemplate ?? '{title}:{abstract}';
  let templateProblem: string | null = null;
  try {
    validateTextTemplate(textTemplate);
  } catch (e) {
    templateProblem = e instanceof Error ? e.message : String(e);
  }

  const mappingProblem =
    mapping.title || mapping.abstract
      ? null
      : `no title and no abstract column chosen: choose a column for the title or the abstract (the file's columns are ${
          s.columns.length ? s.columns.map((c) => `"${c}"`).join(', ') : 'none'
        })`;

  const extIds = new Set<string>();
  const hashes = new Set<string>();
  const dedupeTexts = (options.dedupe ?? 'id+text') === 'id+text';
  let accepted = 0;
  let duplicates = 0;
  let rejected = 0;
  const rejections: { line: number; reason: string }[] = [];
  let sampleText: string | null = null;
  const reject = (line: number, reason: string) => {
    rejected++;
    if (rejections.length < listed) rejections.push({ line, reason });
  };
  for (const item of s.items) {
    if (item.kind === 'reject') {
      reject(item.line, item.reason);
      continue;
    }
    if (mappingProblem) continue;
    const checked = checkRecord(item.fields, mapping);
    if ('reason' in checked) {
      reject(item.line, checked.reason);
      continue;
    }
    const hash = contentHash(checked.title, checked.abstract).toString('base64');
    const rawId = mapping.id ? asText(item.fields[mapping.id]) : '';
    const extId = rawId || `sha-${Buffer.from(hash, 'base64').toString('hex', 0, 8)}`;
    if (
      extIds.has(extId) ||
      options.existing?.extIds.has(extId) ||
      (dedupeTexts && (hashes.has(hash) || options.existing?.hashes.has(hash)))
    ) {
      duplicates++;
      continue;
    }
    extIds.add(extId);
    hashes.add(hash);
    accepted++;
    if (sampleText === null && !templateProblem) {
      const f = item.fields;
      sampleText = renderText(textTemplate, {
        title: checked.title,
        abstract: checked.abstract,
        id: rawId || null,
        year: mapping.year ? asText(f[mapping.year]) || null : null,
        venue: mapping.venue ? asText(f[mapping.venue]) || null : null,
        authors: mapping.authors ? asText(f[mapping.authors]) || null : null,
        categories: mapping.categories ? asText(f[mapping.categories]) || null : null,
      });
      if (sampleText.length > 2 * PREVIEW_VALUE_CHARS)
        sampleText = `${sampleText.slice(0, 2 * PREVIEW_VALUE_CHARS - 1)}…`;
    }
  }

  const rows: PreviewRow[] = s.items.slice(0, shown).map((item) => {
    if (item.kind === 'reject') return { line: item.line, values: {}, rejected: item.reason };
    const values: Record<string, string> = {};
    for (const c of s.columns) if (c in item.fields) values[c] = display(item.fields[c]);
    return { line: item.line, values, rejected: null };
  });

  const share = s.totalBytes > 0 ? s.bytesRead / s.totalBytes : 1;
  const estimatedRows =
    s.complete || s.fatal || share <= 0 || share >= 1 ? null : Math.round(s.items.length / share);

  return {
    path,
    file: basename(path),
    format: s.format,
    compressed: s.compressed,
    encoding: s.format === 'parquet' ? null : encoding,
    encodingNote,
    totalBytes: s.totalBytes,
    columns: s.columns,
    rows,
    suggestedMapping,
    mapping,
    textTemplate,
    sampleText,
    templateProblem,
    validation: {
      checked: s.items.length,
      accepted,
      duplicates,
      rejected,
      rejections,
      complete: s.complete,
      estimatedRows,
      mappingProblem,
      fatal: s.fatal ? forWizard(s.fatal.message) : null,
    },
  };
}
