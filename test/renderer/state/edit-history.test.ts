import { describe, expect, it } from 'vitest';
import type { EditEntry } from '../../../src/renderer/state/edit-history';
import {
  afterRedo,
  afterUndo,
  emptyStack,
  historyShortcut,
  nextRedo,
  nextUndo,
  ownsTextUndo,
  pushEdit,
  quoted,
  redoText,
  undoText,
} from '../../../src/renderer/state/edit-history';

const entry = (label: string): EditEntry => ({ label, undo: async () => {}, redo: async () => {} });

describe('the edit stack', () => {
  it('undoes the newest edit first and redoes the newest undone first', () => {
    const [a, b, c] = [entry('rename “A”'), entry('move a document'), entry('delete “C”')];
    let s = pushEdit(pushEdit(pushEdit(emptyStack, a), b), c);
    expect(nextUndo(s)).toBe(c);
    expect(undoText(s)).toBe('Undo delete “C”');
    expect(redoText(s)).toBeNull();
    s = afterUndo(s, c);
    s = afterUndo(s, nextUndo(s)!);
    expect(nextUndo(s)).toBe(a);
    expect(nextRedo(s)).toBe(b);
    expect(redoText(s)).toBe('Redo move a document');
    s = afterRedo(s, b);
    expect(nextUndo(s)).toBe(b);
    expect(nextRedo(s)).toBe(c);
  });

  it('drops what was undone when a new edit is made', () => {
    const [a, b, c] = [entry('a'), entry('b'), entry('c')];
    let s = afterUndo(pushEdit(pushEdit(emptyStack, a), b), b);
    s = pushEdit(s, c);
    expect(s.done).toEqual([a, c]);
    expect(nextRedo(s)).toBeNull();
  });

  it('keeps an edit pushed while an undo was on its way', () => {
    const [a, b] = [entry('a'), entry('b')];
    // a's undo started; b was pushed before it finished.
    const s = afterUndo(pushEdit(pushEdit(emptyStack, a), b), a);
    expect(s.done).toEqual([b]);
    expect(s.undone).toEqual([a]);
    // An entry no longer in the stack leaves it as it is.
    expect(afterUndo(s, entry('gone'))).toBe(s);
    expect(afterRedo(s, entry('gone'))).toBe(s);
  });

  it('forgets the oldest edits past its limit', () => {
    let s = emptyStack;
    const all = Array.from({ length: 5 }, (_, i) => entry(String(i)));
    for (const e of all) s = pushEdit(s, e, 3);
    expect(s.done.map((e) => e.label)).toEqual(['2', '3', '4']);
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
