import type { DomainChannel, HandlerContext, Handlers } from './types';

export function appHandlers({ appInfo }: HandlerContext): Handlers<DomainChannel<'app'>> {
  return {
    'app:info': () => ({ ...appInfo, platform: process.platform }),
  };
}
