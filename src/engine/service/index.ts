export { EngineService } from './service';
export type { EmitEvent } from './service';
