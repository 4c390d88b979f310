import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { topicQuality } from '../../src/engine/labels';
import { ProjectStore, saveGeneratedTopic } from '../../src/engine/store';
import { runTaxonomist } from '../support/cli';
import { addTopicCorpus, TOPIC_WORDS } from '../support/topics';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-quality-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('taxonomist topics --quality', () => {
  it('prints NPMI, diversity, coverage and the topic count of a labelled run', () => {
    const project = join(dir, 'quality.taxonomist');
    const store = ProjectStore.open(project, { create: true });
    const { runId } = addTopicCorpus(store, { perTopic: 15, noise: 5 });
    store.close();

    const unlabelled = runTaxonomist(['topics', '--project', project, '--quality']);
    expect(unlabelled.code).toBe(1);
    expect(unlabelled.stderr).toMatch(/no topic keyphrases yet/);

    // Each topic's own vocabulary as its keyphrases.
    const labelled = ProjectStore.open(project);
    TOPIC_WORDS.forEach((words, clusterId) =>
      saveGeneratedTopic(labelled.db, {
        runId,
        clusterId,
        label: words[0]!,
        description: null,
        source: 'keywords',
        keyphrases: words.map((term, i) => ({ term, score: 1 - i / 10 })),
        provenance: {},
      }),
    );
    const expected = topicQuality(labelled.db, runId);
    labelled.close();

    const res = runTaxonomist([
      'topics',
      '--project',
      project,
      '--quality',
      '--run',
      String(runId),
      '--json',
    ]);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as {
      quality: { npmi: number; diversity: number; coverage: number; topics: number };
    };
    expect(Object.keys(out)).toEqual(['quality']);
    expect(out.quality).toMatchObject({
      npmi: expected.npmi,
      diversity: expected.diversity,
      coverage: 75 / 80,
      topics: 5,
    });
    // "recognition" is in two topics' vocabularies: 29 distinct of 30 terms.
    expect(out.quality.diversity).toBeCloseTo(29 / 30, 12);
    expect(out.quality.npmi).toBeGreaterThan(0);
    expect(out.quality.npmi).toBeLessThanOrEqual(1);

    const table = runTaxonomist(['topics', '--project', project, '--quality']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`topic quality of run ${runId}`));
    expect(table.stdout).toMatch(/npmi\s+0\.\d{4}/);
    expect(table.stdout).toMatch(/coverage\s+0\.9375/);
    expect(table.stdout).toMatch(/topics\s+5 /);

    expect(
      runTaxonomist(['topics', '--project', project, '--quality', '--cluster', '1', '--lock']).code,
    ).toBe(2);
  });
});
