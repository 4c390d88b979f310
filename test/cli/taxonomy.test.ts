import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../src/engine/store';
import { runTaxonomist } from '../support/cli';
import { addClusterRun } from '../support/taxonomy';
import { addDocumentsWithVectors, clusteredVectors } from '../support/vectors';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-cli-taxonomy-'));
const project = join(dir, 'p.taxonomist');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  const store = ProjectStore.open(project, { create: true });
  const { documentIds } = addDocumentsWithVectors(store, clusteredVectors(100, 8, 10, 3), 8);
  addClusterRun(
    store,
    documentIds,
    documentIds.map((_, i) => (i < 90 ? i % 9 : -1)),
  );
  store.close();
});

const json = (args: string[]): Record<string, unknown> => {
  const res = runTaxonomist([...args, '--project', project, '--json']);
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as Record<string, unknown>;
};

describe('taxonomist taxonomy, export, taxonomy-check, taxonomy-edit', () => {
  it('generates offline, exports every format, edits with undo and redo', () => {
    const gen = json(['taxonomy', '--offline', '--categories', '3']);
    writeFileSync(join(dir, 'scheme.md'), '. Topics\n.. Topic 1\n');
    // Nine topics hold two main categories at most: each needs two subcategories of two topics or more.
    expect(gen).toMatchObject({ ok: true, categories: 2, topics: 9, documents: 90 });

    const outline = runTaxonomist(['export', '--project', project, '--format', 'md-outline']);
    expect(outline.code, outline.stderr).toBe(0);
    const lines = outline.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => /^\. /.test(l))).toHaveLength(2);
    expect(lines.every((l) => /^\.{1,3} \S/.test(l))).toBe(true);
    // The case study's three levels: every topic a `...` line.
    expect(lines.filter((l) => /^\.\.\. /.test(l))).toHaveLength(9);

    const csvPath = join(dir, 'docs.csv');
    expect(json(['export', '--format', 'csv', '--out', csvPath])).toMatchObject({ ok: true, format: 'csv' });
    const csv = readFileSync(csvPath, 'utf8').split('\r\n');
    expect(csv[0]).toBe('document_id,ext_id,title,cluster_id,topic_path');
    expect(csv).toHaveLength(102);

    const check = json(['taxonomy-check']) as {
      nodes: { nodeId: number; path: string[] }[];
      coverage: { share: number };
      unplacedClusterIds: number[];
    };
    expect(check.coverage.share).toBe(1);
    expect(check.unplacedClusterIds).toEqual([]);
    const first = { id: check.nodes[0]!.nodeId };

    expect(json(['taxonomy-edit', 'rename', String(first.id), 'Renamed', 'category'])).toMatchObject({
      ok: true,
    });
    const renamed = runTaxonomist(['export', '--project', project]).stdout;
    expect(renamed.split('\n')[0]).toBe('. Renamed category');
    expect(json(['taxonomy-edit', 'undo'])).toMatchObject({ edit: { name: 'rename' } });
    expect(runTaxonomist(['export', '--project', project]).stdout).toBe(outline.stdout);
    expect(json(['taxonomy-edit', 'redo'])).toMatchObject({ edit: { name: 'rename' } });

    // Export -> import -> export gives back the same Markdown.
    writeFileSync(join(dir, 'outline.md'), outline.stdout);
    const imported = json(['taxonomy', '--import', join(dir, 'outline.md')]) as { taxonomyId: number };
    const reExport = runTaxonomist([
      'export',
      '--project',
      project,
      '--taxonomy',
      String(imported.taxonomyId),
    ]);
    expect(reExport.stdout).toBe(outline.stdout);

    const completed = json(['taxonomy', '--complete', join(dir, 'scheme.md')]);
    expect(completed).toMatchObject({ ok: true, existingNodes: 2 });

    const human = runTaxonomist([
      'taxonomy-check',
      '--project',
      project,
      '--taxonomy',
      String(gen.taxonomyId),
    ]);
    expect(human.stdout).toContain(`[${first.id}] Renamed category`);
    expect(human.stdout).toContain('coverage: 90 of 90 clustered documents (100.0%)');
  });

  it('fails clearly on bad arguments', () => {
    const noKey = runTaxonomist(['taxonomy', '--project', project], { env: { ANTHROPIC_API_KEY: '' } });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain('set ANTHROPIC_API_KEY, or build the taxonomy with --offline');
    const bad = runTaxonomist(['taxonomy-edit', 'rename', '99999', 'x', '--project', project]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('no node 99999');
    expect(runTaxonomist(['export', '--project', project, '--format', 'pdf']).code).toBe(2);
  });
});
