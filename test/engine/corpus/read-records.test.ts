import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteFile } from 'hyparquet-writer';
import { openRecords } from '../../../src/engine/corpus/read-records';
import type { ReadOptions, RecordItem, RecordReader } from '../../../src/engine/corpus/read-records';
import { AppError } from '../../../src/shared/errors';
import { sharedFile, withoutShared } from '../../support/shared';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'read-records-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string | Buffer, options: { gzip?: boolean } = {}): string {
  const path = join(dir, name);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  writeFileSync(path, options.gzip ? gzipSync(bytes) : bytes);
  return path;
}

async function readAll(
  path: string,
  options?: ReadOptions,
): Promise<{ reader: RecordReader; items: RecordItem[] }> {
  const reader = await openRecords(path, options);
  const items: RecordItem[] = [];
  for await (const item of reader.records) items.push(item);
  return { reader, items };
}

const records = (items: RecordItem[]): Record<string, unknown>[] =>
  items.flatMap((i) => (i.kind === 'record' ? [{ line: i.line, ...i.fields }] : []));

/** Runs the whole read and returns the AppError it ends with. */
async function failure(path: string, options?: ReadOptions): Promise<AppError> {
  try {
    await readAll(path, options);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error(`expected reading ${path} to fail`);
}

const jsonlText = [
  '{"id":"a","title":"Alpha"}',
  '',
  '{"id":"b","title":"Beta \\u00e9"}',
  '   ',
  '{"id":"c","title":"Gamma","year":2020}',
].join('\n');

describe('JSONL', () => {
  it('reads objects with their physical line numbers, skipping blank lines', async () => {
    const { reader, items } = await readAll(file('papers.jsonl', `${jsonlText}\n`));
    expect(reader.format).toBe('jsonl');
    expect(reader.compressed).toBe(false);
    expect(reader.columns).toBeNull();
    expect(records(items)).toEqual([
      { line: 1, id: 'a', title: 'Alpha' },
      { line: 3, id: 'b', title: 'Beta é' },
      { line: 5, id: 'c', title: 'Gamma', year: 2020 },
    ]);
    expect(reader.bytesRead()).toBe(reader.totalBytes);
  });

  it('reads gzip, detected by magic bytes even without a .gz extension', async () => {
    for (const name of ['papers.jsonl.gz', 'disguised.jsonl']) {
      const { reader, items } = await readAll(file(name, jsonlText, { gzip: true }));
      expect(reader.compressed).toBe(true);
      expect(reader.format).toBe('jsonl');
      expect(records(items).map((r) => r.id)).toEqual(['a', 'b', 'c']);
      expect(reader.bytesRead()).toBe(reader.totalBytes);
    }
  });

  it('handles CRLF and a UTF-8 byte-order mark', async () => {
    const { items } = await readAll(file('crlf.jsonl', `\uFEFF{"id":"a"}\r\n\r\n{"id":"b"}\r\n`));
    expect(records(items)).toEqual([
      { line: 1, id: 'a' },
      { line: 3, id: 'b' },
    ]);
  });

  it('rejects an invalid line and a non-object line, and carries on', async () => {
    const text = ['{"id":"a"}', '{"id": "b", oops}', '[1,2]', '42', '{"id":"c"}'].join('\n');
    const { items } = await readAll(file('mixed.jsonl', text));
    expect(items.map((i) => [i.kind, i.line])).toEqual([
      ['record', 1],
      ['reject', 2],
      ['reject', 3],
      ['reject', 4],
      ['record', 5],
    ]);
    const reasons = items.flatMap((i) => (i.kind === 'reject' ? [i.reason] : []));
    expect(reasons[0]).toMatch(/^invalid JSON: .+/);
    expect(reasons[1]).toBe('expected a JSON object, found an array');
    expect(reasons[2]).toBe('expected a JSON object, found a number');
  });

  it('keeps line numbers right across chunk boundaries and lines longer than a chunk', async () => {
    const long = 'x'.repeat(200_000);
    const lines: string[] = [];
    for (let k = 0; k < 3000; k++) lines.push(JSON.stringify({ k, text: k === 1500 ? long : `row ${k}` }));
    const { items } = await readAll(file('many.jsonl', lines.join('\n')));
    const got = records(items);
    expect(got).toHaveLength(3000);
    expect(got.every((r, k) => r.line === k + 1 && r.k === k)).toBe(true);
    expect(got[1500]?.text).toBe(long);
  });

  it('passes a 5 MB field through as a normal record', async () => {
    const abstract = 'word '.repeat(1_000_000);
    const { items } = await readAll(
      file('big.jsonl', `{"id":"a"}\n${JSON.stringify({ id: 'big', abstract })}\n{"id":"z"}\n`),
    );
    const got = records(items);
    expect(got.map((r) => r.id)).toEqual(['a', 'big', 'z']);
    expect(got[1]?.abstract).toBe(abstract);
  });

  it('is fatal when a line exceeds maxRecordBytes', async () => {
    const path = file('huge.jsonl', `{"id":"a"}\n{"id":"b"}\n{"text":"${'y'.repeat(5000)}"}\n`);
    const e = await failure(path, { maxRecordBytes: 1000 });
    expect(e.code).toBe('IMPORT_FAILED');
    expect(e.message).toBe(
      'huge.jsonl:3: this line is longer than 1000 bytes (the record size limit); the file may be corrupt or not line-based text',
    );
  });
});

describe('gzip damage', () => {
  const lines = Array.from({ length: 20_000 }, (_, k) =>
    JSON.stringify({ id: k, title: `paper number ${k} ${Math.sin(k)}` }),
  );

  it('yields the complete records, then fails naming the line reached', async () => {
    const whole = gzipSync(Buffer.from(lines.join('\n')));
    const path = file('cut.jsonl.gz', whole.subarray(0, Math.floor(whole.length / 2)));
    const reader = await openRecords(path);
    const got: RecordItem[] = [];
    let error: unknown;
    try {
      for await (const item of reader.records) got.push(item);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    const { code, message } = error as AppError;
    expect(code).toBe('IMPORT_FAILED');
    expect(got.length).toBeGreaterThan(1000);
    expect(got.every((i) => i.kind === 'record')).toBe(true);
    expect(message).toMatch(/^cut\.jsonl\.gz:(\d+): the gzip data is truncated or corrupt \(/);
    expect(message).toContain(`cut.jsonl.gz:${got.length + 1}: `);
  });

  it('fails on data that is not gzip past the magic bytes', async () => {
    const path = file(
      'garbage.jsonl.gz',
      Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(100, 0x41)]),
    );
    const e = await failure(path);
    expect(e.code).toBe('IMPORT_FAILED');
    expect(e.message).toMatch(/^garbage\.jsonl\.gz:1: the gzip data is truncated or corrupt/);
  });
});

describe('CSV and TSV', () => {
  const csv =
    'id,title,abstract\r\n' +
    '1,"Commas, inside","Line one\r\nline two"\r\n' +
    '\r\n' +
    '2,"He said ""hi""",plain\r\n' +
    '3,short\r\n' +
    '4,"multi\nline\ntitle",x\r\n';

  it('parses RFC 4180 quoting, CRLF, blank lines, and short rows, with the line each record starts on', async () => {
    const { reader, items } = await readAll(file('papers.csv', csv));
    expect(reader.format).toBe('csv');
    expect(reader.columns).toEqual(['id', 'title', 'abstract']);
    expect(records(items)).toEqual([
      { line: 2, id: '1', title: 'Commas, inside', abstract: 'Line one\r\nline two' },
      { line: 5, id: '2', title: 'He said "hi"', abstract: 'plain' },
      { line: 6, id: '3', title: 'short', abstract: '' },
      { line: 7, id: '4', title: 'multi\nline\ntitle', abstract: 'x' },
    ]);
  });

  it('reads gzipped CSV and strips a byte-order mark from the header', async () => {
    const { reader, items } = await readAll(file('papers.csv.gz', `\uFEFF${csv}`, { gzip: true }));
    expect(reader.compressed).toBe(true);
    expect(reader.columns).toEqual(['id', 'title', 'abstract']);
    expect(records(items)).toHaveLength(4);
  });

  it('rejects a row with more fields than the header', async () => {
    const { items } = await readAll(file('wide.csv', 'id,title\n1,ok\n2,one,two\n3,fine\n'));
    expect(items).toEqual([
      { kind: 'record', line: 2, fields: { id: '1', title: 'ok' } },
      {
        kind: 'reject',
        line: 3,
        reason: 'the row has 3 fields but the header has 2; check for an unquoted comma in a value',
      },
      { kind: 'record', line: 4, fields: { id: '3', title: 'fine' } },
    ]);
  });

  it('names blank and repeated header columns so none is lost', async () => {
    const { reader, items } = await readAll(file('names.csv', 'id, title ,,title\n1,a,b,c'));
    expect(reader.columns).toEqual(['id', 'title', 'column_3', 'title_2']);
    expect(records(items)).toEqual([{ line: 2, id: '1', title: 'a', column_3: 'b', title_2: 'c' }]);
  });

  it('fails on an unbalanced quote, naming the line where it opened', async () => {
    const e = await failure(file('open.csv', 'id,title\n1,fine\n2,"never closed\n3,more\n4,rows\n'));
    expect(e.code).toBe('IMPORT_FAILED');
    expect(e.message).toBe(
      'open.csv:3: unterminated quoted field (the quote opened on this line runs to the end of the file)',
    );
  });

  it('fails when an open quote runs past maxRecordBytes', async () => {
    const body = Array.from({ length: 500 }, (_, k) => `${k},row ${k}`).join('\n');
    const e = await failure(file('runaway.csv', `id,title\n1,ok\n2,"oops\n${body}\n`), {
      maxRecordBytes: 1000,
    });
    expect(e.message).toBe(
      'runaway.csv:3: the quoted field opened on this line runs past 1000 bytes (the record size limit); there is probably an unbalanced quote',
    );
  });

  it('passes a 5 MB quoted field through', async () => {
    const abstract = 'a "quoted" word, and more\n'.repeat(200_000);
    const { items } = await readAll(
      file('big.csv', `id,abstract\n1,"${abstract.replace(/"/g, '""')}"\n2,small\n`),
    );
    const got = records(items);
    expect(got.map((r) => r.line)).toEqual([2, 200_003]);
    expect(got[0]?.abstract).toBe(abstract);
  });

  it('reads TSV, quoted or not, including values that merely start with a quote', async () => {
    const tsv =
      'id\ttitle\tabstract\n1\t"Tab\tinside"\tx\n2\t"Why?" Asking questions\ty\n3\tplain\t"multi\nline"\n4\tlast\tz\n';
    const { reader, items } = await readAll(file('papers.tsv', tsv));
    expect(reader.format).toBe('tsv');
    expect(records(items)).toEqual([
      { line: 2, id: '1', title: 'Tab\tinside', abstract: 'x' },
      { line: 3, id: '2', title: '"Why?" Asking questions', abstract: 'y' },
      { line: 4, id: '3', title: 'plain', abstract: 'multi\nline' },
      { line: 6, id: '4', title: 'last', abstract: 'z' },
    ]);
  });

  it('reads a TSV value with a quote that never closes as plain text, where CSV would fail', async () => {
    const tsv = 'id\ttitle\n1\t"Is There Anything Else?\'\': Examining\n2\tnext "one\n';
    const { items } = await readAll(file('stray.tsv', tsv));
    expect(records(items)).toEqual([
      { line: 2, id: '1', title: "\"Is There Anything Else?'': Examining" },
      { line: 3, id: '2', title: 'next "one' },
    ]);
  });

  it('reads gzipped TSV', async () => {
    const { reader, items } = await readAll(
      file('papers.tsv.gz', 'id\ttitle\n1\tone\n2\ttwo\n', { gzip: true }),
    );
    expect(reader.format).toBe('tsv');
    expect(records(items)).toEqual([
      { line: 2, id: '1', title: 'one' },
      { line: 3, id: '2', title: 'two' },
    ]);
  });

  it('reads a header-only file as no records, and records before the end of a file with no final newline', async () => {
    expect((await readAll(file('header.csv', 'id,title\n'))).items).toEqual([]);
    expect(records((await readAll(file('nofinal.csv', 'id,title\n1,"last"'))).items)).toEqual([
      { line: 2, id: '1', title: 'last' },
    ]);
  });
});

describe('JSON array', () => {
  it('streams elements with the line each starts on, across chunk boundaries', async () => {
    const rows = Array.from({ length: 5000 }, (_, k) => ({
      id: `p${k}`,
      title: `Title ${k} [x] {y} "q"`,
      n: k,
    }));
    const text = `[\n${rows.map((r) => JSON.stringify(r, null, 2)).join(',\n')}\n]\n`;
    expect(text.length).toBeGreaterThan(4 * 64 * 1024);
    const { reader, items } = await readAll(file('papers.json', text));
    expect(reader.format).toBe('json');
    const got = records(items);
    expect(got).toHaveLength(5000);
    // Each pretty-printed element spans 5 lines; the first starts on line 2.
    expect(got.every((r, k) => r.line === 2 + 5 * k && r.id === `p${k}` && r.n === k)).toBe(true);
    expect(got[7]?.title).toBe('Title 7 [x] {y} "q"');
  });

  it('streams a minified single-line array, gzipped', async () => {
    const rows = Array.from({ length: 5000 }, (_, k) => ({ id: k, text: 'lorem ipsum '.repeat(5) }));
    const { reader, items } = await readAll(file('min.json.gz', JSON.stringify(rows), { gzip: true }));
    expect(reader.compressed).toBe(true);
    expect(records(items).map((r) => r.id)).toEqual(rows.map((r) => r.id));
    expect(items.every((i) => i.line === 1)).toBe(true);
  });

  it('rejects elements that are not objects and keeps going', async () => {
    const { items } = await readAll(file('mixed.json', '[{"id":1}, 2, "three", null, [4], {"id":5}]'));
    expect(items.map((i) => (i.kind === 'record' ? i.fields.id : i.reason))).toEqual([
      1,
      'expected a JSON object, found a number',
      'expected a JSON object, found a string',
      'expected a JSON object, found null',
      'expected a JSON object, found an array',
      5,
    ]);
  });

  it('reads an empty array as no records', async () => {
    expect((await readAll(file('empty-array.json', ' [ ] \n'))).items).toEqual([]);
  });

  it('fails on a top-level object with a hint to use JSONL', async () => {
    const e = await failure(file('object.json', '{"id":1}\n{"id":2}\n'));
    expect(e.code).toBe('IMPORT_FAILED');
    expect(e.message).toMatch(
      /^object\.json:1: the file holds a JSON object, not an array of records; .*\.jsonl/,
    );
  });

  it('fails on broken array structure, naming the line', async () => {
    const missingComma = await failure(file('comma.json', '[\n{"id":1}\n{"id":2}\n]'));
    expect(missingComma.message).toBe(
      "comma.json:3: broken JSON array: expected ',' or ']' after the element that starts on line 2, found '{'",
    );
    const truncated = await failure(file('cut.json', '[\n{"id":1},\n{"id":2, "t": "unfinished'));
    expect(truncated.message).toBe(
      'cut.json:3: broken JSON array: the file ends inside the element that starts on this line (is the file truncated?)',
    );
    const unclosed = await failure(file('unclosed.json', '[\n{"id":1},\n'));
    expect(unclosed.message).toBe(
      'unclosed.json:3: broken JSON array: the file ends before the closing ] (is the file truncated?)',
    );
    const trailing = await failure(file('trailing.json', '[{"id":1}]\n]'));
    expect(trailing.message).toBe("trailing.json:2: unexpected ']' after the closing ] of the JSON array");
  });
});

describe('Parquet', () => {
  const write = (filename: string) =>
    parquetWriteFile({
      filename,
      columnData: [
        { name: 'id', data: ['a', 'b', 'c', 'd', 'e'], type: 'STRING' },
        { name: 'year', data: [2019n, 2020n, 2021n, 9_007_199_254_740_993n, 2023n], type: 'INT64' },
        {
          name: 'published',
          data: [0, 1, 2, 3, 4].map((d) => new Date(Date.UTC(2020, 0, 1 + d))),
          type: 'TIMESTAMP',
        },
        { name: 'score', data: [0.5, 1.5, null, 3.5, 4.5], type: 'DOUBLE' },
      ],
      rowGroupSize: 2,
    });

  const expected = [
    { line: 1, id: 'a', year: 2019, published: '2020-01-01T00:00:00.000Z', score: 0.5 },
    { line: 2, id: 'b', year: 2020, published: '2020-01-02T00:00:00.000Z', score: 1.5 },
    { line: 3, id: 'c', year: 2021, published: '2020-01-03T00:00:00.000Z', score: null },
    { line: 4, id: 'd', year: '9007199254740993', published: '2020-01-04T00:00:00.000Z', score: 3.5 },
    { line: 5, id: 'e', year: 2023, published: '2020-01-05T00:00:00.000Z', score: 4.5 },
  ];

  it('reads row groups with row numbers, converting int64 and timestamps', async () => {
    const path = join(dir, 'papers.parquet');
    write(path);
    const { reader, items } = await readAll(path);
    expect(reader.format).toBe('parquet');
    expect(reader.compressed).toBe(false);
    expect(reader.columns).toEqual(['id', 'year', 'published', 'score']);
    expect(records(items)).toEqual(expected);
    expect(reader.bytesRead()).toBe(reader.totalBytes);
  });

  it('reads .parquet.gz through a temp file that is removed afterwards, and sniffs Parquet by its magic', async () => {
    const plain = join(dir, 'zipped-source.parquet');
    write(plain);
    const { readFileSync } = await import('node:fs');
    const gz = file('papers.parquet.gz', readFileSync(plain), { gzip: true });
    const tempsBefore = readdirSync(tmpdir()).filter((n) => n.startsWith('taxonomist-parquet-')).length;
    const { reader, items } = await readAll(gz);
    expect(reader.compressed).toBe(true);
    expect(reader.format).toBe('parquet');
    expect(records(items)).toEqual(expected);
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('taxonomist-parquet-')).length).toBe(tempsBefore);

    const sniffed = await readAll(file('export.dat', readFileSync(plain)));
    expect(sniffed.reader.format).toBe('parquet');
  });

  it('fails on a file named .parquet that is not Parquet', async () => {
    const e = await failure(file('fake.parquet', 'id,title\n1,a\n'));
    expect(e.code).toBe('IMPORT_FAILED');
    expect(e.message).toMatch(/^fake\.parquet: not a readable Parquet file \(/);
  });
});

describe('encodings', () => {
  // "Café" and ‘smart quotes’ in Windows-1252 bytes: invalid as UTF-8.
  const legacy = Buffer.concat([
    Buffer.from('id,title\n1,plain\n2,Caf'),
    Buffer.from([0xe9, 0x20, 0x91, 0x71, 0x92]),
    Buffer.from('\n3,end\n'),
  ]);

  it('fails on invalid UTF-8 naming the line, with a hint for legacy encodings', async () => {
    const e = await failure(file('legacy.csv', legacy));
    expect(e.code).toBe('IMPORT_FAILED');
    expect(e.message).toBe(
      'legacy.csv:3: invalid UTF-8 (byte 0xE9 at byte 6 of the line); if the file is in a legacy encoding, import it again with --encoding windows-1252 (or --encoding latin1)',
    );
  });

  it('reads the same bytes as latin1 or windows-1252 when asked', async () => {
    const path = file('legacy2.csv', legacy);
    const latin1 = records((await readAll(path, { encoding: 'latin1' })).items);
    expect(latin1[1]?.title).toBe('Café \u0091q\u0092');
    const cp1252 = records((await readAll(path, { encoding: 'windows-1252' })).items);
    expect(cp1252[1]?.title).toBe('Café \u2018q\u2019');
    expect(cp1252.map((r) => r.line)).toEqual([2, 3, 4]);
  });

  it('finds invalid UTF-8 deep in a gzipped JSONL file', async () => {
    const lines = Array.from({ length: 10_000 }, (_, k) => `{"k":${k}}`);
    const bytes = Buffer.concat([
      Buffer.from(`${lines.join('\n')}\n{"t":"`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}\n'),
    ]);
    const e = await failure(file('deep.jsonl.gz', bytes, { gzip: true }));
    expect(e.message).toMatch(/^deep\.jsonl\.gz:10001: invalid UTF-8 \(byte 0xC3 at byte 7 of the line\)/);
  });

  it('refuses UTF-16 with a hint to save as UTF-8', async () => {
    const e = await failure(
      file('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,title\n', 'utf16le')])),
    );
    expect(e.message).toBe(
      'utf16.csv:1: the file is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8 and import it again',
    );
  });
});

describe('files that are not corpora', () => {
  it('reports a missing file as NOT_FOUND', async () => {
    const e = await failure(join(dir, 'nope.jsonl'));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toMatch(/^nope\.jsonl: file not found/);
  });

  it('refuses empty and whitespace-only files, plain or gzipped', async () => {
    expect((await failure(file('empty.csv', ''))).message).toBe('empty.csv:1: the file is empty (0 bytes)');
    expect((await failure(file('blank.jsonl', ' \n\n\t\r\n'))).message).toBe(
      'blank.jsonl:1: the file is empty (it holds only whitespace)',
    );
    expect((await failure(file('empty.jsonl.gz', '', { gzip: true }))).message).toBe(
      'empty.jsonl.gz:1: the file is empty (the gzip data decompresses to nothing)',
    );
  });

  it('refuses binary data', async () => {
    const bytes = Buffer.alloc(4096);
    for (let k = 0; k < bytes.length; k++) bytes[k] = (k * 7919) % 256;
    const e = await failure(file('image.csv', bytes));
    expect(e.code).toBe('IMPORT_FAILED');
    expect(e.message).toMatch(/^image\.csv:1: this looks like a binary file, not text/);
    const controls = Buffer.from('\x01\x02\x03\x04\x05\x06\x07\x08abc\x0e\x0f\x10\x11\x12\x13\x14\x15');
    expect((await failure(file('controls.txt', controls))).message).toMatch(
      /^controls\.txt:1: this looks like a binary file/,
    );
  });

  it('sniffs the format of files without a known extension', async () => {
    const formatOf = async (name: string, text: string) => (await openRecords(file(name, text))).format;
    expect(await formatOf('a.txt', '  [{"id":1}]')).toBe('json');
    expect(await formatOf('b.txt', '{"id":1}\n{"id":2}')).toBe('jsonl');
    expect(await formatOf('c.txt', 'id\ttitle\n1\tx')).toBe('tsv');
    expect(await formatOf('d.txt', 'id,title\n1,x')).toBe('csv');
    expect(await formatOf('e.data', 'id,title\n1,x')).toBe('csv');
  });

  it('lets options.format override detection', async () => {
    const { reader, items } = await readAll(file('lines.json', '{"id":1}\n{"id":2}\n'), { format: 'jsonl' });
    expect(reader.format).toBe('jsonl');
    expect(records(items).map((r) => r.id)).toEqual([1, 2]);
  });
});

describe('cancellation and early exit', () => {
  const lines = Array.from({ length: 50_000 }, (_, k) => JSON.stringify({ id: k, title: `t${k}` })).join(
    '\n',
  );

  it('throws CANCELLED when the signal aborts mid-read', async () => {
    const controller = new AbortController();
    const reader = await openRecords(file('abort.jsonl', lines), { signal: controller.signal });
    let seen = 0;
    let error: unknown;
    try {
      for await (const _item of reader.records) {
        if (++seen === 100) controller.abort();
      }
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CANCELLED');
    expect((error as AppError).message).toMatch(/^abort\.jsonl:\d+: import cancelled$/);
    expect(seen).toBeLessThan(50_000);
  });

  it('throws CANCELLED at open when the signal is already aborted', async () => {
    const e = await failure(file('pre.jsonl', lines), { signal: AbortSignal.abort() });
    expect(e.code).toBe('CANCELLED');
  });

  it('stops cleanly when the consumer breaks out early', async () => {
    const reader = await openRecords(file('early.jsonl.gz', lines, { gzip: true }));
    let seen = 0;
    for await (const _item of reader.records) if (++seen === 10) break;
    expect(seen).toBe(10);
    expect(reader.bytesRead()).toBeLessThan(reader.totalBytes);
  });
});

describe('shared corpus', () => {
  it.skipIf(withoutShared)('reads the 25k arXiv cs.CL corpus completely', async () => {
    const { reader, items } = await readAll(sharedFile('corpora/arxiv-cscl-25k.jsonl.gz'));
    expect(items).toHaveLength(25_064);
    expect(items.every((i) => i.kind === 'record')).toBe(true);
    expect(reader.bytesRead()).toBe(reader.totalBytes);
  });
});
