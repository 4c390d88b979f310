export {
  ProjectStore,
  APPLICATION_ID,
  migrate,
  beginTransaction,
  commitTransaction,
  rollbackTransaction,
  schemaVersion,
  vacuum,
} from './project-store';
export type { OpenProjectOptions } from './project-store';
export { migrations, latestVersion } from './migrations';
export * from './documents';
export * from './imports';
export * from './settings';
export * from './runs';
export * from './projections';
export * from './embeddings';
export * from './clusters';
export * from './assigned-documents';
export * from './taxonomy';
export * from './history';
export * from './topics';
export * from './llm-cache';
export * from './jobs';
