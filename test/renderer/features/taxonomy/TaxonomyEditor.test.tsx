// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CurationProviders } from '../../../../src/renderer/state/CurationProviders';
import { TaxonomyEditor } from '../../../../src/renderer/features/taxonomy/TaxonomyEditor';
import { neighbourAfterDelete, treeKeyAction } from '../../../../src/renderer/features/taxonomy/tree-keys';
import { visibleRows } from '../../../../src/renderer/features/taxonomy/tree-model';
import type { TaxonomyViewWire } from '../../../../src/shared/contract';
import {
  button,
  cleanup,
  click,
  fakeEngine,
  press,
  render,
  taxonomyView,
  withHistory,
} from '../../../support/react-dom';

/** An engine holding one taxonomy with a real-enough history: every edit can be undone and redone. */
function engine() {
  let view = taxonomyView();
  const undoStack: TaxonomyViewWire[] = [];
  const redoStack: TaxonomyViewWire[] = [];
  const withUndo = (v: TaxonomyViewWire) => ({
    ...v,
    canUndo: undoStack.length > 0,
    canRedo: redoStack.length > 0,
  });
  const handlers: Parameters<typeof withHistory>[0] = {
    'taxonomy:get': () => withUndo(view),
    'taxonomy:edit': ({ command }) => {
      const { name, args } = command as { name: string; args: Record<string, unknown> };
      undoStack.push(view);
      redoStack.length = 0;
      if (name === 'rename')
        view = {
          ...view,
          nodes: view.nodes.map((n) => (n.id === args.nodeId ? { ...n, label: String(args.label) } : n)),
        };
      else if (name === 'delete') {
        const gone = view.nodes.find((n) => n.id === args.nodeId)!;
        view = {
          ...view,
          nodes: view.nodes
            .filter((n) => n.id !== gone.id)
            .map((n) => (n.parentId === gone.id ? { ...n, parentId: gone.parentId, depth: n.depth - 1 } : n)),
        };
      }
      return withUndo(view);
    },
    'taxonomy:undo': () => {
      const prev = undoStack.pop();
      if (prev) {
        redoStack.push(view);
        view = prev;
      }
      return withUndo(view);
    },
    'taxonomy:redo': () => {
      const next = redoStack.pop();
      if (next) {
        undoStack.push(view);
        view = next;
      }
      return withUndo(view);
    },
    'taxonomy:export': ({ format }) => ({ format, text: `. Learning analytics (${String(format)})\n` }),
    'files:save-text': () => ({ path: null }),
  };
  const fake = fakeEngine(
    withHistory(handlers, {
      'taxonomy:edit': ({ command }) => ({
        label: (command as { name: string }).name,
        undo: () => handlers['taxonomy:undo']!({ taxonomyId: 7 }),
        redo: () => handlers['taxonomy:redo']!({ taxonomyId: 7 }),
      }),
    }),
  );
  return { ...fake, current: () => view };
}

const item = (id: number) => document.querySelector<HTMLElement>(`[role="treeitem"][data-node-id="${id}"]`)!;
const labels = () => Array.from(document.querySelectorAll('.tree-label')).map((l) => l.textContent);

afterEach(cleanup);

describe('TaxonomyEditor with the keyboard', () => {
  it('moves with the arrows, collapses and expands, and goes to the parent', async () => {
    const { api } = engine();
    const onSelectNode = vi.fn();
    await render(
      <CurationProviders api={api}>
        <TaxonomyEditor api={api} onSelectNode={onSelectNode} />
      </CurationProviders>,
    );
    expect(document.querySelector('[role="tree"]')).not.toBeNull();
    // One tab stop: the first row until something is selected.
    expect(Array.from(document.querySelectorAll('[role="treeitem"][tabindex="0"]'))).toEqual([item(1)]);

    item(1).focus();
    await press('ArrowDown');
    expect(document.activeElement).toBe(item(2));
    expect(item(2).getAttribute('aria-selected')).toBe('true');
    expect(item(2).tabIndex).toBe(0);
    expect(item(1).tabIndex).toBe(-1);

    await press('ArrowLeft'); // a leaf: to its parent
    expect(document.activeElement).toBe(item(1));
    await press('ArrowLeft'); // open: collapse
    expect(item(1).getAttribute('aria-expanded')).toBe('false');
    expect(labels()).toEqual(['Learning analytics', 'Collaboration scripts']);
    await press('ArrowDown');
    expect(document.activeElement).toBe(item(4));
    await press('ArrowUp');
    await press('ArrowRight'); // closed: expand
    expect(item(1).getAttribute('aria-expanded')).toBe('true');
    await press('ArrowRight'); // open: first child
    expect(document.activeElement).toBe(item(2));

    onSelectNode.mockClear();
    await press('Enter');
    expect(onSelectNode).toHaveBeenCalledWith(expect.objectContaining({ id: 2 }));
  });

  it('F2 renames the focused node; Ctrl+Z and Shift+Ctrl+Z ask the engine’s history to undo and redo', async () => {
    const { api, callsTo, current } = engine();
    await render(
      <CurationProviders api={api}>
        <TaxonomyEditor api={api} />
      </CurationProviders>,
    );
    item(1).focus();
    await press('ArrowDown');
    await press('F2');
    const input = item(2).querySelector('input')!;
    expect(document.activeElement).toBe(input);
    input.value = 'Learning dashboards';
    await press('Enter', { target: input });
    expect(callsTo('taxonomy:edit')).toEqual([
      { taxonomyId: 7, command: { name: 'rename', args: { nodeId: 2, label: 'Learning dashboards' } } },
    ]);
    expect(labels()).toContain('Learning dashboards');

    await press('z', { target: item(2), ctrlKey: true });
    expect(callsTo('history:undo')).toHaveLength(1);
    expect(labels()).toContain('Dashboards');
    await press('z', { target: item(2), ctrlKey: true, shiftKey: true });
    expect(callsTo('history:redo')).toHaveLength(1);
    expect(labels()).toContain('Learning dashboards');
    expect(current().nodes.find((n) => n.id === 2)?.label).toBe('Learning dashboards');
  });

  it('Delete deletes the focused node, says how to undo, and moves focus on', async () => {
    const { api, callsTo } = engine();
    await render(
      <CurationProviders api={api}>
        <TaxonomyEditor api={api} />
      </CurationProviders>,
    );
    item(1).focus();
    await press('ArrowDown');
    await press('Delete');
    expect(callsTo('taxonomy:edit')).toEqual([
      { taxonomyId: 7, command: { name: 'delete', args: { nodeId: 2 } } },
    ]);
    expect(labels()).not.toContain('Dashboards');
    expect(document.querySelector('[role="status"]')?.textContent).toContain('Deleted “Dashboards”');
    expect(document.activeElement).toBe(item(3));
    expect(button(document.body, '↶ Undo').disabled).toBe(false);
    await click(button(document.body, '↶ Undo'));
    expect(labels()).toContain('Dashboards');
    expect(document.querySelector('[role="status"]')).toBeNull();
  });

  it('opens the export dialog from its button and from the desktop menu', async () => {
    const { api, emit } = engine();
    await render(
      <CurationProviders api={api}>
        <TaxonomyEditor api={api} />
      </CurationProviders>,
    );
    const exportButton = button(document.body, 'Export…');
    exportButton.focus();
    await click(exportButton);
    const dialog = () => document.querySelector('[role="dialog"]');
    expect(dialog()?.textContent).toContain('. Learning analytics (outline)');
    await press('Escape');
    expect(dialog()).toBeNull();
    expect(document.activeElement).toBe(exportButton);

    await act(async () => emit('menu:command', { command: 'export' }));
    await press('Tab', { target: document.body }); // let the export answer arrive
    expect(dialog()?.textContent).toContain('Export “CSCL scheme”');
  });

  it('merges a node and chosen siblings into one target in one edit', async () => {
    const { api, callsTo } = engine();
    await render(
      <CurationProviders api={api}>
        <TaxonomyEditor api={api} />
      </CurationProviders>,
    );
    await click(item(2));
    await click(button(document.body, /^Merge into/));
    const form = document.querySelector<HTMLFormElement>('form[aria-label="Merge Dashboards"]')!;
    const target = form.querySelector<HTMLSelectElement>('select[aria-label="Merge target"]')!;
    // Its sibling can join; the other root cannot (not a sibling).
    const also = () => Array.from(form.querySelectorAll('.merge-also label')).map((l) => l.textContent);
    expect(also()).toEqual(['Discourse analysis (10)']);
    await act(async () => {
      target.value = '4';
      target.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await click(form.querySelector('.merge-also input'));
    const submit = button(form, 'Merge 2 nodes');
    expect(submit.disabled).toBe(false);
    await click(submit);
    expect(callsTo('taxonomy:edit').at(-1)).toEqual({
      taxonomyId: 7,
      command: { name: 'merge', args: { targetId: 4, sourceIds: [2, 3] } },
    });
  });

  it('says when the tree is the offline one because the model failed, and only then', async () => {
    const why = 'the model gave no usable taxonomy in 3 tries';
    const failed = fakeEngine({ 'taxonomy:get': () => taxonomyView({ fallback: why }) });
    await render(
      <CurationProviders api={failed.api}>
        <TaxonomyEditor api={failed.api} />
      </CurationProviders>,
    );
    expect(document.querySelector('[role="note"]')?.textContent).toBe(
      `The model could not organise the topics (${why}); this is the offline tree.`,
    );
    cleanup();
    await render(
      <CurationProviders api={engine().api}>
        <TaxonomyEditor api={engine().api} />
      </CurationProviders>,
    );
    expect(document.querySelector('[role="note"]')).toBeNull();
  });
});

describe('treeKeyAction', () => {
  const rows = visibleRows(taxonomyView().nodes, new Set());
  it('follows the tree view pattern', () => {
    expect(treeKeyAction(rows, null, new Set(), 'ArrowDown')).toEqual({ kind: 'focus', id: 1 });
    expect(treeKeyAction(rows, null, new Set(), 'End')).toEqual({ kind: 'focus', id: 4 });
    expect(treeKeyAction(rows, 1, new Set(), 'ArrowRight')).toEqual({ kind: 'focus', id: 2 });
    expect(treeKeyAction(rows, 1, new Set([1]), 'ArrowRight')).toEqual({ kind: 'expand', id: 1 });
    expect(treeKeyAction(rows, 1, new Set(), 'ArrowLeft')).toEqual({ kind: 'collapse', id: 1 });
    expect(treeKeyAction(rows, 3, new Set(), 'ArrowLeft')).toEqual({ kind: 'focus', id: 1 });
    expect(treeKeyAction(rows, 4, new Set(), 'ArrowLeft')).toBeNull();
    expect(treeKeyAction(rows, 4, new Set(), 'ArrowDown')).toBeNull();
    expect(treeKeyAction(rows, 3, new Set(), 'F2')).toEqual({ kind: 'rename', id: 3 });
    expect(treeKeyAction(rows, 3, new Set(), 'Delete')).toEqual({ kind: 'delete', id: 3 });
    expect(treeKeyAction([], null, new Set(), 'ArrowDown')).toBeNull();
  });
  it('picks the next row after a delete, else the previous', () => {
    expect(neighbourAfterDelete(rows, 2)).toBe(3);
    expect(neighbourAfterDelete(rows, 4)).toBe(3);
    expect(neighbourAfterDelete(rows, 99)).toBeNull();
  });
});
