import { API_KEY_ENV } from '../../llm';
import { modelSettings } from '../model-settings';
import type { DomainChannel, Handlers } from './types';
import { keysIn } from '../../../shared/params';

// In the engine the keys live in this process's environment for the session only; the desktop
// shell answers the key channels itself and keeps keys encrypted with the OS keychain.
export function settingsHandlers(): Handlers<DomainChannel<'settings'>> {
  return {
    'settings:api-keys': () => keysIn(process.env),
    'settings:set-api-key': ({ provider, key }) => {
      const name = API_KEY_ENV[provider];
      if (key === null) delete process.env[name];
      else process.env[name] = key;
      return { stored: key !== null, persistent: false };
    },
    'settings:models': () => modelSettings(),
  };
}
