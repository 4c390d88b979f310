export { EngineService } from './service';
export { checkRequest } from './answer';
export type { EmitEvent } from './service';
