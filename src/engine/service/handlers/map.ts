import { mapData } from '../views';
import type { DomainChannel, HandlerContext, Handlers } from './types';

export function mapHandlers({ store }: HandlerContext): Handlers<DomainChannel<'map'>> {
  return {
    'map:data': (input) => mapData(store.db, input),
  };
}
