import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath } from '../support/cli';
import type { FakeChatServer } from '../support/fake-chat-server';
import { startFakeChatServer } from '../support/fake-chat-server';
import {
  isTaxonomyRequest,
  labelReply,
  startFakeEmbeddingServer,
  writeTopicCorpus,
} from '../support/llm-build';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-build-llm-'));
let embeddings: Awaited<ReturnType<typeof startFakeEmbeddingServer>>;
let chat: FakeChatServer;

beforeAll(async () => {
  embeddings = await startFakeEmbeddingServer();
  // Labels are answered well; a taxonomy never: invalid JSON first, then answers that place no cluster.
  chat = await startFakeChatServer('mistral', (r) => {
    if (!isTaxonomyRequest(r)) return labelReply(r);
    return r.body.messages.some((m) => m.role === 'assistant')
      ? {
          text: '{"categories": [{"name": "All", "subcategories": [{"name": "Misc", "topics": [{"name": "Other", "clusters": []}]}]}]}',
        }
      : { text: 'Here is your taxonomy: categories, subcategories and topics.' };
  });
});
afterAll(async () => {
  await Promise.all([embeddings.close(), chat.close()]);
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI without blocking this process, so the fake servers here can answer it. */
function runAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [binPath, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MISTRAL_API_KEY: 'test-key' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((ok) => child.once('close', (code) => ok({ code, stdout, stderr })));
}

type Stage = { stage: string; skipped: boolean; summary: Record<string, unknown> };

describe('taxonomist build with a chat model that gives no usable taxonomy', () => {
  it('finishes with the model labels and the offline tree, warns, and marks the fallback', async () => {
    const corpus = join(dir, 'topics.jsonl');
    writeTopicCorpus(corpus);
    const project = join(dir, 'llm.taxonomist');
    const args = [
      'build',
      corpus,
      '--project',
      project,
      '--model',
      `http:${embeddings.url}`,
      '--neighbors',
      '15',
      '--min-cluster-size',
      '10',
      '--provider',
      'mistral',
      '--base-url',
      chat.baseUrl,
      '--json',
    ];
    const res = await runAsync(args);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(
      /^warning: the taxonomy model \(mistral open-mistral-7b\) failed: the model gave no usable taxonomy in 3 tries \(its best answer placed 0 of \d+ clusters\); the offline tree was used instead$/m,
    );
    const s = JSON.parse(res.stdout) as { stages: Stage[]; outputs: { markdown: string } };
    const taxonomy = s.stages.find((x) => x.stage === 'taxonomy')!;
    expect(taxonomy.summary).toMatchObject({
      source: 'offline',
      requested: 'mistral',
      requestedModel: 'open-mistral-7b',
      fallback: expect.stringMatching(/no usable taxonomy/) as unknown,
    });
    expect(chat.requests.filter(isTaxonomyRequest)).toHaveLength(3);

    const db = new Database(project, { readonly: true });
    const topics = db.prepare('SELECT source FROM topics').pluck().all() as string[];
    const stored = db
      .prepare('SELECT name, source, provenance FROM taxonomies WHERE id = ?')
      .get(taxonomy.summary.taxonomyId) as { name: string; source: string; provenance: string };
    db.close();
    expect(topics.length).toBeGreaterThan(1);
    expect(topics.every((x) => x === 'llm')).toBe(true);
    expect(stored.source).toBe('offline');
    expect(stored.name).toMatch(/gave no usable taxonomy/);
    expect(JSON.parse(stored.provenance)).toMatchObject({
      fallback: { provider: 'mistral', model: 'open-mistral-7b', reason: taxonomy.summary.fallback },
    });
    const outline = readFileSync(s.outputs.markdown, 'utf8').trim().split('\n');
    expect(outline.length).toBeGreaterThan(topics.length);
    expect(outline.every((l) => /^\.{1,3} \S/.test(l))).toBe(true);

    // A rerun keeps the offline tree without asking again, and warns again.
    const again = await runAsync(args.filter((a) => a !== '--json'));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^taxonomy +unchanged, skipped$/m);
    expect(again.stderr).toMatch(
      /^warning: .*the offline tree was used instead \(kept from an earlier build: --force asks the model again\)$/m,
    );
    expect(chat.requests.filter(isTaxonomyRequest)).toHaveLength(3);
  }, 120_000);
});
