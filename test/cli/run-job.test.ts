import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runJob } from '../../src/cli/run-job';
import { EngineService } from '../../src/engine/service';
import { getJob, insertJob, ProjectStore, updateJob } from '../../src/engine/store';

// A command-line job runs through the engine's own handlers in process; a job the desktop app is
// running in the same project at that moment is not this process's to declare dead.
describe('runJob', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  const project = () => {
    const dir = mkdtempSync(join(tmpdir(), 'taxonomist-run-job-'));
    dirs.push(dir);
    const corpus = join(dir, 'papers.jsonl');
    writeFileSync(
      corpus,
      ['Parsing with graphs', 'Speech synthesis at scale', 'Topic models revisited']
        .map((title, i) => JSON.stringify({ id: `p${i}`, title, abstract: `${title}: an abstract.` }))
        .join('\n'),
    );
    const store = ProjectStore.open(join(dir, 'p.taxonomist'), { create: true });
    insertJob(store.db, 'app-job', 'build', {});
    updateJob(store.db, 'app-job', { status: 'running' });
    return { store, corpus };
  };

  it('runs the job and leaves another process’s running job as it is', async () => {
    const { store, corpus } = project();
    try {
      const summary = (await runJob(
        store,
        { kind: 'import', params: { path: corpus } },
        { progress: () => {} },
      )) as {
        imported: number;
      };
      expect(summary.imported).toBe(3);
      expect(getJob(store.db, 'app-job')?.status).toBe('running');
    } finally {
      store.close();
    }
  });

  it('an engine that owns the project fails the jobs it finds unfinished', () => {
    const { store } = project();
    try {
      new EngineService(store, () => {});
      expect(getJob(store.db, 'app-job')?.status).toBe('failed');
    } finally {
      store.close();
    }
  });
});
