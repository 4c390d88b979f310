import { AppError } from '../../../shared/errors';
import type { DomainChannel, HandlerContext, Handlers } from './types';

const hostOnly = (): never => {
  throw new AppError(
    'UNSUPPORTED',
    'Projects are opened by the app (the desktop shell or `taxonomist serve`), not by the engine of one project.',
  );
};

/**
 * An engine serves the one project it was started on; the project session in front of it (src/host,
 * for the desktop shell and the web host) answers the project lifecycle itself. In-process the engine can only say
 * which project it has.
 */
export function projectsHandlers({ store }: HandlerContext): Handlers<DomainChannel<'projects'>> {
  return {
    'projects:current': () => ({ path: store.path, nativePicker: false }),
    'projects:recent': () => hostOnly(),
    'projects:open': () => hostOnly(),
    'projects:create': () => hostOnly(),
    'projects:forget': () => hostOnly(),
    'projects:pick': () => hostOnly(),
  };
}
