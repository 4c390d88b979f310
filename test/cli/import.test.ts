import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTaxonomist, startTaxonomist } from '../support/cli';
import { sharedFile, withoutShared } from '../support/shared';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'taxonomist-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const jsonl = (rows: object[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const papers = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({
    id: `p${from + i}`,
    title: `Paper number ${from + i}`,
    abstract: `An abstract about topic ${(from + i) % 7} with some words ${from + i}.`,
  }));

/** A fresh, initialised project and its contents. */
function freshProject(name: string): { path: string; contents: string } {
  const path = join(dir, `${name}.taxonomist`);
  const init = runTaxonomist(['init', path]);
  expect(init.code, init.stderr).toBe(0);
  return { path, contents: contentsBesideJobs(path) };
}

/**
 * Every row of every table but the jobs (an import is a job, recorded as in the app, failed or not)
 * and the schema version, as text.
 */
function contentsBesideJobs(project: string): string {
  const db = new Database(project, { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'jobs' ORDER BY name")
      .pluck()
      .all() as string[];
    return JSON.stringify([
      db.pragma('user_version', { simple: true }),
      ...tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}"`).raw().all()]),
    ]);
  } finally {
    db.close();
  }
}

const failedJobs = (project: string): { kind: string; error: string }[] => {
  const db = new Database(project, { readonly: true });
  try {
    return db.prepare("SELECT kind, error FROM jobs WHERE status = 'failed'").all() as {
      kind: string;
      error: string;
    }[];
  } finally {
    db.close();
  }
};

const documents = (project: string): number => {
  const db = new Database(project, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('taxonomist init / import / info', () => {
  it('imports a JSONL file, reports it as one JSON object, and info counts the documents', () => {
    const { path } = freshProject('basic');
    const corpus = join(dir, 'basic.jsonl');
    writeFileSync(corpus, jsonl(papers(50)));
    const res = runTaxonomist(['import', corpus, '--project', path, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const summary = JSON.parse(res.stdout);
    expect(summary).toMatchObject({ ok: true, imported: 50, rejected: 0, documents: 50, format: 'jsonl' });
    expect(summary.mapping).toEqual({ id: 'id', title: 'title', abstract: 'abstract' });
    const info = runTaxonomist(['info', '--project', path, '--json']);
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ documents: 50, textTemplate: '{title}:{abstract}' });
  });

  it('prints help for every command and exits 0; a usage error exits 2', () => {
    for (const args of [['--help'], ['init', '--help'], ['import', '--help'], ['info', '--help']]) {
      const res = runTaxonomist(args);
      expect(res.code, args.join(' ')).toBe(0);
      expect(res.stdout).toMatch(/Usage: taxonomist/);
    }
    expect(runTaxonomist(['import']).code).toBe(2);
    expect(runTaxonomist(['frobnicate']).code).toBe(2);
    expect(runTaxonomist(['info']).code).toBe(2);
    const badMap = runTaxonomist(['import', join(dir, 'x.jsonl'), '--map', 'colour=title']);
    expect(badMap.code).toBe(2);
    expect(badMap.stderr).toMatch(/unknown field "colour"/);
  });

  it('skips duplicate ids and duplicate texts and counts them', () => {
    const { path } = freshProject('dups');
    const corpus = join(dir, 'dups.jsonl');
    const rows = papers(10);
    writeFileSync(
      corpus,
      jsonl([...rows, rows[3]!, { ...rows[4]!, id: 'other', title: '  PAPER number 4 ' }]),
    );
    const res = runTaxonomist(['import', corpus, '--project', path, '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ imported: 10, duplicateIds: 1, duplicateTexts: 1 });
    // Importing the same file again adds nothing and is not an error.
    const again = runTaxonomist(['import', corpus, '--project', path, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      imported: 0,
      duplicateIds: 11,
      duplicateTexts: 1,
      documents: 10,
    });
  });

  it('maps columns explicitly and applies a text template', () => {
    const { path } = freshProject('mapped');
    const corpus = join(dir, 'mapped.csv');
    writeFileSync(
      corpus,
      'ref,heading,blurb\nr1,"A title, with comma","An ""abstract"""\nr2,Second,Another\n',
    );
    const res = runTaxonomist([
      'import',
      corpus,
      '--project',
      path,
      '--map',
      'id=ref',
      '--map',
      'title=heading',
      '--map',
      'abstract=blurb',
      '--text-template',
      '{title}. {abstract}',
      '--json',
    ]);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ imported: 2, textTemplate: '{title}. {abstract}' });
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT ext_id, title, abstract FROM documents ORDER BY id').all()).toEqual([
      { ext_id: 'r1', title: 'A title, with comma', abstract: 'An "abstract"' },
      { ext_id: 'r2', title: 'Second', abstract: 'Another' },
    ]);
    db.close();
  });

  it('creates the project when --project names a new file, and removes it again when the import fails', () => {
    const corpus = join(dir, 'fresh.jsonl');
    writeFileSync(corpus, jsonl(papers(3)));
    const project = join(dir, 'made-by-import.taxonomist');
    expect(runTaxonomist(['import', corpus, '--project', project]).code).toBe(0);
    expect(documents(project)).toBe(3);
    const empty = join(dir, 'nothing.jsonl');
    writeFileSync(empty, '');
    const failed = join(dir, 'never.taxonomist');
    expect(runTaxonomist(['import', empty, '--project', failed]).code).toBe(1);
    expect(existsSync(failed)).toBe(false);
  });
});

describe('bad inputs: a clear message naming the file and line; nothing imported = exit 1, project unchanged but for the failed job', () => {
  type Case = { name: string; file: string; content: Buffer | string; message: RegExp };
  const bigField = 'x'.repeat(5 * 1024 * 1024);
  const gz = gzipSync(Buffer.from(jsonl(papers(2000))));
  const cases: Case[] = [
    {
      name: 'truncated gzip',
      file: 'trunc.jsonl.gz',
      content: gz.subarray(0, Math.floor(gz.length / 2)),
      message: /trunc\.jsonl\.gz:\d+: .*gzip data is truncated or corrupt/,
    },
    {
      name: 'only invalid JSON lines',
      file: 'badjson.jsonl',
      content: '{"title": "a",\n{oops}\n',
      message: /badjson\.jsonl:1: invalid JSON/,
    },
    {
      name: 'CSV with an unbalanced quote',
      file: 'quote.csv',
      content: 'title,abstract\nok,fine\n"broken,abstract\nmore,rows\n',
      message: /quote\.csv:3: .*unterminated quoted field/,
    },
    {
      name: 'invalid UTF-8 bytes',
      file: 'latin.csv',
      content: Buffer.concat([
        Buffer.from('title,abstract\nok,fine\nCaf'),
        Buffer.from([0xe9]),
        Buffer.from(',x\n'),
      ]),
      message: /latin\.csv:3: .*invalid UTF-8.*--encoding/,
    },
    { name: 'an empty file', file: 'empty.jsonl', content: '', message: /empty\.jsonl.*empty/ },
    {
      name: 'a 5 MB field as the only row',
      file: 'huge.jsonl',
      content: jsonl([{ id: 'h', title: 'Huge', abstract: bigField }]),
      message: /huge\.jsonl: nothing could be imported.*line 1: abstract is 5\.2 MB, over the 1\.0 MB limit/,
    },
    {
      name: 'no usable columns',
      file: 'cols.csv',
      content: 'alpha,beta\n1,2\n',
      message: /cols\.csv: no usable columns: found "alpha", "beta"/,
    },
    {
      name: 'a binary file',
      file: 'blob.csv',
      content: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
      message: /blob\.csv.*binary/,
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const { path, contents } = freshProject(`bad-${c.file}`);
      const file = join(dir, c.file);
      writeFileSync(file, c.content);
      const res = runTaxonomist(['import', file, '--project', path]);
      expect(res.stderr).toMatch(c.message);
      expect(res.code).toBe(1);
      expect(contentsBesideJobs(path)).toBe(contents);
      expect(documents(path)).toBe(0);
      const jobs = failedJobs(path);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]!.kind).toBe('import');
      expect((JSON.parse(jobs[0]!.error) as { message: string }).message).toMatch(c.message);
    });
  }

  it('an invalid JSON line and a 5 MB field among good rows: those rows rejected with their lines, the rest imported', () => {
    const { path } = freshProject('mixed');
    const file = join(dir, 'mixed.jsonl');
    const good = papers(5);
    writeFileSync(
      file,
      [
        JSON.stringify(good[0]),
        '{"title": broken',
        JSON.stringify(good[1]),
        JSON.stringify({ id: 'big', title: 'T', abstract: bigField }),
        ...good.slice(2).map((g) => JSON.stringify(g)),
      ].join('\n'),
    );
    const res = runTaxonomist(['import', file, '--project', path]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/mixed\.jsonl:2: .*JSON/);
    expect(res.stderr).toMatch(/mixed\.jsonl:4: abstract is 5\.2 MB/);
    expect(documents(path)).toBe(5);
  });
});

describe('a killed import', () => {
  it.skipIf(withoutShared)(
    'SIGKILL during a 25k import leaves a project that opens and holds none of it; a rerun completes it',
    async () => {
      const corpus = sharedFile('corpora/arxiv-cscl-25k.jsonl.gz');
      const project = join(dir, 'killed.taxonomist');
      const child = startTaxonomist(['import', corpus, '--project', project, '--progress', 'json']);
      let stderr = '';
      const killedAt = await new Promise<string>((resolve, reject) => {
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const line = stderr.split('\n').find((l) => l.startsWith('{"progress"'));
          if (line && !child.killed) {
            child.kill('SIGKILL');
            resolve(line);
          }
        });
        child.on('exit', (code) => {
          if (!child.killed)
            reject(new Error(`import ended (code ${code}) before it could be killed: ${stderr}`));
        });
      });
      await new Promise((r) => child.on('close', r));
      expect(child.signalCode).toBe('SIGKILL');
      expect(JSON.parse(killedAt).progress.done).toBeGreaterThan(0);

      const info = runTaxonomist(['info', '--project', project, '--json']);
      expect(info.code, info.stderr).toBe(0);
      expect(JSON.parse(info.stdout)).toMatchObject({ documents: 0, imports: [] });
      const db = new Database(project, { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();

      const rerun = runTaxonomist(['import', corpus, '--project', project, '--json']);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(JSON.parse(rerun.stdout)).toMatchObject({ imported: 25_064, documents: 25_064 });
    },
  );
});
