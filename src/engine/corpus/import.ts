import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { AppError } from '../../shared/errors';
import type { StageContext } from '../context';
import { stageContext } from '../context';
import { progressTracker } from '../progress';
import type { ProjectStore } from '../store';
import {
  beginImport,
  beginTransaction,
  commitTransaction,
  countDocuments,
  documentInserter,
  finishImport,
  getSetting,
  loadDocumentKeys,
  rollbackTransaction,
  setSetting,
} from '../store';
import type { NewDocument } from '../store';
import type { ColumnMapping } from './mapping';
import { detectMapping } from './mapping';
import type { CorpusFormat, RecordItem, TextEncoding } from './read-records';
import { openRecords } from './read-records';
import { DEFAULT_TEXT_TEMPLATE, validateTextTemplate } from './text-template';

/** An import's parameters: the corpus file, and how to read it. */
export type ImportParams = ImportOptions & { path: string };

export type ImportOptions = {
  format?: CorpusFormat;
  encoding?: TextEncoding;
  /** Explicit `field -> column` choices; the rest is detected. */
  map?: ColumnMapping;
  textTemplate?: string;
  /** A title or abstract longer than this (UTF-8 bytes) rejects its row. Default 1 MiB. */
  maxFieldBytes?: number;
  /** Stop after this many accepted documents. */
  limit?: number;
  /**
   * What makes a row a duplicate: the same id, or also the same normalised title + abstract
   * (default: both; the same paper filed under two venues is then one document).
   */
  dedupe?: 'id+text' | 'id';
};

export type Rejection = { line: number; reason: string };

export type ImportSummary = {
  importId: number;
  file: string;
  format: CorpusFormat;
  compressed: boolean;
  mapping: ColumnMapping;
  textTemplate: string;
  rows: number;
  imported: number;
  duplicateIds: number;
  duplicateTexts: number;
  rejected: number;
  /** The first rejections, each `{ line, reason }`. */
  rejections: Rejection[];
  /** Documents in the project after the import. */
  documents: number;
  seconds: number;
};

const KEEP_REJECTIONS = 1000;
/** Columns of JSON records are taken from this many first rows. */
export const SAMPLE_ROWS = 200;
export const DEFAULT_MAX_FIELD_BYTES = 1 << 20;

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

export function asText(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(asText).filter(Boolean).join(' ');
  return '';
}

function asList(v: unknown, splitter: RegExp): string[] | null {
  if (v == null) return null;
  let items: string[];
  if (Array.isArray(v)) {
    items = v.map((x) =>
      x && typeof x === 'object' && 'name' in x ? asText((x as { name: unknown }).name) : asText(x),
    );
  } else {
    const s = asText(v);
    items = s ? s.split(splitter) : [];
  }
  const out = items.map((s) => s.trim()).filter(Boolean);
  return out.length ? out : null;
}

const splitAuthors = (v: unknown): string[] | null => {
  const s = typeof v === 'string' ? v : null;
  if (s !== null && /[;|]/.test(s)) return asList(s, /[;|]/);
  return asList(v, /\s+and\s+|,\s*/);
};

function asYear(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1000 && v <= 2999) return v;
  const m = /(?:^|\D)(1[5-9]\d\d|2\d\d\d)(?!\d)/.exec(asText(v));
  return m ? Number(m[1]) : null;
}

/** Normalised title + abstract, hashed: two rows that differ only in case or spacing are one paper. */
export function contentHash(title: string, abstract: string): Buffer {
  const n = (s: string) => collapse(s.normalize('NFKC').toLowerCase());
  return createHash('sha256').update(n(title)).update('\u001f').update(n(abstract)).digest().subarray(0, 16);
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

/** The title and abstract a record imports with, or why the record is rejected. */
export function checkRecord(
  fields: Record<string, unknown>,
  mapping: ColumnMapping,
  maxField: number = DEFAULT_MAX_FIELD_BYTES,
): { title: string; abstract: string } | { reason: string } {
  const title = mapping.title ? asText(fields[mapping.title]) : '';
  const abstract = mapping.abstract ? asText(fields[mapping.abstract]) : '';
  if (!title && !abstract) return { reason: 'no title and no abstract' };
  for (const [name, text] of [
    ['title', title],
    ['abstract', abstract],
  ] as const) {
    // String length bounds the UTF-8 size from below; only long strings need the exact count.
    if (text.length * 3 > maxField && Buffer.byteLength(text) > maxField) {
      return {
        reason: `${name} is ${mb(Buffer.byteLength(text))}, over the ${mb(maxField)} limit for one field`,
      };
    }
  }
  return { title, abstract };
}

/**
 * Imports a corpus file into the project in one transaction: a failed, cancelled or killed import
 * leaves the project exactly as it was. Rows with neither title nor abstract, or with an oversized
 * field, are rejected with their line; duplicate ids and duplicate normalised title+abstract are
 * skipped and counted.
 */
export async function importCorpus(
  store: ProjectStore,
  params: ImportParams,
  context: Partial<StageContext> = {},
): Promise<ImportSummary> {
  const { path, ...options } = params;
  const ctx = stageContext(context);
  const started = performance.now();
  const file = basename(path);
  const template = options.textTemplate ?? getSetting(store.db, 'textTemplate') ?? DEFAULT_TEXT_TEMPLATE;
  validateTextTemplate(template);
  const maxField = options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  const dedupeTexts = (options.dedupe ?? 'id+text') === 'id+text';

  const reader = await openRecords(path, {
    ...(options.format ? { format: options.format } : {}),
    ...(options.encoding ? { encoding: options.encoding } : {}),
    signal: ctx.signal,
  });
  const iterator = reader.records[Symbol.asyncIterator]();

  // Columns of JSON records are only known from the records themselves: look at the first rows.
  const head: RecordItem[] = [];
  let columns = reader.columns;
  if (!columns) {
    const seen = new Set<string>();
    while (head.length < SAMPLE_ROWS) {
      const next = await iterator.next();
      if (next.done) break;
      head.push(next.value);
      if (next.value.kind === 'record') for (const k of Object.keys(next.value.fields)) seen.add(k);
    }
    columns = [...seen];
  }
  const mapping = detectMapping(columns, options.map ?? {});
  if (!mapping.title && !mapping.abstract) {
    if (columns.length === 0 && head.length > 0 && head.every((h) => h.kind === 'reject')) {
      const first = head[0] as Extract<RecordItem, { kind: 'reject' }>;
      throw new AppError(
        'IMPORT_FAILED',
        `${file}:${first.line}: ${first.reason} (no valid record in the first ${head.length} rows)`,
      );
    }
    throw new AppError(
      'IMPORT_FAILED',
      `${file}: no usable columns: found ${columns.length ? columns.map((c) => `"${c}"`).join(', ') : 'no columns'}; ` +
        'a title or an abstract column is needed (name one with --map title=COLUMN or --map abstract=COLUMN)',
    );
  }
  const mapped = new Set(Object.values(mapping));

  const keys = loadDocumentKeys(store.db);
  const progress = progressTracker('import', ctx.progress, { total: reader.totalBytes, unit: 'bytes' });
  const db = store.db;
  let rows = 0;
  let imported = 0;
  let duplicateIds = 0;
  let duplicateTexts = 0;
  let rejected = 0;
  const rejections: Rejection[] = [];
  const reject = (line: number, reason: string) => {
    rejected++;
    if (rejections.length < KEEP_REJECTIONS) rejections.push({ line, reason });
  };

  beginTransaction(db);
  let committed = false;
  try {
    const importId = beginImport(db, {
      sourcePath: path,
      format: reader.format,
      compressed: reader.compressed,
      mapping: mapping as Record<string, string>,
      textTemplate: template,
      startedAt: new Date().toISOString(),
    });
    const insert = documentInserter(db, importId);

    const take = (item: RecordItem): void => {
      rows++;
      if (item.kind === 'reject') return reject(item.line, item.reason);
      const f = item.fields;
      const checked = checkRecord(f, mapping, maxField);
      if ('reason' in checked) return reject(item.line, checked.reason);
      const { title, abstract } = checked;
      const hash = contentHash(title, abstract);
      const hashKey = hash.toString('base64');
      const rawId = mapping.id ? asText(f[mapping.id]) : '';
      const extId = rawId || `sha-${hash.toString('hex', 0, 8)}`;
      if (keys.extIds.has(extId)) {
        duplicateIds++;
        return;
      }
      if (dedupeTexts && keys.hashes.has(hashKey)) {
        duplicateTexts++;
        return;
      }
      let extra: Record<string, unknown> | null = null;
      for (const [k, v] of Object.entries(f)) {
        if (mapped.has(k) || v == null || v === '') continue;
        if (typeof v === 'object' && !Array.isArray(v)) continue;
        (extra ??= {})[k] = v;
      }
      const doc: NewDocument = {
        extId,
        title,
        abstract,
        year: mapping.year ? asYear(f[mapping.year]) : null,
        authors: mapping.authors ? splitAuthors(f[mapping.authors]) : null,
        categories: mapping.categories ? asList(f[mapping.categories], /[;,|]\s*|\s+/) : null,
        venue: mapping.venue ? asText(f[mapping.venue]) || null : null,
        url: mapping.url ? asText(f[mapping.url]) || null : null,
        extra,
        contentHash: hash,
        sourceLine: item.line,
      };
      insert(doc);
      keys.extIds.add(extId);
      keys.hashes.add(hashKey);
      imported++;
    };

    const full = () => options.limit !== undefined && imported >= options.limit;
    for (const item of head) {
      if (full()) break;
      take(item);
    }
    while (!full()) {
      const next = await iterator.next();
      if (next.done) break;
      take(next.value);
      if ((rows & 1023) === 0) {
        if (ctx.signal.aborted) throw new AppError('CANCELLED', 'import cancelled');
        progress.update(reader.bytesRead(), { message: `${imported} documents` });
      }
    }
    if (full()) await iterator.return?.();

    if (imported === 0 && duplicateIds + duplicateTexts === 0) {
      const first = rejections[0];
      throw new AppError(
        'IMPORT_FAILED',
        rows === 0
          ? `${file}: no records found`
          : `${file}: nothing could be imported: all ${rows} rows were rejected` +
              (first ? ` (first: line ${first.line}: ${first.reason})` : ''),
      );
    }

    finishImport(db, importId, {
      rowsRead: rows,
      imported,
      duplicateIds,
      duplicateTexts,
      rejected,
      rejections: rejections.slice(0, 100),
      finishedAt: new Date().toISOString(),
      mapping: mapping as Record<string, string>,
    });
    if (getSetting(db, 'textTemplate') === undefined || options.textTemplate)
      setSetting(db, 'textTemplate', template);
    commitTransaction(db);
    committed = true;
    progress.update(reader.totalBytes, { message: `${imported} documents`, force: true });
    const documents = countDocuments(db);
    return {
      importId,
      file: path,
      format: reader.format,
      compressed: reader.compressed,
      mapping,
      textTemplate: template,
      rows,
      imported,
      duplicateIds,
      duplicateTexts,
      rejected,
      rejections,
      documents,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    if (!committed) rollbackTransaction(db);
  }
}
