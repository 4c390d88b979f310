// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { TopicView } from '../../../src/shared/contract';
import { TopicsPanel } from '../../../src/renderer/features/topics/TopicsPanel';
import { CurationProviders } from '../../../src/renderer/state/CurationProviders';
import { cleanup, click, fakeEngine, press, render, topic, withHistory } from '../../support/react-dom';

/** An engine that keeps its topics: renames lock, as the real one does. */
function engine() {
  const topics = new Map<number, TopicView>(
    [topic(2, 40, 'Peer feedback'), topic(5, 90, 'Dashboards')].map((t) => [t.clusterId, t]),
  );
  // The topic as it was before the last edit: the history's undo puts it back whole.
  let before: TopicView | undefined;
  const change = (clusterId: number, edit: Partial<TopicView>) => {
    before = topics.get(clusterId)!;
    const next = { ...before, ...edit };
    topics.set(clusterId, next);
    return next;
  };
  const edit = (_: unknown, after: unknown) => {
    const [was, now] = [before!, after as TopicView];
    return {
      label: `edit “${was.label}”`,
      undo: () => topics.set(was.clusterId, was),
      redo: () => topics.set(now.clusterId, now),
    };
  };
  return fakeEngine(
    withHistory(
      {
        'topics:list': () => ({ runId: 3, topics: [...topics.values()] }),
        'topics:rename': ({ clusterId, label }) =>
          change(clusterId as number, { label: label as string, source: 'human', locked: true }),
        'topics:lock': ({ clusterId, locked }) => change(clusterId as number, { locked: locked as boolean }),
      },
      { 'topics:rename': edit, 'topics:lock': edit },
    ),
  );
}

const row = (clusterId: number) => document.querySelector<HTMLElement>(`tr[data-cluster-id="${clusterId}"]`)!;
const labelIn = (clusterId: number) => row(clusterId).querySelector('.label-text')!.textContent;
const lockButton = (clusterId: number) =>
  row(clusterId).querySelector<HTMLButtonElement>('.col-lock button')!;

afterEach(cleanup);

describe('a topic rename in the shared history', () => {
  it('says it locked the label, and Ctrl+Z outside a text field puts name and lock back; Ctrl+Y redoes', async () => {
    const { api, callsTo } = engine();
    await render(
      <CurationProviders api={api}>
        <TopicsPanel api={api} />
      </CurationProviders>,
    );
    expect(row(2).querySelector('.badge-locked')).toBeNull();
    await click(row(2).querySelector('button[aria-label="Rename topic 2"]'));
    const input = row(2).querySelector('input')!;
    input.value = 'Feedback between peers';
    await press('Enter', { target: input });

    expect(labelIn(2)).toBe('Feedback between peers');
    expect(row(2).querySelector('.badge-locked')?.getAttribute('title')).toBe(
      'Locked: relabelling keeps this label',
    );
    expect(lockButton(2).getAttribute('aria-pressed')).toBe('true');
    expect(document.querySelector('[data-testid="topic-edit-note"]')?.textContent).toMatch(
      /^Renamed “Peer feedback” to “Feedback between peers” and locked it/,
    );

    // In the filter box the key is the box's own.
    const filter = document.querySelector<HTMLInputElement>('input[type="search"]')!;
    await press('z', { target: filter, ctrlKey: true });
    expect(callsTo('topics:rename')).toHaveLength(1);

    await press('z', { target: document.body, ctrlKey: true });
    // The engine's history undoes it: name, lock and source come back together.
    expect(callsTo('history:undo')).toHaveLength(1);
    expect(callsTo('topics:rename')).toHaveLength(1);
    expect(labelIn(2)).toBe('Peer feedback');
    expect(row(2).querySelector('.badge-locked')).toBeNull();
    expect(lockButton(2).getAttribute('aria-pressed')).toBe('false');

    await press('y', { target: document.body, ctrlKey: true });
    expect(labelIn(2)).toBe('Feedback between peers');
    expect(lockButton(2).getAttribute('aria-pressed')).toBe('true');
  });

  it('undoes a lock toggle with the rest', async () => {
    const { api } = engine();
    await render(
      <CurationProviders api={api}>
        <TopicsPanel api={api} />
      </CurationProviders>,
    );
    await click(lockButton(5));
    expect(lockButton(5).getAttribute('aria-pressed')).toBe('true');
    await press('z', { target: document.body, metaKey: true });
    expect(lockButton(5).getAttribute('aria-pressed')).toBe('false');
  });
});
