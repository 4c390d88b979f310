import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { TaxonomistApi } from '../../shared/api';
import type { EditEntry, EditStack } from './edit-history';
import {
  afterRedo,
  afterUndo,
  emptyStack,
  historyShortcut,
  nextRedo,
  nextUndo,
  ownsTextUndo,
  pushEdit,
  redoText,
  undoText,
} from './edit-history';

export type { EditEntry } from './edit-history';

export type EditHistory = {
  /** Records an edit that has just been made. */
  push(entry: EditEntry): void;
  /** Reverts the newest edit; resolves once it has (edits asked for in a row run one after another). */
  undo(): Promise<void>;
  redo(): Promise<void>;
  canUndo: boolean;
  canRedo: boolean;
  /** 'Undo rename “Speech”', for a button's title; null when there is nothing to undo. */
  undoLabel: string | null;
  redoLabel: string | null;
  /** The entries undo and redo would take next, so a panel can offer "Undo" only for its own edit. */
  undoEntry: EditEntry | null;
  redoEntry: EditEntry | null;
  /** An undo or redo is on its way. */
  busy: boolean;
  /** Why the last undo or redo failed (the entry stays where it was); null after one succeeds. */
  error: string | null;
};

const noHistory: EditHistory = {
  push: () => {},
  undo: async () => {},
  redo: async () => {},
  canUndo: false,
  canRedo: false,
  undoLabel: null,
  redoLabel: null,
  undoEntry: null,
  redoEntry: null,
  busy: false,
  error: null,
};

const EditHistoryContext = createContext<EditHistory>(noHistory);

/** A key press and the native menu can both report one Ctrl/Cmd+Z: the menu's copy within this is dropped. */
const MENU_ECHO_MS = 300;

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * One undo history for the curator's edits in every panel, with the one Ctrl/Cmd+Z (Shift+Z, Ctrl+Y)
 * handler and the desktop menu's Undo and Redo. Text fields keep their own undo. A project opened
 * elsewhere starts it afresh: its entries would act on the old project.
 */
export function EditHistoryProvider({
  api,
  children,
}: {
  api: TaxonomistApi | undefined;
  children: ReactNode;
}) {
  const stackRef = useRef<EditStack>(emptyStack);
  const [stack, setStack] = useState<EditStack>(emptyStack);
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());

  const commit = useCallback((next: EditStack) => {
    stackRef.current = next;
    setStack(next);
  }, []);

  const push = useCallback((entry: EditEntry) => commit(pushEdit(stackRef.current, entry)), [commit]);

  const step = useCallback(
    (direction: 'undo' | 'redo'): Promise<void> => {
      setPending((n) => n + 1);
      // Each step reads the stack as the one before it left it, so two quick presses undo two edits.
      const run = queue.current.then(async () => {
        const entry = direction === 'undo' ? nextUndo(stackRef.current) : nextRedo(stackRef.current);
        if (!entry) return;
        try {
          await (direction === 'undo' ? entry.undo() : entry.redo());
          commit(
            direction === 'undo' ? afterUndo(stackRef.current, entry) : afterRedo(stackRef.current, entry),
          );
          setError(null);
        } catch (e) {
          setError(`Could not ${direction} ${entry.label}: ${messageOf(e)}`);
        }
      });
      queue.current = run.finally(() => setPending((n) => n - 1));
      return queue.current;
    },
    [commit],
  );
  const undo = useCallback(() => step('undo'), [step]);
  const redo = useCallback(() => step('redo'), [step]);

  useEffect(() => {
    let lastKey = { action: '', at: 0 };
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const action = historyShortcut(e);
      if (!action || ownsTextUndo(e.target as HTMLInputElement | null)) return;
      e.preventDefault();
      lastKey = { action, at: performance.now() };
      void step(action);
    };
    window.addEventListener('keydown', onKey);
    const off = api?.on('menu:command', ({ command }) => {
      if (command !== 'undo' && command !== 'redo') return;
      if (lastKey.action === command && performance.now() - lastKey.at < MENU_ECHO_MS) return;
      // The menu's Undo in a text field undoes the typing, as the key does.
      if (ownsTextUndo(document.activeElement as HTMLInputElement | null)) {
        document.execCommand(command);
        return;
      }
      void step(command);
    });
    const offProject = api?.on('projects:changed', () => commit(emptyStack));
    return () => {
      window.removeEventListener('keydown', onKey);
      off?.();
      offProject?.();
    };
  }, [api, step, commit]);

  const value = useMemo<EditHistory>(
    () => ({
      push,
      undo,
      redo,
      canUndo: stack.done.length > 0,
      canRedo: stack.undone.length > 0,
      undoLabel: undoText(stack),
      redoLabel: redoText(stack),
      undoEntry: nextUndo(stack),
      redoEntry: nextRedo(stack),
      busy: pending > 0,
      error,
    }),
    [push, undo, redo, stack, pending, error],
  );
  return <EditHistoryContext.Provider value={value}>{children}</EditHistoryContext.Provider>;
}

/** The edit history; outside an `EditHistoryProvider`, one that records nothing. */
export const useEditHistory = (): EditHistory => useContext(EditHistoryContext);
