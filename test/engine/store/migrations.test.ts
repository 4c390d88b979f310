import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, latestVersion, migrate, migrations } from '../../../src/engine/store';

const tables = (db: Database.Database): string[] =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((r) => r.name);

/** A database migrated up to (and including) `version`. */
function dbAt(version: number): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const m of migrations) {
    if (m.version > version) break;
    m.up(db);
  }
  return db;
}

const now = '2026-01-01T00:00:00Z';

describe('migrations', () => {
  it('are numbered in multiples of ten, strictly ascending, the last one being the latest version', () => {
    const versions = migrations.map((m) => m.version);
    for (const v of versions) expect(v % 10).toBe(0);
    for (let i = 1; i < versions.length; i++) expect(versions[i]!).toBeGreaterThan(versions[i - 1]!);
    expect(latestVersion).toBe(versions.at(-1));
  });

  it('0010 documents: settings, imports, documents with unique ids; STRICT', () => {
    const db = dbAt(10);
    expect(tables(db)).toEqual(['documents', 'imports', 'settings']);
    db.prepare(
      `INSERT INTO imports (source_path, format, compressed, mapping, text_template, rows_read, imported, duplicate_ids,
        duplicate_texts, rejected, rejections, started_at, finished_at) VALUES ('f', 'jsonl', 0, '{}', 't', 0, 0, 0, 0, 0, '[]', ?, ?)`,
    ).run(now, now);
    const ins = db.prepare(
      `INSERT INTO documents (import_id, ext_id, title, abstract, content_hash, source_line) VALUES (?, ?, 'T', 'A', ?, 1)`,
    );
    ins.run(1, 'a', Buffer.from([1]));
    expect(() => ins.run(1, 'a', Buffer.from([2]))).toThrow(/UNIQUE/);
    // The same text under another id is allowed by the schema; the importer decides.
    expect(() => ins.run(1, 'b', Buffer.from([1]))).not.toThrow();
    expect(() => ins.run(99, 'c', Buffer.from([3]))).toThrow(/FOREIGN KEY/);
    // STRICT: a string in an INTEGER column is refused, not coerced.
    expect(() =>
      db
        .prepare(
          `INSERT INTO documents (import_id, ext_id, title, abstract, year, content_hash, source_line)
        VALUES (1, 'd', 'T', 'A', 'nineteen', x'04', 1)`,
        )
        .run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
  });

  it('0020 embeddings: sets keyed by model/revision/precision/template, vectors as BLOBs', () => {
    const db = dbAt(20);
    expect(tables(db)).toEqual(expect.arrayContaining(['embedding_sets', 'embeddings']));
    const set = db.prepare(
      `INSERT INTO embedding_sets (model, revision, dtype, precision, dims, text_template, normalized, created_at)
       VALUES ('m', 'r', 'fp32', ?, 4, '{title}', 1, ?)`,
    );
    set.run('float32', now);
    expect(() => set.run('int4', now)).toThrow(/CHECK/);
    db.exec(`INSERT INTO imports (source_path, format, compressed, mapping, text_template, rows_read, imported, duplicate_ids,
        duplicate_texts, rejected, rejections, started_at, finished_at) VALUES ('f', 'jsonl', 0, '{}', 't', 0, 0, 0, 0, 0, '[]', '', '')`);
    db.exec(
      `INSERT INTO documents (import_id, ext_id, title, abstract, content_hash, source_line) VALUES (1, 'a', 'T', 'A', x'01', 1)`,
    );
    const vec = Buffer.from(new Float32Array([0.5, -0.5, 0, 1]).buffer);
    db.prepare('INSERT INTO embeddings (set_id, document_id, text_hash, vector) VALUES (1, 1, ?, ?)').run(
      Buffer.alloc(32),
      vec,
    );
    const row = db.prepare('SELECT vector FROM embeddings').get() as { vector: Buffer };
    expect([...new Float32Array(row.vector.buffer, row.vector.byteOffset, 4)]).toEqual([0.5, -0.5, 0, 1]);
    // Deleting the document removes its vectors.
    db.exec('DELETE FROM documents');
    expect((db.prepare('SELECT count(*) AS n FROM embeddings').get() as { n: number }).n).toBe(0);
  });

  it('0030 runs: runs with status, projections, clusters, assignments, condensed trees', () => {
    const db = dbAt(30);
    expect(tables(db)).toEqual(
      expect.arrayContaining(['runs', 'projections', 'clusters', 'assignments', 'condensed_trees']),
    );
    const run = db.prepare(
      `INSERT INTO runs (kind, params, status, created_at) VALUES ('cluster', '{}', ?, ?)`,
    );
    run.run('done', now);
    expect(() => run.run('weird', now)).toThrow(/CHECK/);
    db.prepare('INSERT INTO clusters (run_id, cluster_id, size) VALUES (1, 0, 10)').run();
    db.exec('DELETE FROM runs');
    expect((db.prepare('SELECT count(*) AS n FROM clusters').get() as { n: number }).n).toBe(0);
  });

  it('0040 topics: one topic per cluster of a run, a source, an edit log', () => {
    const db = dbAt(40);
    expect(tables(db)).toEqual(expect.arrayContaining(['topics', 'topic_edits']));
    db.prepare(`INSERT INTO runs (kind, params, status, created_at) VALUES ('cluster', '{}', 'done', ?)`).run(
      now,
    );
    const topic = db.prepare(
      `INSERT INTO topics (run_id, cluster_id, label, source, updated_at) VALUES (1, ?, 'L', ?, ?)`,
    );
    topic.run(0, 'llm', now);
    expect(() => topic.run(0, 'human', now)).toThrow(/UNIQUE/);
    expect(() => topic.run(1, 'robot', now)).toThrow(/CHECK/);
  });

  it('0050 taxonomy: nodes in a tree, their clusters, the persisted edit history', () => {
    const db = dbAt(50);
    expect(tables(db)).toEqual(
      expect.arrayContaining(['taxonomies', 'taxonomy_nodes', 'taxonomy_node_clusters', 'edit_history']),
    );
    db.prepare(`INSERT INTO taxonomies (name, source, created_at) VALUES ('t', 'offline', ?)`).run(now);
    db.exec(
      `INSERT INTO taxonomy_nodes (taxonomy_id, parent_id, position, label) VALUES (1, NULL, 0, 'root')`,
    );
    db.exec(`INSERT INTO taxonomy_nodes (taxonomy_id, parent_id, position, label) VALUES (1, 1, 0, 'child')`);
    db.exec('DELETE FROM taxonomy_nodes WHERE id = 1');
    expect((db.prepare('SELECT count(*) AS n FROM taxonomy_nodes').get() as { n: number }).n).toBe(0);
  });

  it('0060 llm-cache: responses keyed by request hash', () => {
    const db = dbAt(60);
    const put = db.prepare(
      `INSERT INTO llm_cache (key, provider, model, request, response, created_at) VALUES (?, 'p', 'm', '{}', '{}', ?)`,
    );
    put.run('k', now);
    expect(() => put.run('k', now)).toThrow(/UNIQUE|PRIMARY KEY/);
  });

  it('0070 jobs: stored jobs with status', () => {
    const db = dbAt(70);
    const put = db.prepare(
      `INSERT INTO jobs (id, kind, params, status, created_at, updated_at) VALUES (?, 'build', '{}', ?, ?, ?)`,
    );
    put.run('j1', 'running', now, now);
    expect(() => put.run('j2', 'sleeping', now, now)).toThrow(/CHECK/);
  });

  it('migrate() applies only newer steps and records user_version and the application id', () => {
    const db = new Database(':memory:');
    migrate(db, 0);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    const before = tables(db);
    migrate(db, latestVersion);
    expect(tables(db)).toEqual(before);
  });

  it('a failing step rolls back entirely and leaves user_version where it was', () => {
    const db = new Database(':memory:');
    migrate(db, 0);
    const broken = {
      version: latestVersion + 10,
      name: 'broken',
      up: (d: Database.Database) => {
        d.exec('CREATE TABLE x (a INTEGER) STRICT; SELECT * FROM nope');
      },
    };
    expect(() =>
      db.transaction(() => {
        broken.up(db);
        db.pragma(`user_version = ${broken.version}`);
      })(),
    ).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion);
    expect(tables(db)).not.toContain('x');
  });
});

describe('migration 0140', () => {
  it('moves the per-taxonomy and per-run edits into the one history, in order', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    for (const m of migrations) if (m.version < 140) m.up(db);
    const ins = db.prepare(
      "INSERT INTO edit_history (scope, command, inverse, undone, at) VALUES (?, ?, ?, ?, '2026-01-01')",
    );
    ins.run(
      'taxonomy:3',
      JSON.stringify({ name: 'rename', args: { nodeId: 1, label: 'B' } }),
      JSON.stringify({ name: 'rename', args: { nodeId: 1, label: 'A' } }),
      0,
    );
    ins.run(
      'topics:12',
      JSON.stringify({ name: 'assign', args: { entries: [[5, 2, null]] } }),
      JSON.stringify({ name: 'assign', args: { entries: [[5, 1, 0.5]] } }),
      1,
    );
    migrations.find((m) => m.version === 140)!.up(db);
    const rows = db.prepare('SELECT * FROM history ORDER BY id').all() as {
      scope: string;
      kind: string;
      redo: string;
      undo: string;
      undone: number;
    }[];
    expect(rows.map((r) => [r.scope, r.kind, r.undone])).toEqual([
      ['taxonomy:3', 'taxonomy-edit', 0],
      ['topics:12', 'move-documents', 1],
    ]);
    expect(JSON.parse(rows[0]!.undo)).toEqual({
      kind: 'taxonomy',
      taxonomyId: 3,
      call: { name: 'rename', args: { nodeId: 1, label: 'A' } },
    });
    expect(JSON.parse(rows[1]!.redo)).toEqual({ kind: 'assign', runId: 12, entries: [[5, 2, null]] });
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'edit_history'").get()).toEqual({
      n: 0,
    });
    db.close();
  });
});
