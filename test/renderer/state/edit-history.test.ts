import { describe, expect, it } from 'vitest';
import {
  emptyHistory,
  historyShortcut,
  ownsTextUndo,
  quoted,
  redoText,
  undoText,
} from '../../../src/renderer/state/edit-history';

const entry = (id: number, label: string) => ({ id, kind: 'topic-rename', label, at: '2026-01-01' });

// The order of undo and redo is the engine's (test/engine/history): here, what the buttons say.
describe('the history as the buttons name it', () => {
  it('names what undo and redo take next, or nothing', () => {
    expect(undoText(emptyHistory)).toBeNull();
    expect(redoText(emptyHistory)).toBeNull();
    const state = { undo: entry(3, 'delete “C”'), redo: entry(4, 'move a document') };
    expect(undoText(state)).toBe('Undo delete “C”');
    expect(redoText(state)).toBe('Redo move a document');
  });
});

describe('the keys', () => {
  const chord = (
    key: string,
    mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>>,
  ) => ({
    key,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  });

  it('undoes with Ctrl+Z or Cmd+Z and redoes with Shift added or Ctrl+Y', () => {
    expect(historyShortcut(chord('z', { ctrlKey: true }))).toBe('undo');
    expect(historyShortcut(chord('z', { metaKey: true }))).toBe('undo');
    expect(historyShortcut(chord('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(historyShortcut(chord('Z', { metaKey: true, shiftKey: true }))).toBe('redo');
    expect(historyShortcut(chord('y', { ctrlKey: true }))).toBe('redo');
    expect(historyShortcut(chord('z', {}))).toBeNull();
    expect(historyShortcut(chord('z', { ctrlKey: true, altKey: true }))).toBeNull();
  });

  it('leaves text fields their own undo, but not checkboxes or buttons', () => {
    expect(ownsTextUndo({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(ownsTextUndo({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(ownsTextUndo({ tagName: 'TEXTAREA' })).toBe(true);
    expect(ownsTextUndo({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(ownsTextUndo({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(ownsTextUndo({ tagName: 'BUTTON' })).toBe(false);
    expect(ownsTextUndo({ tagName: 'SELECT' })).toBe(false);
    expect(ownsTextUndo(null)).toBe(false);
  });

  it('quotes names, shortening long ones', () => {
    expect(quoted('Speech')).toBe('“Speech”');
    expect(quoted('x'.repeat(80), 10)).toBe(`“${'x'.repeat(9)}…”`);
  });
});
