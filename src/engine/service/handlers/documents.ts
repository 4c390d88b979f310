import { AppError } from '../../../shared/errors';
import { countDocuments, getDocument, listDocuments } from '../../store';
import type { DomainChannel, HandlerContext, Handlers } from './types';

export function documentsHandlers({ store }: HandlerContext): Handlers<DomainChannel<'documents'>> {
  const db = store.db;
  return {
    'documents:list': ({ offset, limit }) => ({
      total: countDocuments(db),
      documents: listDocuments(db, { offset, limit }).map(toDocumentView),
    }),
    'documents:get': ({ id }) => {
      const doc = getDocument(db, id);
      if (!doc) throw new AppError('NOT_FOUND', `no document ${id}`);
      return toDocumentView(doc);
    },
  };
}

function toDocumentView(d: NonNullable<ReturnType<typeof getDocument>>) {
  return {
    id: d.id,
    extId: d.extId,
    title: d.title,
    abstract: d.abstract,
    year: d.year,
    venue: d.venue,
    authors: d.authors,
    categories: d.categories,
    url: d.url,
  };
}
