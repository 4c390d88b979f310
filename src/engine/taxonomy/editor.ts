import { AppError } from '../../shared/errors';
import type { ProjectStore } from '../store';
import {
  firstUndoneEdit,
  getTaxonomy,
  lastDoneEdit,
  loadTree,
  markEditUndone,
  maxTaxonomyNodeId,
  recordEdit,
  saveTree,
} from '../store';
import type { CommandCall } from './commands';
import { performCommand } from './commands';
import type { Tree } from './tree';
import { nextNodeId } from './tree';

export const historyScope = (taxonomyId: number): string => `taxonomy:${taxonomyId}`;

/**
 * Edits one stored taxonomy: every command lands in the project together with its inverse, in one
 * transaction, so undo and redo work the same after the project is reopened.
 */
export class TaxonomyEditor {
  readonly taxonomyId: number;
  private readonly store: ProjectStore;
  private current: Tree;

  private constructor(store: ProjectStore, taxonomyId: number) {
    this.store = store;
    this.taxonomyId = taxonomyId;
    this.current = loadTree(store.db, taxonomyId);
  }

  static open(store: ProjectStore, taxonomyId: number): TaxonomyEditor {
    if (!getTaxonomy(store.db, taxonomyId))
      throw new AppError('NOT_FOUND', `no taxonomy ${taxonomyId} in ${store.path}`);
    return new TaxonomyEditor(store, taxonomyId);
  }

  get tree(): Tree {
    return this.current;
  }

  /** An id no node of any taxonomy in the project has, for `add` and `split`. */
  newNodeId(offset = 0): number {
    return nextNodeId(this.current, maxTaxonomyNodeId(this.store.db)) + offset;
  }

  /** Performs an edit and records it; returns the inverse that undo will apply. */
  apply(call: CommandCall): CommandCall {
    const scope = historyScope(this.taxonomyId);
    return this.store.transaction(() => {
      const working = loadTree(this.store.db, this.taxonomyId);
      const { call: done, inverse } = performCommand(working, call);
      saveTree(this.store.db, this.taxonomyId, working);
      recordEdit(this.store.db, scope, done, inverse);
      this.current = working;
      return inverse;
    });
  }

  canUndo(): boolean {
    return lastDoneEdit(this.store.db, historyScope(this.taxonomyId)) !== undefined;
  }

  canRedo(): boolean {
    return firstUndoneEdit(this.store.db, historyScope(this.taxonomyId)) !== undefined;
  }

  /** Reverts the newest edit; returns the command undone, or null when there is nothing to undo. */
  undo(): CommandCall | null {
    return this.store.transaction(() => {
      const entry = lastDoneEdit(this.store.db, historyScope(this.taxonomyId));
      if (!entry) return null;
      const working = loadTree(this.store.db, this.taxonomyId);
      performCommand(working, entry.inverse);
      saveTree(this.store.db, this.taxonomyId, working);
      markEditUndone(this.store.db, entry.id, true);
      this.current = working;
      return entry.command;
    });
  }

  /** Replays the oldest undone edit; returns it, or null when there is nothing to redo. */
  redo(): CommandCall | null {
    return this.store.transaction(() => {
      const entry = firstUndoneEdit(this.store.db, historyScope(this.taxonomyId));
      if (!entry) return null;
      const working = loadTree(this.store.db, this.taxonomyId);
      performCommand(working, entry.command);
      saveTree(this.store.db, this.taxonomyId, working);
      markEditUndone(this.store.db, entry.id, false);
      this.current = working;
      return entry.command;
    });
  }
}
