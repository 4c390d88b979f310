// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { CurationProviders } from '../../../../src/renderer/state/CurationProviders';
import { TopicsPanel } from '../../../../src/renderer/features/topics/TopicsPanel';
import {
  moveTargets,
  reviewSummary,
  strengthText,
} from '../../../../src/renderer/features/topics/assigned-review';
import {
  button,
  cleanup,
  click,
  fakeEngine,
  press,
  render,
  topic,
  withHistory,
} from '../../../support/react-dom';

const topics = [topic(2, 40, 'Peer feedback', 6), topic(5, 90, 'Dashboards', 3), topic(9, 10, 'Scripts')];
const documents = [
  { id: 31, title: 'A weak fit', year: 2019, strength: 0.12 },
  { id: 32, title: 'A fair fit', year: null, strength: 0.4 },
  { id: 33, title: 'Placed by hand', year: 2021, strength: null },
];
const moved = { runId: 3, moved: 1, sizes: [], canUndo: true, canRedo: false };

function engine() {
  return fakeEngine(
    withHistory(
      {
        'topics:list': () => ({ runId: 3, topics }),
        'topics:assigned-documents': ({ clusterId }) => ({ runId: 3, clusterId, total: 3, documents }),
        'topics:move-documents': ({ documentIds }) => ({
          ...moved,
          moved: (documentIds as number[]).length,
        }),
      },
      {
        'topics:move-documents': (_, r) =>
          (r as typeof moved).moved > 0 ? { label: 'move documents', undo: () => {}, redo: () => {} } : null,
      },
    ),
  );
}

const review = () => document.querySelector<HTMLElement>('[data-testid="assigned-review"]');
const rowOf = (id: number) => document.querySelector<HTMLElement>(`[data-testid="assigned-${id}"]`)!;

async function choose(select: HTMLSelectElement, value: string) {
  await act(async () => {
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

afterEach(cleanup);

describe('TopicsPanel counts', () => {
  it('shows core and assigned counts, and sorts by the assigned column', async () => {
    const { api } = engine();
    await render(
      <CurationProviders api={api}>
        <TopicsPanel api={api} />
      </CurationProviders>,
    );
    const cell = (id: number, col: string) => document.querySelector(`tr[data-cluster-id="${id}"] .${col}`)!;
    expect(cell(2, 'col-size').textContent).toBe('40');
    expect(cell(2, 'col-assigned').textContent).toBe('+6');
    expect(cell(9, 'col-assigned').textContent).toBe('0');
    expect(cell(2, 'col-size').getAttribute('title')).toMatch(/^34 core .* \+ 6 assigned/);
    await click(button(document, /^Assigned/));
    const order = Array.from(document.querySelectorAll<HTMLElement>('tbody tr')).map(
      (r) => r.dataset.clusterId,
    );
    expect(order).toEqual(['2', '5', '9']);
  });
});

describe('reviewing a topic’s assigned documents', () => {
  it('opens from the selected topic, lists weakest first, moves, sets unplaced and undoes with Ctrl+Z', async () => {
    const { api, callsTo } = engine();
    let changed = 0;
    await render(
      <CurationProviders api={api}>
        <TopicsPanel api={api} selectedClusterId={2} onDataChanged={() => changed++} />
      </CurationProviders>,
    );
    expect(review()).toBeNull();
    await click(button(document, 'Review assigned (6)'));
    expect(callsTo('topics:assigned-documents')).toEqual([{ runId: 3, clusterId: 2, offset: 0, limit: 200 }]);
    const rows = Array.from(review()!.querySelectorAll('tbody tr'));
    expect(rows.map((r) => r.querySelector('.col-title')!.textContent)).toEqual([
      'A weak fit',
      'A fair fit',
      'Placed by hand',
    ]);
    expect(rowOf(31).querySelector('.col-strength')!.textContent).toBe('0.12');
    expect(rowOf(32).querySelector('.col-year')!.textContent).toBe('—');
    expect(rowOf(33).querySelector('.col-strength')!.textContent).toBe('—');

    // The picker offers every other topic; a row's Move waits for a choice.
    const picker = review()!.querySelector<HTMLSelectElement>('select[aria-label="Move to topic"]')!;
    expect(Array.from(picker.options).map((o) => o.value)).toEqual(['', '5', '9']);
    const moveRow = button(rowOf(31), 'Move “A weak fit” to the chosen topic');
    expect(moveRow.disabled).toBe(true);
    await choose(picker, '5');
    await click(moveRow);
    expect(callsTo('topics:move-documents')).toEqual([{ runId: 3, documentIds: [31], clusterId: 5 }]);
    expect(review()!.querySelector('[data-testid="assigned-review-note"]')!.textContent).toBe(
      'Moved 1 document to “Dashboards”.',
    );
    expect(changed).toBe(1);

    // Tick two and set them unplaced.
    for (const id of [32, 33]) await click(rowOf(id).querySelector('input[type="checkbox"]'));
    await click(button(review()!, 'Set ticked unplaced'));
    expect(callsTo('topics:move-documents')[1]).toEqual({ runId: 3, documentIds: [32, 33], clusterId: -1 });
    expect(review()!.textContent).toContain('Set 2 documents unplaced.');

    // Ctrl+Z with the list focused undoes; the button does too.
    const list = review()!.querySelector<HTMLElement>('[data-testid="assigned-list"]')!;
    list.focus();
    await press('z', { target: list, ctrlKey: true });
    expect(callsTo('history:undo')).toHaveLength(1);
    expect(review()!.textContent).toContain('Undid the move of 2 documents.');
    await press('z', { target: list, ctrlKey: true, shiftKey: true });
    expect(callsTo('history:redo')).toHaveLength(1);
    await click(button(review()!, 'Undo'));
    expect(callsTo('history:undo')).toHaveLength(2);
    expect(changed).toBe(5);

    await click(button(review()!, 'Close the review'));
    expect(review()).toBeNull();
  });

  it('offers no review for a topic without assigned documents', async () => {
    const { api } = engine();
    await render(
      <CurationProviders api={api}>
        <TopicsPanel api={api} selectedClusterId={9} />
      </CurationProviders>,
    );
    expect(button(document, 'Review assigned (0)').disabled).toBe(true);
  });
});

describe('review texts', () => {
  it('words moves, undos and strengths', () => {
    expect(reviewSummary({ action: 'move', moved: 3, target: 'Dashboards' })).toBe(
      'Moved 3 documents to “Dashboards”.',
    );
    expect(reviewSummary({ action: 'move', moved: 1, target: null })).toBe('Set 1 document unplaced.');
    expect(reviewSummary({ action: 'move', moved: 0, target: null })).toMatch(/already unplaced/);
    expect(reviewSummary({ action: 'undo', moved: 0 })).toBe('Nothing to undo.');
    expect(reviewSummary({ action: 'redo', moved: 2 })).toBe('Moved 2 documents again.');
    expect(strengthText(0.456)).toBe('0.46');
    expect(strengthText(null)).toBe('—');
    expect(moveTargets(topics, 5).map((t) => t.label)).toEqual(['Peer feedback', 'Scripts']);
  });
});
