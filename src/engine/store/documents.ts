import type { Database, Statement } from 'better-sqlite3';

/** A document as stored. Lists are JSON text in the file and arrays here. */
export type DocumentRow = {
  id: number;
  importId: number;
  extId: string;
  title: string;
  abstract: string;
  year: number | null;
  authors: string[] | null;
  categories: string[] | null;
  venue: string | null;
  url: string | null;
  extra: Record<string, unknown> | null;
  sourceLine: number;
};

export type NewDocument = Omit<DocumentRow, 'id' | 'importId'> & { contentHash: Buffer };

/** A look-up of document titles by id (undefined for an id not in the project), one prepared statement. */
export function documentTitleLookup(db: Database): (id: number) => string | undefined {
  const title = db.prepare('SELECT title FROM documents WHERE id = ?').pluck();
  return (id) => title.get(id) as string | undefined;
}

export function countDocuments(db: Database): number {
  return (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
}

/** Document id -> external id and title, for every document (exports). */
export function loadDocumentTitles(db: Database): Map<number, { extId: string; title: string | null }> {
  const out = new Map<number, { extId: string; title: string | null }>();
  for (const r of db.prepare('SELECT id, ext_id, title FROM documents').iterate() as Iterable<{
    id: number;
    ext_id: string;
    title: string | null;
  }>)
    out.set(r.id, { extId: r.ext_id, title: r.title });
  return out;
}

/** How many documents there are and the newest id: changes whenever an import adds any. */
export function documentState(db: Database): { n: number; last: number | null } {
  return db.prepare('SELECT count(*) AS n, max(id) AS last FROM documents').get() as {
    n: number;
    last: number | null;
  };
}

/** Every stored external id and content hash, for duplicate checks during an import. */
export function loadDocumentKeys(db: Database): { extIds: Set<string>; hashes: Set<string> } {
  const extIds = new Set<string>();
  const hashes = new Set<string>();
  for (const row of db.prepare('SELECT ext_id, content_hash FROM documents').iterate() as Iterable<{
    ext_id: string;
    content_hash: Buffer;
  }>) {
    extIds.add(row.ext_id);
    hashes.add(row.content_hash.toString('base64'));
  }
  return { extIds, hashes };
}

/** A prepared insert; call inside a transaction. */
export function documentInserter(db: Database, importId: number): (doc: NewDocument) => void {
  const stmt: Statement = db.prepare(
    `INSERT INTO documents (import_id, ext_id, title, abstract, year, authors, categories, venue, url, extra,
       content_hash, source_line)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const json = (v: unknown): string | null => (v == null ? null : JSON.stringify(v));
  return (d) => {
    stmt.run(
      importId,
      d.extId,
      d.title,
      d.abstract,
      d.year,
      json(d.authors),
      json(d.categories),
      d.venue,
      d.url,
      json(d.extra),
      d.contentHash,
      d.sourceLine,
    );
  };
}

type RawDocumentRow = {
  id: number;
  import_id: number;
  ext_id: string;
  title: string;
  abstract: string;
  year: number | null;
  authors: string | null;
  categories: string | null;
  venue: string | null;
  url: string | null;
  extra: string | null;
  source_line: number;
};

const fromRaw = (r: RawDocumentRow): DocumentRow => ({
  id: r.id,
  importId: r.import_id,
  extId: r.ext_id,
  title: r.title,
  abstract: r.abstract,
  year: r.year,
  authors: r.authors == null ? null : (JSON.parse(r.authors) as string[]),
  categories: r.categories == null ? null : (JSON.parse(r.categories) as string[]),
  venue: r.venue,
  url: r.url,
  extra: r.extra == null ? null : (JSON.parse(r.extra) as Record<string, unknown>),
  sourceLine: r.source_line,
});

export function getDocument(db: Database, id: number): DocumentRow | undefined {
  const r = db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as RawDocumentRow | undefined;
  return r && fromRaw(r);
}

export function getDocumentByExtId(db: Database, extId: string): DocumentRow | undefined {
  const r = db.prepare('SELECT * FROM documents WHERE ext_id = ?').get(extId) as RawDocumentRow | undefined;
  return r && fromRaw(r);
}

export function listDocuments(
  db: Database,
  options: { offset?: number; limit?: number } = {},
): DocumentRow[] {
  const rows = db
    .prepare('SELECT * FROM documents ORDER BY id LIMIT ? OFFSET ?')
    .all(options.limit ?? 100, options.offset ?? 0) as RawDocumentRow[];
  return rows.map(fromRaw);
}

/** Per-year document counts (documents without a year are left out). */
export function documentYears(db: Database): { year: number; count: number }[] {
  return db
    .prepare(
      'SELECT year, count(*) AS count FROM documents WHERE year IS NOT NULL GROUP BY year ORDER BY year',
    )
    .all() as { year: number; count: number }[];
}
