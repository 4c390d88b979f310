import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../src/engine/store';
import { runTaxonomist } from '../support/cli';
import { addDocumentsWithVectors, clusteredVectors } from '../support/vectors';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-cli-q-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('taxonomist quantize / diagnose', () => {
  it('quantizes to int8 and reports diagnostics as JSON', () => {
    const project = join(dir, 'q.taxonomist');
    const store = ProjectStore.open(project, { create: true });
    addDocumentsWithVectors(store, clusteredVectors(300, 32, 4), 32);
    store.close();

    const q = runTaxonomist([
      'quantize',
      '--project',
      project,
      '--precision',
      'int8',
      '--calibration',
      '100',
      '--json',
    ]);
    expect(q.code, q.stderr).toBe(0);
    expect(JSON.parse(q.stdout)).toMatchObject({
      ok: true,
      precision: 'int8',
      documents: 300,
      bytes: 300 * 32,
      calibration: { method: 'first', size: 100 },
    });

    const d = runTaxonomist([
      'diagnose',
      '--project',
      project,
      '--queries',
      '40',
      '--calibration',
      '100',
      '--json',
    ]);
    expect(d.code, d.stderr).toBe(0);
    const r = JSON.parse(d.stdout);
    expect(r.calibrationCoverage).toBeGreaterThan(90);
    for (const p of ['float32', 'int8', 'uint8', 'binary', 'ubinary']) {
      expect(r.precisions[p]).toEqual(
        expect.objectContaining({
          bytes: expect.any(Number),
          compression: expect.any(Number),
          recallAt10: expect.any(Number),
        }),
      );
    }
    expect(r.precisions.int8.compression).toBe(75);

    const human = runTaxonomist(['diagnose', '--project', project, '--queries', '10']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/calibration coverage: \d+\.\d{3}%/);
    expect(human.stdout).toMatch(/^int8 .* 75\.0%/m);
  });

  it('usage errors exit 2; a project without embeddings exits 1 with what to do', () => {
    const project = join(dir, 'empty.taxonomist');
    expect(runTaxonomist(['init', project]).code).toBe(0);
    expect(runTaxonomist(['quantize', '--project', project]).code).toBe(2);
    expect(runTaxonomist(['quantize', '--project', project, '--precision', 'int4']).code).toBe(2);
    expect(
      runTaxonomist(['quantize', '--project', project, '--precision', 'int8', '--calibration', '1']).code,
    ).toBe(2);
    const none = runTaxonomist(['quantize', '--project', project, '--precision', 'int8']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no float32 embeddings yet: run `taxonomist embed/);
  });
});
