import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/engine/algorithms/random';
import { stageContext } from '../../../src/engine/context';
import {
  DEFAULT_LABEL_PROMPT,
  labelTopics,
  renderLabelPrompt,
  validatePrompt,
} from '../../../src/engine/labels';
import type { ChatModel, ChatRequest } from '../../../src/engine/llm';
import { getTopics, ProjectStore } from '../../../src/engine/store';
import { addTopicCorpus } from '../../support/topics';

/** The text between `<tag>` and `</tag>`, one item a line. */
const block = (text: string, tag: string): string[] =>
  (new RegExp(`<${tag}>\\n([\\s\\S]*?)\\n</${tag}>`).exec(text)?.[1] ?? '')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.replace(/^- /, ''));

describe('the label prompt', () => {
  it('presents the representative titles, the sampled titles and the keyphrases, each in its own place', () => {
    const [system, user] = renderLabelPrompt(DEFAULT_LABEL_PROMPT, {
      representatives: ['Central paper one', 'Central paper two'],
      titles: ['Sampled paper', 'Another sampled paper'],
      keywords: ['neural machine translation', 'bilingual'],
      abstracts: ['never shown by the default prompt'],
    });
    expect(system!.role).toBe('system');
    expect(block(user!.content, 'representatives')).toEqual(['Central paper one', 'Central paper two']);
    expect(block(user!.content, 'titles')).toEqual(['Sampled paper', 'Another sampled paper']);
    expect(user!.content).toMatch(
      /^Distinctive keywords of the cluster: neural machine translation, bilingual$/m,
    );
    expect(user!.content.indexOf('<representatives>')).toBeLessThan(user!.content.indexOf('<titles>'));
    expect(user!.content).not.toMatch(/\{\w+\}|never shown/);
  });

  it('keeps placeholder-like text of a title as it is, and accepts custom templates with or without {representatives}', () => {
    const input = {
      representatives: ['A {keywords} survey'],
      titles: ['Plain <b>title</b>'],
      keywords: ['k1'],
      abstracts: [],
    };
    const [, old] = renderLabelPrompt('Titles:\n{titles}\nKeywords: {keywords}', input);
    expect(old!.content).toBe('Titles:\n- Plain b title /b\nKeywords: k1');
    const [, reps] = renderLabelPrompt('Central: {representatives}', input);
    expect(reps!.content).toBe('Central: - A {keywords} survey');
    expect(validatePrompt('Central: {representatives}')).toBeNull();
    expect(validatePrompt('nothing to fill')).toMatch(/must contain/);
  });

  it('is what labelTopics sends: each cluster with its representative titles, sampled titles and keyphrases', async () => {
    const store = ProjectStore.open(':memory:');
    try {
      const { runId } = addTopicCorpus(store, { perTopic: 20, noise: 5 });
      const calls: ChatRequest[] = [];
      const model: ChatModel = {
        provider: 'openai',
        model: 'fake',
        baseUrl: null,
        complete(req) {
          calls.push(req);
          return Promise.resolve({
            text: `{"label": "Topic ${calls.length}"}`,
            inputTokens: 1,
            outputTokens: 1,
          });
        },
      };
      await labelTopics(store, { model, concurrency: 1 }, stageContext({ random: seededRandom(1) }));
      const title = store.db.prepare('SELECT title FROM documents WHERE id = ?').pluck();
      const topics = getTopics(store.db, runId);
      expect(topics).toHaveLength(5);
      for (const [i, t] of topics.entries()) {
        const user = calls[i]!.messages[1]!.content;
        const p = t.provenance as { representativeDocumentIds: number[]; sampledDocumentIds: number[] };
        expect(p.representativeDocumentIds.length).toBeGreaterThan(0);
        expect(block(user, 'representatives')).toEqual(
          p.representativeDocumentIds.map((id) => title.get(id)),
        );
        expect(block(user, 'titles')).toEqual(p.sampledDocumentIds.map((id) => title.get(id)));
        expect(user).toContain(
          `Distinctive keywords of the cluster: ${t.keyphrases
            .slice(0, 10)
            .map((k) => k.term)
            .join(', ')}`,
        );
      }
    } finally {
      store.close();
    }
  });
});
