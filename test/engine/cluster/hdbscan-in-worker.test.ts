import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HdbscanResult } from '../../../src/engine/algorithms/hdbscan';
import { clusterProject, hdbscanCancellable, IN_THREAD_MAX_POINTS } from '../../../src/engine/cluster';
import { stageContext } from '../../../src/engine/context';
import { readNpy } from '../../../src/engine/io/npy';
import { EngineService } from '../../../src/engine/service';
import { ProjectStore } from '../../../src/engine/store';
import type { Progress } from '../../../src/shared/progress';
import { blobs5d, projectWithProjection } from '../../support/cluster-project';
import { sharedFile, withoutShared } from '../../support/shared';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-hdbscan-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const reference = (name: string) => {
  const npy = readNpy(sharedFile(`reference/hdbscan/${name}.points.npy`));
  const [n, dims] = npy.shape as [number, number];
  return { points: npy.data as Float32Array, n, dims };
};

const arraysOf = (r: HdbscanResult) => ({
  labels: Array.from(r.labels),
  probabilities: Array.from(r.probabilities),
  outlierScores: Array.from(r.outlierScores),
  persistence: Array.from(r.persistence),
  exemplarOffsets: Array.from(r.exemplarOffsets),
  exemplars: Array.from(r.exemplars),
  clusterNodes: Array.from(r.clusterNodes),
  parents: Array.from(r.condensedTree.parents),
  children: Array.from(r.condensedTree.children),
  lambdas: Array.from(r.condensedTree.lambdas),
  sizes: Array.from(r.condensedTree.sizes),
  coreDistances: Array.from(r.coreDistances),
});

/**
 * Aborts `ms` after the first progress report (so inside the algorithm, not while a worker starts) and
 * answers how long after the abort `run` settled, and how.
 */
async function abortInside(
  run: (signal: AbortSignal, onProgress: () => void) => Promise<unknown>,
  ms: number,
): Promise<{ afterAbortMs: number; error: unknown }> {
  const controller = new AbortController();
  let abortedAt = NaN;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onProgress = () => {
    timer ??= setTimeout(() => {
      abortedAt = performance.now();
      controller.abort();
    }, ms);
  };
  let error: unknown = null;
  try {
    await run(controller.signal, onProgress);
  } catch (e) {
    error = e;
  }
  clearTimeout(timer);
  return { afterAbortMs: performance.now() - abortedAt, error };
}

describe('HDBSCAN where a cancel reaches it', () => {
  it('gives the same result, bit for bit, in the worker and on the calling thread', async () => {
    const points = blobs5d();
    const options = { minClusterSize: 20, method: 'eom' as const };
    const inThread = await hdbscanCancellable(points, 260, 5, options, { where: 'thread' });
    const inWorker = await hdbscanCancellable(points, 260, 5, options, { where: 'worker' });
    expect(arraysOf(inWorker)).toEqual(arraysOf(inThread));
    // The caller's points are copied, not handed over.
    expect(points.length).toBe(260 * 5);
  }, 60_000);

  it.skipIf(withoutShared)(
    'gives the same result, bit for bit, on a 10k reference case in the worker',
    async () => {
      const { points, n, dims } = reference('umapjs-10k-k100');
      expect(n).toBeGreaterThan(IN_THREAD_MAX_POINTS);
      const options = { minClusterSize: 100, method: 'leaf' as const };
      const inThread = await hdbscanCancellable(points, n, dims, options, { where: 'thread' });
      const inWorker = await hdbscanCancellable(points, n, dims, options);
      expect(inWorker.clusterCount).toBe(inThread.clusterCount);
      expect(arraysOf(inWorker)).toEqual(arraysOf(inThread));
    },
    60_000,
  );

  it("passes the worker's errors on with their code", async () => {
    await expect(
      hdbscanCancellable(blobs5d(), 260, 5, { minClusterSize: 300 }, { where: 'worker' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/cannot hold/) });
  }, 60_000);

  it('rejects at once when cancelled before it starts', async () => {
    const controller = new AbortController();
    controller.abort();
    for (const where of ['thread', 'worker'] as const)
      await expect(
        hdbscanCancellable(blobs5d(), 260, 5, { minClusterSize: 20 }, { where, signal: controller.signal }),
      ).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it.skipIf(withoutShared)(
    'stops within a second of a cancel on the 25k reference points',
    async () => {
      const { points, n, dims } = reference('umapl-25k-k100');
      const { afterAbortMs, error } = await abortInside(
        (signal, onProgress) =>
          hdbscanCancellable(points, n, dims, { minClusterSize: 100 }, { signal, onProgress }),
        200,
      );
      expect(error).toMatchObject({ code: 'CANCELLED' });
      expect(afterAbortMs).toBeLessThan(1000);
    },
    60_000,
  );

  it.skipIf(withoutShared)(
    'stops a cluster run of the 25k reference layout within a second of a cancel, and records it cancelled',
    async () => {
      const { points, dims } = reference('umapl-25k-k100');
      const path = join(dir, 'reference-25k.taxonomist');
      const reduceId = projectWithProjection(path, points, dims);
      const store = ProjectStore.open(path);
      try {
        const { afterAbortMs, error } = await abortInside(
          (signal, onProgress) =>
            clusterProject(
              store,
              { minClusterSize: 100, method: 'leaf', inputRunId: reduceId },
              stageContext({ signal, progress: onProgress }),
            ),
          200,
        );
        expect(error).toMatchObject({ code: 'CANCELLED' });
        expect(afterAbortMs).toBeLessThan(1000);
        const runs = store.db.prepare("SELECT status FROM runs WHERE kind = 'cluster'").pluck().all();
        expect(runs).toEqual(['cancelled']);
      } finally {
        store.close();
      }
    },
    120_000,
  );

  it.skipIf(withoutShared)(
    'ends a cluster job of the 25k reference layout within a second of jobs:cancel, as the app asks',
    async () => {
      const { points, dims } = reference('umapl-25k-k100');
      const path = join(dir, 'reference-25k-job.taxonomist');
      const reduceId = projectWithProjection(path, points, dims);
      const store = ProjectStore.open(path);
      try {
        let cancelledAt = NaN;
        const ended = new Promise<{ event: string; at: number }>((resolve) => {
          let jobId = '';
          let asked = false;
          const service = new EngineService(store, (name, payload) => {
            const p = name === 'job:progress' ? (payload as { progress: Progress }).progress : null;
            // 200 ms into the clustering (its first phase reported), as a curator's click would come.
            if (p?.stage === 'cluster' && p.done < (p.total ?? Infinity) && !asked) {
              asked = true;
              setTimeout(() => {
                cancelledAt = performance.now();
                void service.handle('jobs:cancel', { jobId });
              }, 200);
            }
            if (name === 'job:cancelled' || name === 'job:finished' || name === 'job:failed')
              resolve({ event: name, at: performance.now() });
          });
          void service
            .handle('jobs:start', {
              kind: 'cluster',
              params: { minClusterSize: 100, method: 'leaf', inputRun: reduceId },
            })
            .then((r) => {
              if (!r.ok) throw new Error(r.error.message);
              jobId = (r.value as { jobId: string }).jobId;
            });
        });
        const { event, at } = await ended;
        expect(event).toBe('job:cancelled');
        expect(at - cancelledAt).toBeLessThan(1000);
        const runs = store.db.prepare("SELECT status FROM runs WHERE kind = 'cluster'").pluck().all();
        expect(runs).toEqual(['cancelled']);
      } finally {
        store.close();
      }
    },
    120_000,
  );
});
