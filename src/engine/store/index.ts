export { ProjectStore, APPLICATION_ID, migrate } from './project-store';
export type { OpenProjectOptions } from './project-store';
export { migrations, latestVersion } from './migrations';
export * from './documents';
export * from './imports';
export * from './settings';
export * from './runs';
export * from './projections';
export * from './embeddings';
