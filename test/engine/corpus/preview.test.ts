import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteFile } from 'hyparquet-writer';
import { previewCorpus } from '../../../src/engine/corpus';
import type { PreviewOptions } from '../../../src/engine/corpus';
import { EngineService } from '../../../src/engine/service';
import { ProjectStore } from '../../../src/engine/store';
import { requests } from '../../../src/shared/contract';
import { AppError } from '../../../src/shared/errors';
import { sharedFile, withoutShared } from '../../support/shared';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'import-preview-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer, gzip = false): string {
  const path = join(dir, name);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
  return path;
}

async function failure(path: string, options?: PreviewOptions): Promise<AppError> {
  try {
    await previewCorpus(path, options);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error(`expected the preview of ${path} to fail`);
}

const papers = [
  { paper_id: 'p1', paper_title: 'Attention is all', summary: 'Transformers.', published: '2017-06-12' },
  { paper_id: 'p2', paper_title: 'BERT', summary: 'Bidirectional encoders.', published: '2018-10-11' },
  { paper_id: 'p3', paper_title: 'GPT-3', summary: 'Few-shot learners.', published: '2020-05-28' },
];
const csv = `paper_id,paper_title,summary,published\n${papers
  .map((p) => `${p.paper_id},${p.paper_title},${p.summary},${p.published}`)
  .join('\n')}\n`;

describe('import preview', () => {
  it('previews CSV, TSV, JSON, JSONL and their .gz with columns, rows and the detected mapping', async () => {
    const tsv = csv.replace(/,/g, '\t');
    const jsonl = papers.map((p) => JSON.stringify(p)).join('\n');
    const json = JSON.stringify(papers, null, 2);
    const cases: [string, string, string][] = [
      ['p.csv', csv, 'csv'],
      ['p.tsv', tsv, 'tsv'],
      ['p.jsonl', jsonl, 'jsonl'],
      ['p.json', json, 'json'],
    ];
    for (const [name, text, format] of cases) {
      for (const gz of [false, true]) {
        const path = file(gz ? `${name}.gz` : name, text, gz);
        const p = await previewCorpus(path);
        expect(p, name).toMatchObject({ format, compressed: gz, encoding: 'utf-8', path });
        expect(p.columns).toEqual(['paper_id', 'paper_title', 'summary', 'published']);
        expect(p.rows.map((r) => r.values.paper_title)).toEqual(['Attention is all', 'BERT', 'GPT-3']);
        expect(p.suggestedMapping).toEqual({
          id: 'paper_id',
          title: 'paper_title',
          abstract: 'summary',
          year: 'published',
        });
        expect(p.validation).toMatchObject({ checked: 3, accepted: 3, rejected: 0, complete: true });
        expect(p.sampleText).toBe('Attention is all:Transformers.');
      }
    }
  });

  it('previews Parquet and .parquet.gz', async () => {
    const path = join(dir, 'p.parquet');
    parquetWriteFile({
      filename: path,
      columnData: [
        { name: 'id', data: ['a', 'b'], type: 'STRING' },
        { name: 'title', data: ['One', 'Two'], type: 'STRING' },
        { name: 'abstract', data: ['First.', ''], type: 'STRING' },
      ],
    });
    const gz = file('p.parquet.gz', readFileSync(path), true);
    for (const p of [await previewCorpus(path), await previewCorpus(gz)]) {
      expect(p).toMatchObject({ format: 'parquet', encoding: null, columns: ['id', 'title', 'abstract'] });
      expect(p.rows.map((r) => r.values.title)).toEqual(['One', 'Two']);
      expect(p.validation).toMatchObject({ checked: 2, accepted: 2, complete: true });
    }
  });

  it('lists rejected rows with their line and reason, and counts duplicates', async () => {
    const text = [
      'id,title,abstract',
      'a,Alpha,First abstract',
      'b,,',
      'c,"Gamma',
      'with a newline",Third',
      'a,Alpha again,Same id',
      'd,alpha,first   ABSTRACT',
      'e,Epsilon,Fifth',
    ].join('\n');
    const p = await previewCorpus(file('bad.csv', text));
    expect(p.validation).toMatchObject({ checked: 6, accepted: 3, duplicates: 2, rejected: 1 });
    expect(p.validation.rejections).toEqual([{ line: 3, reason: 'no title and no abstract' }]);
    // A multi-line quoted value keeps the line where its row starts.
    expect(p.rows.map((r) => r.line)).toEqual([2, 3, 4, 6, 7, 8]);
    expect(p.rows[2]!.values.title).toBe('Gamma with a newline');

    const jsonl = ['{"title":"ok"}', '{"title": broken', '[1,2]', '{"abstract":"fine"}'].join('\n');
    const j = await previewCorpus(file('bad.jsonl', jsonl));
    expect(j.validation.accepted).toBe(2);
    expect(j.validation.rejections.map((r) => r.line)).toEqual([2, 3]);
    expect(j.validation.rejections[0]!.reason).toMatch(/^invalid JSON/);
    expect(j.validation.rejections[1]!.reason).toBe('expected a JSON object, found an array');
    expect(j.rows[1]).toMatchObject({ line: 2, rejected: expect.stringMatching(/^invalid JSON/) });
  });

  it('applies a chosen mapping, reports a mapping with no text, and checks the template', async () => {
    const path = file('map.csv', csv);
    const chosen = await previewCorpus(path, { map: { title: 'summary', abstract: '' } });
    expect(chosen.mapping).toMatchObject({ title: 'summary', id: 'paper_id' });
    expect(chosen.mapping.abstract).toBeUndefined();
    expect(chosen.sampleText).toBe('Transformers.:');

    const none = await previewCorpus(path, { map: { title: '', abstract: '' } });
    expect(none.validation.accepted).toBe(0);
    expect(none.validation.mappingProblem).toMatch(/no title and no abstract column/);

    const bad = await previewCorpus(path, { textTemplate: '{title} {journal}' });
    expect(bad.templateProblem).toMatch(/unknown field/);
    expect(bad.sampleText).toBeNull();

    const unknown = await failure(path, { map: { title: 'nope' } });
    expect(unknown.message).toMatch(/no column "nope"/);
    expect(unknown.message).not.toMatch(/--map/);
  });

  it('gives clear errors for a missing file, a binary file and a wrong encoding', async () => {
    const missing = await failure(join(dir, 'nowhere.csv'));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toMatch(/nowhere\.csv: file not found/);

    const binary = await failure(file('blob.bin', Buffer.from([1, 0, 2, 0, 3, 0, 4, 0, 5])));
    expect(binary.code).toBe('IMPORT_FAILED');
    expect(binary.message).toMatch(/binary file.*expected JSONL, JSON, CSV, TSV or Parquet/);

    const latin = file('latin.csv', Buffer.from('id,title\n1,Caf\xe9 au lait\n', 'latin1'));
    const strict = await failure(latin, { encoding: 'utf-8' });
    expect(strict.message).toMatch(/latin\.csv:2: invalid UTF-8/);
    expect(strict.message).toMatch(/choose windows-1252/);
    expect(strict.message).not.toMatch(/--encoding/);

    // Undeclared: read as Windows-1252 and say so.
    const auto = await previewCorpus(latin);
    expect(auto.encoding).toBe('windows-1252');
    expect(auto.encodingNote).toMatch(/invalid UTF-8.*read as windows-1252/);
    expect(auto.rows[0]!.values.title).toBe('Café au lait');
  });

  it('keeps a fatal error found after the first rows, with the rows before it', async () => {
    const text = `id,title\n1,One\n2,"Two never closed\n3,Three\n`;
    const p = await previewCorpus(file('unclosed.csv', text));
    expect(p.rows.length).toBeGreaterThanOrEqual(1);
    expect(p.validation.fatal).toMatch(/unclosed\.csv:3/);
  });

  it('truncates long values for display', async () => {
    const long = 'x'.repeat(5000);
    const p = await previewCorpus(file('long.jsonl', JSON.stringify({ title: 'T', abstract: long })));
    expect(p.rows[0]!.values.abstract!.length).toBe(300);
    expect(p.rows[0]!.values.abstract!.endsWith('…')).toBe(true);
  });

  it.skipIf(withoutShared)('reads only the head of a large gzip corpus', async () => {
    const corpus = sharedFile('corpora/arxiv-cscl-25k.jsonl.gz');
    const started = performance.now();
    const p = await previewCorpus(corpus, { rows: 20 });
    const ms = performance.now() - started;
    expect(p).toMatchObject({ format: 'jsonl', compressed: true });
    expect(p.rows).toHaveLength(20);
    expect(p.validation.checked).toBe(1000);
    expect(p.validation.complete).toBe(false);
    // The estimate comes from the share of the file read: about 25,000 rows means about 4% was read.
    expect(p.validation.estimatedRows).toBeGreaterThan(15_000);
    expect(p.validation.estimatedRows).toBeLessThan(40_000);
    expect(p.suggestedMapping.title).toBeDefined();
    expect(p.suggestedMapping.abstract).toBeDefined();
    expect(ms).toBeLessThan(1500);
  });
});

describe('the import:preview channel', () => {
  const service = () => new EngineService(ProjectStore.open(':memory:', { create: true }), () => {});

  it('defaults to 20 rows, counts duplicates against the project and answers errors as Results', async () => {
    const svc = service();
    const many = file(
      'many.jsonl',
      Array.from({ length: 50 }, (_, i) => JSON.stringify({ id: `d${i}`, title: `T${i}` })).join('\n'),
    );
    const first = await svc.handle('import:preview', { path: many });
    expect(first).toMatchObject({ ok: true });
    const value = (first as { value: unknown }).value;
    expect(requests['import:preview'].output.parse(value)).toBeTruthy();
    expect(value).toMatchObject({ rows: expect.any(Array), validation: { accepted: 50 } });
    expect((value as { rows: unknown[] }).rows).toHaveLength(20);

    svc.startJob('import', { path: many, limit: 10 });
    await svc.idle();
    const again = await svc.handle('import:preview', { path: many, rows: 5 });
    expect(again).toMatchObject({ ok: true, value: { validation: { accepted: 40, duplicates: 10 } } });

    expect(await svc.handle('import:preview', { path: join(dir, 'gone.csv') })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringMatching(/gone\.csv: file not found/) },
    });
    expect(await svc.handle('import:preview', { path: many, format: 'xml' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await svc.handle('import:preview', { path: '  ' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/choose a file/) },
    });
  });
});
