import { describe, expect, it } from 'vitest';
import type { TopicView } from '../../../src/shared/contract';
import { namedAs } from '../../../src/renderer/state/TopicLabelsProvider';

const topic = (over: Partial<TopicView>): TopicView => ({
  runId: 3,
  clusterId: 7,
  size: 40,
  core: 30,
  assigned: 10,
  label: 'Parsing',
  description: null,
  source: 'keywords',
  locked: false,
  keyphrases: ['parser'],
  sampleTitles: ['A parser'],
  ...over,
});

describe('the shared topic names', () => {
  it('give a loaded topic its current name, lock and source, and keep its own sizes and titles', () => {
    // The shared copy was answered by a rename before a move grew the topic.
    const shared = topic({
      label: 'Dependency Parsing',
      locked: true,
      source: 'human',
      size: 35,
      sampleTitles: undefined,
    });
    expect(namedAs(topic({}), shared)).toEqual(
      topic({ label: 'Dependency Parsing', locked: true, source: 'human' }),
    );
    expect(namedAs(topic({}), undefined)).toEqual(topic({}));
  });
});
