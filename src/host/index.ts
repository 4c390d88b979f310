export { connectEngine, newEngineWorker, startEngineWorker, workerTransport } from './engine-client';
export type { EngineClient, EngineConnection, EngineTransport } from './engine-client';
export { childTransport, superviseEngine } from './engine-host';
export type { EngineChild } from './engine-host';
export { serveEngine } from './engine-main';
export type { EnginePort, EngineStart, FromEngine, ToEngine } from './engine-protocol';
export { startWebHost } from './web-host';
export type { WebHost } from './web-host';
export { ProjectSession } from './project-session';
export type { ProjectChange, ProjectSessionOptions, StartEngine } from './project-session';
export {
  assertNoRunningJob,
  configDir,
  describeProject,
  projectToCreate,
  projectToOpen,
  RecentProjects,
  withRecent,
} from './projects';
