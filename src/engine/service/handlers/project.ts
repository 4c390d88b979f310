import { DEFAULT_TEXT_TEMPLATE } from '../../corpus';
import { countDocuments, getSetting, listEmbeddingSets, listImports, schemaVersion } from '../../store';
import type { DomainChannel, HandlerContext, Handlers } from './types';

/** What the open project holds: its file, schema, documents, imports and embedding model. */
export function projectHandlers({ store }: HandlerContext): Handlers<DomainChannel<'project'>> {
  const db = store.db;
  return {
    'project:info': () => ({
      path: store.path,
      schemaVersion: schemaVersion(db),
      documents: countDocuments(db),
      textTemplate: getSetting(db, 'textTemplate') ?? DEFAULT_TEXT_TEMPLATE,
      imports: listImports(db).map((i) => ({
        id: i.id,
        source: i.sourcePath,
        imported: i.imported,
        duplicates: i.duplicateIds + i.duplicateTexts,
        rejected: i.rejected,
        at: i.finishedAt,
      })),
      embeddingModel: newestEmbeddingModel(listEmbeddingSets(db)),
    }),
  };
}

/** The model of the newest embedding set that holds vectors (sets are made in order), or null. */
function newestEmbeddingModel(sets: { model: string; count: number }[]): string | null {
  for (let i = sets.length - 1; i >= 0; i--) if (sets[i]!.count > 0) return sets[i]!.model;
  return null;
}
