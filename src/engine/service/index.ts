export { EngineService } from './service';
export { checkRequest } from './answer';
export type { EmitEvent } from './service';
export { newEngineWorker, startEngineWorker } from './engine-client';
export type { EngineClient } from './engine-client';
export { serveEngine } from './engine-main';
export type { EnginePort, FromEngine, ToEngine } from './engine-protocol';
export { startWebHost } from './web-host';
export type { WebHost } from './web-host';
export { ProjectSwitcher } from './project-switcher';
export type { ProjectSwitcherOptions } from './project-switcher';
export {
  assertNoRunningJob,
  configDir,
  describeProject,
  projectToCreate,
  projectToOpen,
  RecentProjects,
  withRecent,
} from './projects';
