import { describe, expect, it } from 'vitest';
import { regenerateNote } from '../../../../src/renderer/features/topics/topic-list';

describe('the note after regenerating a label', () => {
  const base = { topic: { clusterId: 4, label: 'Speech Recognition' }, model: null, fallback: null };
  it('names the provider and model of an LLM label', () => {
    expect(regenerateNote({ ...base, provider: 'openai', model: 'gpt-4o' })).toEqual({
      tone: 'info',
      text: 'Relabelled by openai (gpt-4o): topic 4 is now “Speech Recognition”.',
    });
  });
  it('says a keyword label was asked for', () => {
    expect(regenerateNote({ ...base, provider: 'keywords' }).text).toBe(
      'Relabelled from keyphrases: topic 4 is now “Speech Recognition”.',
    );
  });
  it('warns when it fell back to keywords, with the reason', () => {
    const note = regenerateNote({ ...base, provider: 'keywords', fallback: 'no API key for mistral' });
    expect(note.tone).toBe('warning');
    expect(note.text).toMatch(/^Keyword label used \(no API key for mistral\): topic 4/);
  });
});
