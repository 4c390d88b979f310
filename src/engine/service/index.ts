export { EngineService } from './service';
export type { EmitEvent } from './service';
export { newEngineWorker, startEngineWorker } from './engine-client';
export type { EngineClient } from './engine-client';
export { serveEngine } from './engine-main';
export type { EnginePort, FromEngine, ToEngine } from './engine-protocol';
export { startWebHost } from './web-host';
export type { WebHost } from './web-host';
