import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPipeline } from '../../../src/engine/pipeline';
import type { BuildOptions } from '../../../src/engine/pipeline';
import { taxonomyView } from '../../../src/engine/service/views';
import { getTaxonomy, getTopics, listTaxonomies, ProjectStore } from '../../../src/engine/store';
import type { FakeChatServer, FakeReply, FakeRequest } from '../../support/fake-chat-server';
import { startFakeChatServer } from '../../support/fake-chat-server';
import {
  completeTaxonomyReply,
  emptyTaxonomyReply,
  isTaxonomyRequest,
  labelReply,
  startFakeEmbeddingServer,
  writeTopicCorpus,
} from '../../support/llm-build';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-pipeline-'));
let embeddings: Awaited<ReturnType<typeof startFakeEmbeddingServer>>;
let chat: FakeChatServer;
/** How the fake answers taxonomy requests; label requests always get a valid label. */
let taxonomyReply: (r: FakeRequest) => FakeReply = () => ({ text: 'not json at all' });
const corpus = join(dir, 'topics.jsonl');

beforeAll(async () => {
  writeTopicCorpus(corpus);
  embeddings = await startFakeEmbeddingServer();
  chat = await startFakeChatServer('openai', (r) =>
    isTaxonomyRequest(r) ? taxonomyReply(r) : labelReply(r),
  );
});
afterAll(async () => {
  await Promise.all([embeddings.close(), chat.close()]);
  rmSync(dir, { recursive: true, force: true });
});

type Stage = { stage: string; skipped: boolean; summary: Record<string, unknown> };
const stageOf = (stages: Stage[], name: string) => stages.find((s) => s.stage === name)!;
const taxonomyRequests = () => chat.requests.filter(isTaxonomyRequest).length;

describe('buildPipeline with a chat model', () => {
  const options = (): BuildOptions => ({
    corpus,
    model: `http:${embeddings.url}`,
    neighbors: 15,
    minClusterSize: 10,
    provider: 'openai',
    labelModel: 'fake-chat',
    taxonomyModel: 'fake-chat',
    baseUrl: chat.baseUrl,
    concurrency: 2,
  });

  it('keeps the model labels and falls back to the offline tree, marked, when the model gives no usable taxonomy', async () => {
    const project = join(dir, 'fallback.taxonomist');
    const store = ProjectStore.open(project, { create: true });
    try {
      const warnings: string[] = [];
      const s = await buildPipeline(store, options(), {
        log: (level, m) => level === 'warn' && warnings.push(m),
      });
      const taxonomy = stageOf(s.stages, 'taxonomy');
      expect(taxonomy.summary).toMatchObject({
        source: 'offline',
        requested: 'openai',
        requestedModel: 'fake-chat',
        fallback: expect.stringMatching(/no usable taxonomy in 3 tries/) as unknown,
      });
      expect(taxonomyRequests()).toBe(3);
      expect(warnings.some((w) => /using the offline tree/.test(w))).toBe(true);

      const runId = stageOf(s.stages, 'cluster').summary.runId as number;
      const topics = getTopics(store.db, runId);
      expect(topics.length).toBeGreaterThan(1);
      expect(topics.every((t) => t.source === 'llm' && t.label.startsWith('Research on '))).toBe(true);

      const stored = getTaxonomy(store.db, taxonomy.summary.taxonomyId as number)!;
      expect(stored.source).toBe('offline');
      expect(stored.name).toMatch(
        /^Offline taxonomy of run \d+ \(openai fake-chat gave no usable taxonomy\)$/,
      );
      expect(stored.provenance).toMatchObject({
        method: 'average-linkage',
        fallback: { provider: 'openai', model: 'fake-chat', reason: taxonomy.summary.fallback },
      });
      expect((await taxonomyView(store, stored.id)).fallback).toBe(taxonomy.summary.fallback);
      expect(readFileSync(s.outputs.markdown, 'utf8')).toMatch(/^\. \S/);

      // Unchanged parameters: the stored fallback stands, and says so again.
      const again = await buildPipeline(store, options(), {
        log: (level, m) => level === 'warn' && warnings.push(m),
      });
      expect(again.stages.every((x) => x.skipped)).toBe(true);
      expect(stageOf(again.stages, 'taxonomy').summary.fallback).toBe(taxonomy.summary.fallback);
      expect(warnings.at(-1)).toMatch(/still the offline tree/);
      expect(taxonomyRequests()).toBe(3);

      // --force asks the model again, past the cached answers: a taxonomy placing no cluster also falls back.
      taxonomyReply = () => emptyTaxonomyReply;
      const forced = await buildPipeline(store, { ...options(), force: true });
      expect(taxonomyRequests()).toBe(6);
      expect(stageOf(forced.stages, 'taxonomy').summary).toMatchObject({
        source: 'offline',
        fallback: expect.stringMatching(/placed 0 of \d+ clusters/) as unknown,
      });

      // A model that answers well replaces the fallback, and the view no longer shows it.
      taxonomyReply = completeTaxonomyReply;
      const fixed = await buildPipeline(store, { ...options(), force: true });
      const ok = stageOf(fixed.stages, 'taxonomy').summary;
      expect(ok).toEqual({ taxonomyId: expect.any(Number) as unknown, source: 'openai' });
      expect(getTaxonomy(store.db, ok.taxonomyId as number)!.source).toBe('llm');
      expect((await taxonomyView(store, ok.taxonomyId as number)).fallback).toBeNull();
      expect(existsSync(fixed.outputs.markdown)).toBe(true);
    } finally {
      store.close();
    }
  }, 120_000);

  it('stops on cancellation while the taxonomy is being asked for, without falling back', async () => {
    const project = join(dir, 'cancel.taxonomist');
    const store = ProjectStore.open(project, { create: true });
    const controller = new AbortController();
    try {
      taxonomyReply = () => {
        controller.abort();
        return { hang: true };
      };
      await expect(buildPipeline(store, options(), { signal: controller.signal })).rejects.toMatchObject({
        code: 'CANCELLED',
      });
      expect(listTaxonomies(store.db)).toEqual([]);
      // The labels made before the cancellation stay.
      const topics = store.db
        .prepare("SELECT count(*) FROM topics WHERE source = 'llm'")
        .pluck()
        .get() as number;
      expect(topics).toBeGreaterThan(1);
    } finally {
      store.close();
    }
  }, 120_000);
});
