import type { Database } from 'better-sqlite3';

export type ImportRecord = {
  id: number;
  sourcePath: string;
  format: string;
  compressed: boolean;
  mapping: Record<string, string>;
  textTemplate: string;
  rowsRead: number;
  imported: number;
  duplicateIds: number;
  duplicateTexts: number;
  rejected: number;
  rejections: { line: number; reason: string }[];
  startedAt: string;
  finishedAt: string;
};

type RawImport = {
  id: number;
  source_path: string;
  format: string;
  compressed: number;
  mapping: string;
  text_template: string;
  rows_read: number;
  imported: number;
  duplicate_ids: number;
  duplicate_texts: number;
  rejected: number;
  rejections: string;
  started_at: string;
  finished_at: string;
};

/** Adds the import's row first (documents reference it); `finishImport` fills in the counts. */
export function beginImport(
  db: Database,
  v: {
    sourcePath: string;
    format: string;
    compressed: boolean;
    mapping: Record<string, string>;
    textTemplate: string;
    startedAt: string;
  },
): number {
  const info = db
    .prepare(
      `INSERT INTO imports (source_path, format, compressed, mapping, text_template, rows_read, imported,
         duplicate_ids, duplicate_texts, rejected, rejections, started_at, finished_at)
       VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0, '[]', ?, ?)`,
    )
    .run(
      v.sourcePath,
      v.format,
      v.compressed ? 1 : 0,
      JSON.stringify(v.mapping),
      v.textTemplate,
      v.startedAt,
      v.startedAt,
    );
  return Number(info.lastInsertRowid);
}

export function finishImport(
  db: Database,
  id: number,
  v: Pick<
    ImportRecord,
    | 'rowsRead'
    | 'imported'
    | 'duplicateIds'
    | 'duplicateTexts'
    | 'rejected'
    | 'rejections'
    | 'finishedAt'
    | 'mapping'
  >,
): void {
  db.prepare(
    `UPDATE imports SET rows_read = ?, imported = ?, duplicate_ids = ?, duplicate_texts = ?, rejected = ?,
       rejections = ?, finished_at = ?, mapping = ? WHERE id = ?`,
  ).run(
    v.rowsRead,
    v.imported,
    v.duplicateIds,
    v.duplicateTexts,
    v.rejected,
    JSON.stringify(v.rejections),
    v.finishedAt,
    JSON.stringify(v.mapping),
    id,
  );
}

export function listImports(db: Database): ImportRecord[] {
  return (db.prepare('SELECT * FROM imports ORDER BY id').all() as RawImport[]).map((r) => ({
    id: r.id,
    sourcePath: r.source_path,
    format: r.format,
    compressed: r.compressed === 1,
    mapping: JSON.parse(r.mapping) as Record<string, string>,
    textTemplate: r.text_template,
    rowsRead: r.rows_read,
    imported: r.imported,
    duplicateIds: r.duplicate_ids,
    duplicateTexts: r.duplicate_texts,
    rejected: r.rejected,
    rejections: JSON.parse(r.rejections) as { line: number; reason: string }[],
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  }));
}
