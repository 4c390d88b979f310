// The curator's edits in one history, whichever panel made them: a topic's label or lock, the taxonomy
// tree, documents moved between topics. Each entry carries its own undo and redo (the engine requests
// that revert and replay it); this module is the stack and the key rules, without React.

/** One edit as undo and redo see it. `label` names it in a sentence: 'rename “Speech”'. */
export type EditEntry = {
  label: string;
  undo(): Promise<void>;
  redo(): Promise<void>;
};

/** `done`: oldest first, the last is what undo reverts; `undone`: the last is what redo replays. */
export type EditStack = { readonly done: readonly EditEntry[]; readonly undone: readonly EditEntry[] };

export const emptyStack: EditStack = { done: [], undone: [] };

/** How many edits undo reaches back: older ones drop off. */
export const HISTORY_LIMIT = 200;

/** A new edit: it goes on top, and what was undone can no longer be redone. */
export function pushEdit(stack: EditStack, entry: EditEntry, limit = HISTORY_LIMIT): EditStack {
  const done = [...stack.done, entry];
  return { done: done.length > limit ? done.slice(done.length - limit) : done, undone: [] };
}

export const nextUndo = (stack: EditStack): EditEntry | null => stack.done.at(-1) ?? null;
export const nextRedo = (stack: EditStack): EditEntry | null => stack.undone.at(-1) ?? null;

/**
 * The stack once `entry` has been undone. Found by identity, not position: an edit pushed while the
 * undo was on its way stays where it is.
 */
export function afterUndo(stack: EditStack, entry: EditEntry): EditStack {
  if (!stack.done.includes(entry)) return stack;
  return { done: stack.done.filter((e) => e !== entry), undone: [...stack.undone, entry] };
}

/** The stack once `entry` has been redone. */
export function afterRedo(stack: EditStack, entry: EditEntry): EditStack {
  if (!stack.undone.includes(entry)) return stack;
  return { done: [...stack.done, entry], undone: stack.undone.filter((e) => e !== entry) };
}

/** Button titles and menu text: 'Undo rename “Speech”'; null when there is nothing to undo. */
export const undoText = (stack: EditStack): string | null => {
  const e = nextUndo(stack);
  return e ? `Undo ${e.label}` : null;
};
export const redoText = (stack: EditStack): string | null => {
  const e = nextRedo(stack);
  return e ? `Redo ${e.label}` : null;
};

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

/** Typographic quotes around a name in an entry's label, shortened so a title stays readable. */
export function quoted(name: string, max = 60): string {
  const t = name.length > max ? `${name.slice(0, max - 1)}…` : name;
  return `“${t}”`;
}
