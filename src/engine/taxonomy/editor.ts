import { AppError } from '../../shared/errors';
import type { ProjectStore } from '../store';
import { getTaxonomy, loadTree, maxTaxonomyNodeId, saveTree } from '../store';
import type { CommandCall } from './commands';
import { performCommand } from './commands';
import type { Tree } from './tree';
import { nextNodeId } from './tree';

/** The edits of one taxonomy share a scope of the project's history: taxonomy:undo reaches only them. */
export const historyScope = (taxonomyId: number): string => `taxonomy:${taxonomyId}`;

/** Edits one stored taxonomy: loads its tree, performs registered commands on it and saves it. */
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

  /**
   * Performs an edit and saves the tree (call inside a transaction); returns the call as validated and
   * its inverse. The project's history (src/engine/history) records them.
   */
  perform(call: CommandCall): { call: CommandCall; inverse: CommandCall } {
    const working = loadTree(this.store.db, this.taxonomyId);
    const done = performCommand(working, call);
    saveTree(this.store.db, this.taxonomyId, working);
    this.current = working;
    return done;
  }
}
