import { describe, expect, it } from 'vitest';
import type { TopicView } from '../../../../src/shared/contract';
import {
  ariaSort,
  defaultTopicSort,
  filterTopics,
  inlineEditAction,
  labelToSave,
  sortTopics,
  toggleSort,
} from '../../../../src/renderer/features/topics/topic-list';

const topic = (clusterId: number, size: number, label: string, keyphrases: string[] = []): TopicView => ({
  runId: 1,
  clusterId,
  size,
  core: size,
  assigned: 0,
  label,
  description: null,
  source: 'keywords',
  locked: false,
  keyphrases,
});

const topics = [
  topic(0, 120, 'machine translation', ['nmt', 'bleu']),
  topic(1, 300, 'Speech recognition', ['asr']),
  topic(2, 120, 'dialogue systems'),
  topic(3, 45, 'Named entities', ['ner']),
];

describe('sortTopics', () => {
  it('puts the biggest topics first by default, ties by cluster id', () => {
    expect(sortTopics(topics, defaultTopicSort).map((t) => t.clusterId)).toEqual([1, 0, 2, 3]);
  });

  it('sorts labels case-insensitively in both directions', () => {
    expect(sortTopics(topics, { key: 'label', direction: 'asc' }).map((t) => t.clusterId)).toEqual([
      2, 0, 3, 1,
    ]);
    expect(sortTopics(topics, { key: 'label', direction: 'desc' }).map((t) => t.clusterId)).toEqual([
      1, 3, 0, 2,
    ]);
  });

  it('leaves its input untouched', () => {
    const copy = [...topics];
    sortTopics(topics, { key: 'clusterId', direction: 'desc' });
    expect(topics).toEqual(copy);
  });
});

describe('toggleSort and ariaSort', () => {
  it('flips the active column and starts a new one in its natural direction', () => {
    expect(toggleSort(defaultTopicSort, 'size')).toEqual({ key: 'size', direction: 'asc' });
    expect(toggleSort(defaultTopicSort, 'label')).toEqual({ key: 'label', direction: 'asc' });
    expect(toggleSort({ key: 'label', direction: 'asc' }, 'size')).toEqual({
      key: 'size',
      direction: 'desc',
    });
  });

  it('reports the sort only on the active column', () => {
    expect(ariaSort(defaultTopicSort, 'size')).toBe('descending');
    expect(ariaSort(defaultTopicSort, 'label')).toBe('none');
  });
});

describe('inline editing', () => {
  it('saves on Enter and cancels on Escape', () => {
    expect(inlineEditAction('Enter')).toBe('save');
    expect(inlineEditAction('Escape')).toBe('cancel');
    expect(inlineEditAction('a')).toBeNull();
  });

  it('sends a trimmed label only when it changes something', () => {
    expect(labelToSave('  Parsing ', 'Syntax')).toBe('Parsing');
    expect(labelToSave('Syntax ', 'Syntax')).toBeNull();
    expect(labelToSave('   ', 'Syntax')).toBeNull();
  });
});

describe('filterTopics', () => {
  it('matches labels and keyphrases regardless of case', () => {
    expect(filterTopics(topics, 'SPEECH').map((t) => t.clusterId)).toEqual([1]);
    expect(filterTopics(topics, 'bleu').map((t) => t.clusterId)).toEqual([0]);
    expect(filterTopics(topics, ' ')).toHaveLength(4);
  });
});
