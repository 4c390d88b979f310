export { importCorpus } from './import';
export type { ImportOptions, ImportParams, ImportSummary, Rejection } from './import';
export { detectMapping, parseMapOptions, DOCUMENT_FIELDS } from './mapping';
export type { ColumnMapping, DocumentField } from './mapping';
export { openRecords } from './read-records';
export type { CorpusFormat, RecordItem, RecordReader, TextEncoding } from './read-records';
export { DEFAULT_TEXT_TEMPLATE, renderText, validateTextTemplate } from './text-template';
export { previewCorpus, resolveCorpusPath } from './preview';
export type { CorpusPreview, PreviewOptions } from './preview';
export {
  assertReadableCorpus,
  bundledSampleCorpus,
  sampleProjectPath,
  SAMPLE_PAPERS,
  userDataDir,
} from './locate';
