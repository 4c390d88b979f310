import type { Command } from '../../../shared/commands';
import { AppError } from '../../../shared/errors';
import type { Applied, Stepped, StepOutcome } from '../../history';
import { applyCommand, historyState, redoEdit, undoEdit } from '../../history';
import type { ProjectStore } from '../../store';
import type { DomainChannel, HandlerContext, Handlers } from './types';

/** The step's outcome as the kind of edit the caller made; anything else is the engine's own error. */
export function outcomeOf<K extends StepOutcome['kind']>(
  outcome: StepOutcome,
  kind: K,
): Extract<StepOutcome, { kind: K }> {
  if (outcome.kind !== kind) throw new AppError('INTERNAL', `expected a ${kind} edit, not ${outcome.kind}`);
  return outcome as Extract<StepOutcome, { kind: K }>;
}

/** Applies one curator edit through the project's history and returns what it did. */
export const applyEdit = (store: ProjectStore, command: Command): Applied => applyCommand(store, command);

/**
 * The project's one history of curator edits, whichever panel made them: apply, undo and redo newest
 * first across every kind, and what undo and redo would take next. The per-domain edit channels
 * (topics:rename, taxonomy:edit, ...) go through the same history.
 */
export function historyHandlers({ store }: HandlerContext): Handlers<DomainChannel<'history'>> {
  const stepped = (s: Stepped) => ({ entry: s?.entry ?? null, history: historyState(store) });
  return {
    'history:apply': ({ command }) => ({
      entry: applyEdit(store, command).entry,
      history: historyState(store),
    }),
    'history:undo': () => stepped(undoEdit(store)),
    'history:redo': () => stepped(redoEdit(store)),
    'history:get': () => historyState(store),
  };
}
