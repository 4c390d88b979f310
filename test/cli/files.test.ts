import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTaxonomist } from '../support/cli';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('missing and unreadable files', () => {
  it('says in words that a corpus file was not found, with the path, and creates no project', () => {
    const project = join(dir, 'never.taxonomist');
    for (const command of ['build', 'import']) {
      const res = runTaxonomist([command, join(dir, 'no-such-corpus.jsonl.gz'), '--project', project]);
      expect(res.code).toBe(1);
      expect(res.stderr).toBe(`taxonomist: corpus file not found: ${join(dir, 'no-such-corpus.jsonl.gz')}\n`);
      expect(existsSync(project)).toBe(false);
    }
    // A relative path is reported as the absolute path looked for.
    const relative = runTaxonomist(['build', 'papers.jsonl', '--project', project], { cwd: dir });
    expect(relative.stderr).toContain(`corpus file not found: ${join(dir, 'papers.jsonl')}`);
  });

  it('refuses a folder given as the corpus, and an empty corpus file', () => {
    mkdirSync(join(dir, 'a-folder'));
    const folder = runTaxonomist(['build', join(dir, 'a-folder'), '--project', join(dir, 'f.taxonomist')]);
    expect(folder.code).toBe(1);
    expect(folder.stderr).toContain(`${join(dir, 'a-folder')} is a folder, not a corpus file`);
    writeFileSync(join(dir, 'empty.jsonl'), '');
    const empty = runTaxonomist(['import', join(dir, 'empty.jsonl'), '--project', join(dir, 'e.taxonomist')]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('empty.jsonl:1: the file is empty (0 bytes)');
  });

  it('says a project file is missing, or is not a project, with its path', () => {
    const missing = runTaxonomist(['info', '--project', join(dir, 'gone.taxonomist')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`no project at ${join(dir, 'gone.taxonomist')}`);
    writeFileSync(join(dir, 'text.taxonomist'), 'not a database at all, just some words\n'.repeat(200));
    const garbage = runTaxonomist(['info', '--project', join(dir, 'text.taxonomist')]);
    expect(garbage.code).toBe(1);
    expect(garbage.stderr).toContain(`${join(dir, 'text.taxonomist')} is not a Taxonomist project`);
  });
});

describe('build with no corpus and no project', () => {
  it('builds the bundled sample into the user data folder, saying so', () => {
    const data = join(dir, 'data');
    const res = runTaxonomist(['build', '--limit', '80', '--progress', 'none', '--json'], {
      env: { TAXONOMIST_DATA_DIR: data },
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain(
      `no corpus given: building the bundled sample (2,000 arXiv cs.CL papers) into ${join(data, 'sample.taxonomist')}`,
    );
    const summary = JSON.parse(res.stdout) as {
      project: string;
      documents: number;
      outputs: { markdown: string };
    };
    expect(summary).toMatchObject({ project: join(data, 'sample.taxonomist'), documents: 80 });
    expect(existsSync(summary.outputs.markdown)).toBe(true);
  });
});
