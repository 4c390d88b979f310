import { appHandlers } from './app';
import { diagnosticsHandlers } from './diagnostics';
import { documentsHandlers } from './documents';
import { filesHandlers } from './files';
import { historyHandlers } from './history';
import { importHandlers } from './import';
import { jobsHandlers } from './jobs';
import { mapHandlers } from './map';
import { projectHandlers } from './project';
import { projectsHandlers } from './projects';
import { runsHandlers } from './runs';
import { settingsHandlers } from './settings';
import { taxonomyHandlers } from './taxonomy';
import { topicsHandlers } from './topics';
import type { HandlerContext, Handlers } from './types';

export type { DomainChannel, HandlerContext, Handlers } from './types';

/** Every channel of the contract, one domain (`domain:verb`) per file; the type fails on a missing one. */
export function contractHandlers(ctx: HandlerContext): Handlers {
  return {
    ...appHandlers(ctx),
    ...projectsHandlers(ctx),
    ...projectHandlers(ctx),
    ...documentsHandlers(ctx),
    ...importHandlers(ctx),
    ...jobsHandlers(ctx),
    ...runsHandlers(ctx),
    ...diagnosticsHandlers(ctx),
    ...mapHandlers(ctx),
    ...topicsHandlers(ctx),
    ...taxonomyHandlers(ctx),
    ...historyHandlers(ctx),
    ...settingsHandlers(),
    ...filesHandlers(),
  };
}
