import { latestDiagnostics } from '../analysis';
import type { DomainChannel, HandlerContext, Handlers } from './types';

/** The latest embedding diagnostics; new ones run as a job (`jobs:start` with kind `diagnose`). */
export function diagnosticsHandlers({ store }: HandlerContext): Handlers<DomainChannel<'diagnostics'>> {
  return {
    'diagnostics:get': () => latestDiagnostics(store.db),
  };
}
