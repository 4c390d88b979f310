import { exportTaxonomy, planSplit, resolveTaxonomy, TaxonomyEditor } from '../../taxonomy';
import type { ProjectStore } from '../../store';
import { taxonomyView } from '../views';
import type { DomainChannel, HandlerContext, Handlers } from './types';

/** The taxonomy tree, its edits with undo and redo, a topic's split and the exports. */
export function taxonomyHandlers({ store }: HandlerContext): Handlers<DomainChannel<'taxonomy'>> {
  return {
    'taxonomy:get': ({ taxonomyId }) => taxonomyView(store, taxonomyId),
    'taxonomy:edit': ({ taxonomyId, command }) => {
      const editor = openEditor(store, taxonomyId);
      editor.apply(command);
      return taxonomyView(store, editor.taxonomyId);
    },
    'taxonomy:undo': ({ taxonomyId }) => {
      const editor = openEditor(store, taxonomyId);
      editor.undo();
      return taxonomyView(store, editor.taxonomyId);
    },
    'taxonomy:redo': ({ taxonomyId }) => {
      const editor = openEditor(store, taxonomyId);
      editor.redo();
      return taxonomyView(store, editor.taxonomyId);
    },
    'taxonomy:split': ({ taxonomyId, nodeId, minClusterSize }) => {
      const editor = openEditor(store, taxonomyId);
      editor.apply(planSplit(store, editor, nodeId, minClusterSize ? { minClusterSize } : {}));
      return taxonomyView(store, editor.taxonomyId);
    },
    'taxonomy:export': ({ taxonomyId, format }) => ({
      format,
      text: exportTaxonomy(store, format, taxonomyId),
    }),
  };
}

function openEditor(store: ProjectStore, taxonomyId: number | undefined): TaxonomyEditor {
  return TaxonomyEditor.open(store, resolveTaxonomy(store, taxonomyId).id);
}
