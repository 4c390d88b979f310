import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Progress } from '../../../src/shared/progress';
import { IN_THREAD_MAX_POINTS } from '../../../src/engine/cluster';
import { EngineService } from '../../../src/engine/service';
import { countDocuments, getSetting, listTaxonomies, ProjectStore } from '../../../src/engine/store';
import { startFakeEmbeddingServer, writeTopicCorpus } from '../../support/llm-build';
import { TOPIC_WORDS } from '../../support/topics';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-build-cancel-'));
let embeddings: Awaited<ReturnType<typeof startFakeEmbeddingServer>>;
const corpus = join(dir, 'topics.jsonl');

beforeAll(async () => {
  // Enough papers that HDBSCAN runs in its worker thread, as it does for real corpora.
  writeTopicCorpus(corpus, Math.ceil((IN_THREAD_MAX_POINTS * 1.1) / TOPIC_WORDS.length));
  embeddings = await startFakeEmbeddingServer(32);
});
afterAll(async () => {
  await embeddings.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('cancelling a build', () => {
  it('stops during the cluster stage within a second, records the run cancelled and runs nothing after it', async () => {
    const store = ProjectStore.open(join(dir, 'cancel.taxonomist'), { create: true });
    let jobId = '';
    let cancelRequested = false;
    let cancelledAt = NaN;
    let endedAt = NaN;
    const ended = new Promise<string>((resolve) => {
      const svc = new EngineService(store, (name, payload) => {
        if (name === 'job:progress') {
          const p = (payload as { progress: Progress }).progress;
          // The cancel arrives once HDBSCAN is under way in its worker (its first phase is reported
          // from there). It is asked for at once: on a quiet machine 2,200 points cluster in tens of
          // milliseconds, and a cancel sent a turn later could come after the answer.
          if (p.stage === 'cluster' && p.done < (p.total ?? Infinity) && !cancelRequested) {
            cancelRequested = true;
            cancelledAt = performance.now();
            void svc.handle('jobs:cancel', { jobId });
          }
        }
        if (name === 'job:cancelled' || name === 'job:finished' || name === 'job:failed') {
          endedAt = performance.now();
          resolve(name);
        }
      });
      void svc
        .handle('jobs:start', {
          kind: 'build',
          params: { corpus, model: `http:${embeddings.url}`, neighbors: 15, minClusterSize: 50 },
        })
        .then((r) => {
          if (!r.ok) throw new Error(r.error.message);
          jobId = (r.value as { jobId: string }).jobId;
        });
    });
    try {
      expect(await ended).toBe('job:cancelled');
      expect(countDocuments(store.db)).toBeGreaterThan(IN_THREAD_MAX_POINTS);
      expect(endedAt - cancelledAt).toBeLessThan(1000);
      const runs = store.db
        .prepare("SELECT status FROM runs WHERE kind = 'cluster'")
        .pluck()
        .all() as string[];
      expect(runs).toEqual(['cancelled']);
      expect(getSetting(store.db, 'pipeline.cluster')).toBeUndefined();
      expect(getSetting(store.db, 'pipeline.label')).toBeUndefined();
      expect(listTaxonomies(store.db)).toEqual([]);
    } finally {
      store.close();
    }
  }, 180_000);
});
