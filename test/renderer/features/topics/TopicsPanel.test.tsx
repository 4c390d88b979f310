// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TopicsPanel } from '../../../../src/renderer/features/topics/TopicsPanel';
import { listMoveTarget } from '../../../../src/renderer/features/topics/list-keys';
import { cleanup, click, fakeEngine, press, render, topic } from '../../../support/react-dom';

// Sorted by size, biggest first: 5, 2, 9.
const topics = [topic(2, 40, 'Peer feedback'), topic(5, 90, 'Dashboards'), topic(9, 10, 'Scripts')];

function engine() {
  return fakeEngine({
    'topics:list': () => ({ runId: 3, topics }),
    'topics:rename': ({ clusterId, label }) => ({
      ...topics.find((t) => t.clusterId === clusterId)!,
      label,
      source: 'human',
    }),
  });
}

const row = (clusterId: number) => document.querySelector<HTMLElement>(`tr[data-cluster-id="${clusterId}"]`)!;
const tabStops = () =>
  Array.from(document.querySelectorAll<HTMLElement>('tbody tr[tabindex="0"]')).map(
    (r) => r.dataset.clusterId,
  );

afterEach(cleanup);

describe('TopicsPanel with the keyboard', () => {
  it('has one row in the Tab order, arrows move it, Enter selects', async () => {
    const { api } = engine();
    const onSelectTopic = vi.fn();
    await render(<TopicsPanel api={api} onSelectTopic={onSelectTopic} />);
    expect(document.querySelector('table')?.getAttribute('role')).toBe('grid');
    expect(tabStops()).toEqual(['5']);

    row(5).focus();
    await press('ArrowDown');
    expect(document.activeElement).toBe(row(2));
    expect(tabStops()).toEqual(['2']);
    await press('ArrowDown');
    await press('ArrowDown'); // stays on the last row
    expect(document.activeElement).toBe(row(9));
    await press('Home');
    expect(document.activeElement).toBe(row(5));
    await press('End');
    await press('ArrowUp');
    expect(document.activeElement).toBe(row(2));
    expect(onSelectTopic).not.toHaveBeenCalled();

    await press('Enter');
    expect(onSelectTopic).toHaveBeenCalledWith(2);
  });

  it('F2 renames the focused row inline; Enter saves and focus returns to the row', async () => {
    const { api, callsTo } = engine();
    await render(<TopicsPanel api={api} />);
    row(5).focus();
    await press('ArrowDown');
    await press('F2');
    const input = row(2).querySelector('input')!;
    expect(input).not.toBeNull();
    expect(document.activeElement).toBe(input);
    expect(input.value).toBe('Peer feedback');
    input.value = 'Peer assessment';
    await press('Enter', { target: input });
    expect(callsTo('topics:rename')).toEqual([{ runId: 3, clusterId: 2, label: 'Peer assessment' }]);
    expect(row(2).textContent).toContain('Peer assessment');
    expect(document.activeElement).toBe(row(2));
  });

  it('a click makes the row the Tab stop', async () => {
    const { api } = engine();
    await render(<TopicsPanel api={api} selectedClusterId={9} />);
    expect(tabStops()).toEqual(['9']);
    // A click in a browser focuses the row too.
    await click(row(2));
    await act(async () => row(2).focus());
    expect(tabStops()).toEqual(['2']);
  });
});

describe('listMoveTarget', () => {
  it('moves within the list and reports no move at the ends', () => {
    const ids = [5, 2, 9];
    expect(listMoveTarget(ids, 5, 'ArrowDown')).toBe(2);
    expect(listMoveTarget(ids, 9, 'ArrowDown')).toBeNull();
    expect(listMoveTarget(ids, 5, 'ArrowUp')).toBeNull();
    expect(listMoveTarget(ids, 5, 'End')).toBe(9);
    expect(listMoveTarget(ids, 9, 'PageUp', 10)).toBe(5);
    expect(listMoveTarget(ids, null, 'ArrowDown')).toBe(5);
    expect(listMoveTarget(ids, 5, 'x')).toBeNull();
    expect(listMoveTarget([], null, 'ArrowDown')).toBeNull();
  });
});

describe('TopicsPanel content', () => {
  it('shows each topic’s sample titles under its keyphrases, and nothing for a topic without them', async () => {
    const withTitles = [
      {
        ...topic(5, 90, 'Dashboards'),
        sampleTitles: ['Learning analytics dashboards', 'Teacher-facing views'],
      },
      topic(2, 40, 'Peer feedback'),
    ];
    const { api } = fakeEngine({ 'topics:list': () => ({ runId: 3, topics: withTitles }) });
    await render(<TopicsPanel api={api} />);
    const list = document.querySelector('[aria-label="Sample titles of topic 5"]');
    expect(Array.from(list!.querySelectorAll('li')).map((li) => li.textContent)).toEqual([
      'Learning analytics dashboards',
      'Teacher-facing views',
    ]);
    expect(document.querySelector('[aria-label="Sample titles of topic 2"]')).toBeNull();
  });
});
