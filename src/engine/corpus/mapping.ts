import { documentFieldSchema } from '../../shared/contract';
import type { DocumentField } from '../../shared/contract';
import { AppError } from '../../shared/errors';

/** The document fields a column can feed: the contract's list, in its order. */
export const DOCUMENT_FIELDS = documentFieldSchema.options;
export type { DocumentField };
/** Which source column feeds each document field. */
export type ColumnMapping = Partial<Record<DocumentField, string>>;

// Alias lists in priority order, compared after lower-casing and dropping non-alphanumerics.
const ALIASES: Record<DocumentField, string[]> = {
  id: ['id', 'paperid', 'docid', 'documentid', 'arxivid', 'aclid', 'uid', 'key', 'doi', 'identifier'],
  title: ['title', 'papertitle', 'articletitle', 'documenttitle', 'name', 'headline'],
  abstract: [
    'abstract',
    'summary',
    'paperabstract',
    'abstracttext',
    'description',
    'text',
    'body',
    'content',
  ],
  year: [
    'year',
    'pubyear',
    'publicationyear',
    'yearpublished',
    'date',
    'published',
    'publicationdate',
    'pubdate',
    'created',
    'updatedate',
  ],
  authors: ['authors', 'author', 'authorlist', 'creators', 'creator'],
  categories: ['categories', 'category', 'subjects', 'subject', 'tags', 'keywords', 'fieldsofstudy'],
  venue: ['venue', 'booktitle', 'journal', 'conference', 'journalref', 'publication', 'source'],
  url: ['url', 'link', 'pdfurl', 'pdf', 'href'],
};

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Picks a column for each document field from the column names, then applies explicit overrides
 * (`field=column`). A column feeds at most one field.
 */
export function detectMapping(columns: readonly string[], overrides: ColumnMapping = {}): ColumnMapping {
  const known = new Set(columns);
  for (const [field, column] of Object.entries(overrides)) {
    if (!(DOCUMENT_FIELDS as readonly string[]).includes(field)) {
      throw new AppError(
        'USAGE',
        `unknown field "${field}" in --map; fields are: ${DOCUMENT_FIELDS.join(', ')}`,
      );
    }
    if (column && !known.has(column)) {
      throw new AppError(
        'USAGE',
        `--map ${field}=${column}: the file has no column "${column}"; its columns are: ${columns.join(', ') || '(none)'}`,
      );
    }
  }
  const mapping: ColumnMapping = {};
  const taken = new Set<string>(Object.values(overrides).filter((c): c is string => !!c));
  const byNorm = new Map<string, string>();
  for (const c of columns) if (!byNorm.has(norm(c))) byNorm.set(norm(c), c);
  for (const field of DOCUMENT_FIELDS) {
    if (field in overrides) {
      const c = overrides[field];
      if (c) mapping[field] = c;
      continue;
    }
    for (const alias of ALIASES[field]) {
      const c = byNorm.get(alias);
      if (c !== undefined && !taken.has(c)) {
        mapping[field] = c;
        taken.add(c);
        break;
      }
    }
  }
  return mapping;
}

/** Parses `field=column` pairs from the command line. */
export function parseMapOptions(pairs: readonly string[]): ColumnMapping {
  const out: ColumnMapping = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new AppError('USAGE', `--map expects field=column, got "${pair}"`);
    const field = pair.slice(0, eq).trim();
    if (!(DOCUMENT_FIELDS as readonly string[]).includes(field)) {
      throw new AppError(
        'USAGE',
        `unknown field "${field}" in --map; fields are: ${DOCUMENT_FIELDS.join(', ')}`,
      );
    }
    out[field as DocumentField] = pair.slice(eq + 1).trim();
  }
  return out;
}
