import { redoEdit, undoEdit } from '../../history';
import { exportTaxonomy, historyScope, resolveTaxonomy } from '../../taxonomy';
import { taxonomyView } from '../views';
import { applyEdit, outcomeOf } from './history';
import type { DomainChannel, HandlerContext, Handlers } from './types';

/**
 * The taxonomy tree, its edits (through the project's history; undo and redo here reach only this
 * tree's edits), a topic's split and the exports.
 */
export function taxonomyHandlers({ store }: HandlerContext): Handlers<DomainChannel<'taxonomy'>> {
  const after = (taxonomyId: number | undefined, step: (id: number) => void) => {
    const id = resolveTaxonomy(store, taxonomyId).id;
    step(id);
    return taxonomyView(store, id);
  };
  const edited = (taxonomyId: number) => taxonomyView(store, taxonomyId);
  return {
    'taxonomy:get': ({ taxonomyId }) => taxonomyView(store, taxonomyId),
    'taxonomy:edit': ({ taxonomyId, command }) =>
      edited(
        outcomeOf(
          applyEdit(store, { kind: 'taxonomy-edit', edit: command, ...(taxonomyId ? { taxonomyId } : {}) })
            .outcome,
          'taxonomy',
        ).taxonomyId,
      ),
    'taxonomy:split': ({ taxonomyId, nodeId, minClusterSize }) =>
      edited(
        outcomeOf(
          applyEdit(store, {
            kind: 'taxonomy-split',
            nodeId,
            ...(taxonomyId ? { taxonomyId } : {}),
            ...(minClusterSize ? { minClusterSize } : {}),
          }).outcome,
          'taxonomy',
        ).taxonomyId,
      ),
    'taxonomy:undo': ({ taxonomyId }) => after(taxonomyId, (id) => undoEdit(store, historyScope(id))),
    'taxonomy:redo': ({ taxonomyId }) => after(taxonomyId, (id) => redoEdit(store, historyScope(id))),
    'taxonomy:export': ({ taxonomyId, format }) => ({
      format,
      text: exportTaxonomy(store, format, taxonomyId),
    }),
  };
}
