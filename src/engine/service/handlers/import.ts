import { DEFAULT_TEXT_TEMPLATE, previewCorpus } from '../../corpus';
import { getSetting, loadDocumentKeys } from '../../store';
import type { DomainChannel, HandlerContext, Handlers } from './types';

/** The import preview; the import itself runs as a job (`jobs:start` with kind `import`). */
export function importHandlers({ store }: HandlerContext): Handlers<DomainChannel<'import'>> {
  const db = store.db;
  return {
    'import:preview': ({ path, rows, ...options }) =>
      previewCorpus(path, {
        ...options,
        rows,
        existing: loadDocumentKeys(db),
        defaultTemplate: getSetting(db, 'textTemplate') ?? DEFAULT_TEXT_TEMPLATE,
      }),
  };
}
