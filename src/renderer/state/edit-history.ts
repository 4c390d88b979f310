import type { HistoryState } from '../../shared/commands';

// The curator's edits in one history, whichever panel made them: a topic's label or lock, the taxonomy
// tree, documents moved between topics. The engine keeps the history in the project; this module is
// what the buttons say and the key rules, without React.

/** Button titles and menu text: 'Undo rename “Speech”'; null when there is nothing to undo. */
export const undoText = (state: HistoryState): string | null =>
  state.undo ? `Undo ${state.undo.label}` : null;
export const redoText = (state: HistoryState): string | null =>
  state.redo ? `Redo ${state.redo.label}` : null;

export const emptyHistory: HistoryState = { undo: null, redo: null };

export type KeyChord = {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
};

/** Ctrl/Cmd+Z undoes; Ctrl/Cmd+Shift+Z and Ctrl+Y redo. */
export function historyShortcut(e: KeyChord): 'undo' | 'redo' | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && e.ctrlKey && !e.shiftKey) return 'redo';
  return null;
}

/** Input types with no text in them: a checkbox or a button has no undo of its own to lose. */
const TEXTLESS_INPUTS = new Set([
  'checkbox',
  'radio',
  'button',
  'submit',
  'reset',
  'range',
  'color',
  'file',
  'image',
]);

/**
 * Whether the focused element keeps its own undo (text fields: typing is undone there, natively), so
 * the edit history must leave the key alone.
 */
export function ownsTextUndo(
  el: { tagName?: string; isContentEditable?: boolean; type?: string } | null | undefined,
): boolean {
  if (!el) return false;
  if (el.isContentEditable) return true;
  const tag = (el.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA') return true;
  return tag === 'INPUT' && !TEXTLESS_INPUTS.has((el.type ?? 'text').toLowerCase());
}

export { quoted } from '../../shared/commands';
