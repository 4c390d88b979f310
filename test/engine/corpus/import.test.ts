import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCorpus } from '../../../src/engine/corpus';
import { countDocuments, getDocumentByExtId, listImports, ProjectStore } from '../../../src/engine/store';
import { AppError } from '../../../src/shared/errors';
import type { Progress } from '../../../src/shared/progress';
import { sharedFile, withoutShared } from '../../support/shared';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'taxonomist-import-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe('importCorpus', () => {
  it('maps detected columns into documents: year from a date, author and category lists, extra fields', async () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const file = write(
      'rich.jsonl',
      [
        {
          paper_id: 'a1',
          Title: ' Attention ',
          summary: 'We attend.',
          published: '2019-06-12',
          authors: 'Ada Lovelace and Alan Turing',
          categories: 'cs.CL cs.LG',
          journal: 'ACL',
          link: 'http://x/a1',
          pages: 12,
        },
        {
          paper_id: 'a2',
          Title: 'Parsing',
          summary: 'We parse.',
          published: 2020,
          authors: ['A. B.', { name: 'C. D.' }],
          categories: ['cs.CL'],
          journal: null,
        },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const summary = await importCorpus(store, { path: file });
    expect(summary.mapping).toEqual({
      id: 'paper_id',
      title: 'Title',
      abstract: 'summary',
      year: 'published',
      authors: 'authors',
      categories: 'categories',
      venue: 'journal',
      url: 'link',
    });
    expect(summary.imported).toBe(2);
    expect(getDocumentByExtId(store.db, 'a1')).toMatchObject({
      title: 'Attention',
      abstract: 'We attend.',
      year: 2019,
      authors: ['Ada Lovelace', 'Alan Turing'],
      categories: ['cs.CL', 'cs.LG'],
      venue: 'ACL',
      url: 'http://x/a1',
      extra: { pages: 12 },
      sourceLine: 1,
    });
    expect(getDocumentByExtId(store.db, 'a2')).toMatchObject({
      year: 2020,
      authors: ['A. B.', 'C. D.'],
      venue: null,
    });
    store.close();
  });

  it('gives documents without an id a stable id from their content, so re-imports deduplicate', async () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const file = write('noid.csv', 'title,abstract\nOne,First\nTwo,Second\n');
    await importCorpus(store, { path: file });
    const again = await importCorpus(store, { path: file });
    expect(again).toMatchObject({ imported: 0, duplicateIds: 2 });
    expect(countDocuments(store.db)).toBe(2);
    expect(listImports(store.db)).toHaveLength(2);
    store.close();
  });

  it('rolls back everything when cancelled, and reports throttled progress before that', async () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const rows = Array.from({ length: 5000 }, (_, i) =>
      JSON.stringify({ id: `d${i}`, title: `T${i}`, abstract: `A${i}` }),
    );
    const file = write('cancel.jsonl', rows.join('\n'));
    const controller = new AbortController();
    const events: Progress[] = [];
    const promise = importCorpus(
      store,
      { path: file },
      {
        signal: controller.signal,
        progress: (p) => {
          events.push(p);
          controller.abort();
        },
      },
    );
    await expect(promise).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]).toMatchObject({ stage: 'import', unit: 'bytes' });
    expect(countDocuments(store.db)).toBe(0);
    expect(listImports(store.db)).toHaveLength(0);
    expect(store.db.inTransaction).toBe(false);
    store.close();
  });

  it('honours --limit and refuses an unknown text-template field', async () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const file = write(
      'limit.jsonl',
      Array.from({ length: 30 }, (_, i) => JSON.stringify({ title: `T${i}`, abstract: 'x' })).join('\n'),
    );
    expect((await importCorpus(store, { path: file, limit: 7 })).imported).toBe(7);
    await expect(
      importCorpus(store, { path: file, textTemplate: '{title} {colour}' }),
    ).rejects.toBeInstanceOf(AppError);
    store.close();
  });

  it.skipIf(withoutShared)(
    'imports the ACL Anthology corpus: 23,204 rows, 7 of them the same paper under a second venue',
    async () => {
      const corpus = sharedFile('corpora/acl-anthology-1991-2021.jsonl.gz');
      const deduped = ProjectStore.open(':memory:', { create: true });
      expect(await importCorpus(deduped, { path: corpus })).toMatchObject({
        rows: 23_204,
        imported: 23_197,
        duplicateTexts: 7,
        rejected: 0,
      });
      deduped.close();
      const store = ProjectStore.open(join(dir, 'acl.taxonomist'), { create: true });
      const summary = await importCorpus(store, { path: corpus, dedupe: 'id' });
      expect(summary).toMatchObject({
        imported: 23_204,
        rejected: 0,
        documents: 23_204,
        compressed: true,
        format: 'jsonl',
      });
      expect(summary.mapping).toMatchObject({
        id: 'id',
        title: 'title',
        abstract: 'abstract',
        year: 'year',
        venue: 'venue',
      });
      const withYear = store.db
        .prepare('SELECT count(*) AS n FROM documents WHERE year BETWEEN 1970 AND 2021')
        .get() as { n: number };
      expect(withYear.n).toBe(23_204);
      store.close();
    },
  );
});
