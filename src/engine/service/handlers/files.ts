import { AppError } from '../../../shared/errors';
import type { DomainChannel, Handlers } from './types';

// Only the desktop shell has native file dialogs; it answers these channels itself.
export function filesHandlers(): Handlers<DomainChannel<'files'>> {
  return {
    'files:save-text': () => {
      throw new AppError('UNSUPPORTED', 'this host has no native save dialog: download the file instead');
    },
    'files:pick-corpus': () => {
      throw new AppError(
        'UNSUPPORTED',
        'this host has no native file dialog: upload the file or type its path instead',
      );
    },
  };
}
