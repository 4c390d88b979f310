import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { HistoryEntryView, HistoryState } from '../../shared/commands';
import type { TaxonomistApi } from '../../shared/api';
import { emptyHistory, historyShortcut, ownsTextUndo, redoText, undoText } from './edit-history';
import { invalidateQueries } from './query-cache';
import { useTopicLabels } from './TopicLabelsProvider';

/** An undo or redo the history has just made: panels that made the edit update their notes on it. */
export type HistoryStep = { direction: 'undo' | 'redo'; entry: HistoryEntryView };

export type EditHistory = {
  /**
   * An edit has been made (every edit request records itself in the project's history): reads what
   * undo and redo take next. Resolves to it, so a panel knows the entry of its own edit.
   */
  recorded(): Promise<HistoryState>;
  /** Reverts the newest edit; resolves once it has (edits asked for in a row run one after another). */
  undo(): Promise<void>;
  redo(): Promise<void>;
  canUndo: boolean;
  canRedo: boolean;
  /** 'Undo rename “Speech”', for a button's title; null when there is nothing to undo. */
  undoLabel: string | null;
  redoLabel: string | null;
  /** The entries undo and redo would take next, so a panel can offer "Undo" only for its own edit. */
  undoEntry: HistoryEntryView | null;
  redoEntry: HistoryEntryView | null;
  /** The last undo or redo made here; null before one. */
  lastStep: HistoryStep | null;
  /** Changes after every undo or redo: views holding project data reload on it. */
  version: number;
  /** An undo or redo is on its way. */
  busy: boolean;
  /** Why the last undo or redo failed (the entry stays where it was); null after one succeeds. */
  error: string | null;
};

const noHistory: EditHistory = {
  recorded: async () => emptyHistory,
  undo: async () => {},
  redo: async () => {},
  canUndo: false,
  canRedo: false,
  undoLabel: null,
  redoLabel: null,
  undoEntry: null,
  redoEntry: null,
  lastStep: null,
  version: 0,
  busy: false,
  error: null,
};

const EditHistoryContext = createContext<EditHistory>(noHistory);

/** A key press and the native menu can both report one Ctrl/Cmd+Z: the menu's copy within this is dropped. */
const MENU_ECHO_MS = 300;

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The project's one undo history as the app shows it: the engine keeps it (so it outlives a reload),
 * this asks it what undo and redo take next and has it undo and redo, whichever panel made the edit.
 * Owns the one Ctrl/Cmd+Z (Shift+Z, Ctrl+Y) handler and the desktop menu's Undo and Redo; text fields
 * keep their own undo. After an undo or redo the shared topic labels reload, and the queries that
 * name 'history:stepped' ask again (views outside the query cache reload on `version`).
 */
export function EditHistoryProvider({
  api,
  children,
}: {
  api: TaxonomistApi | undefined;
  children: ReactNode;
}) {
  const [state, setState] = useState<HistoryState>(emptyHistory);
  const [lastStep, setLastStep] = useState<HistoryStep | null>(null);
  const [version, setVersion] = useState(0);
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const labels = useTopicLabels(api);
  const reloadLabels = labels.reload;
  // Answers overtaken by a later read (or by another project) are dropped.
  const generation = useRef(0);

  const recorded = useCallback(async (): Promise<HistoryState> => {
    if (!api) return emptyHistory;
    const at = ++generation.current;
    const next = await api.historyGet();
    if (at === generation.current) setState(next);
    return next;
  }, [api]);

  const step = useCallback(
    (direction: 'undo' | 'redo'): Promise<void> => {
      if (!api) return Promise.resolve();
      setPending((n) => n + 1);
      // Each step waits for the one before, so two quick presses undo two edits.
      const run = queue.current.then(async () => {
        try {
          const r = direction === 'undo' ? await api.historyUndo() : await api.historyRedo();
          generation.current++;
          setState(r.history);
          setError(null);
          if (!r.entry) return;
          setLastStep({ direction, entry: r.entry });
          setVersion((v) => v + 1);
          // Every view that holds project data asks again.
          invalidateQueries(api, 'history:stepped');
          await reloadLabels().catch(() => {});
        } catch (e) {
          setError(`Could not ${direction}: ${messageOf(e)}`);
          void recorded().catch(() => {});
        }
      });
      queue.current = run.finally(() => setPending((n) => n - 1));
      return queue.current;
    },
    [api, recorded, reloadLabels],
  );
  const undo = useCallback(() => step('undo'), [step]);
  const redo = useCallback(() => step('redo'), [step]);

  useEffect(() => {
    const quietly = () => void recorded().catch(() => {});
    quietly();
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
    // Another project has its own history.
    const offProject = api?.on('projects:changed', () => {
      setLastStep(null);
      quietly();
    });
    return () => {
      window.removeEventListener('keydown', onKey);
      off?.();
      offProject?.();
    };
  }, [api, step, recorded]);

  const value = useMemo<EditHistory>(
    () => ({
      recorded,
      undo,
      redo,
      canUndo: state.undo !== null,
      canRedo: state.redo !== null,
      undoLabel: undoText(state),
      redoLabel: redoText(state),
      undoEntry: state.undo,
      redoEntry: state.redo,
      lastStep,
      version,
      busy: pending > 0,
      error,
    }),
    [recorded, undo, redo, state, lastStep, version, pending, error],
  );
  return <EditHistoryContext.Provider value={value}>{children}</EditHistoryContext.Provider>;
}

/** The edit history; outside an `EditHistoryProvider`, one that records nothing. */
export const useEditHistory = (): EditHistory => useContext(EditHistoryContext);
