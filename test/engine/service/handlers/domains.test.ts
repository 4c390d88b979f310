import { describe, expect, it } from 'vitest';
import { channels } from '../../../../src/shared/contract';
import { ProjectStore } from '../../../../src/engine/store';
import { contractHandlers } from '../../../../src/engine/service/handlers';
import type { HandlerContext } from '../../../../src/engine/service/handlers';
import { appHandlers } from '../../../../src/engine/service/handlers/app';
import { diagnosticsHandlers } from '../../../../src/engine/service/handlers/diagnostics';
import { documentsHandlers } from '../../../../src/engine/service/handlers/documents';
import { filesHandlers } from '../../../../src/engine/service/handlers/files';
import { historyHandlers } from '../../../../src/engine/service/handlers/history';
import { importHandlers } from '../../../../src/engine/service/handlers/import';
import { jobsHandlers } from '../../../../src/engine/service/handlers/jobs';
import { mapHandlers } from '../../../../src/engine/service/handlers/map';
import { projectHandlers } from '../../../../src/engine/service/handlers/project';
import { projectsHandlers } from '../../../../src/engine/service/handlers/projects';
import { runsHandlers } from '../../../../src/engine/service/handlers/runs';
import { settingsHandlers } from '../../../../src/engine/service/handlers/settings';
import { taxonomyHandlers } from '../../../../src/engine/service/handlers/taxonomy';
import { topicsHandlers } from '../../../../src/engine/service/handlers/topics';

// Each handler file answers the channels of one domain (`domain:verb`), and together they answer
// the whole contract: a channel lands in the file its name points to.
describe('the contract handlers, one file per domain', () => {
  const ctx: HandlerContext = {
    store: ProjectStore.open(':memory:', { create: true }),
    appInfo: { name: 'Taxonomist', version: '0.0.0' },
    jobs: { start: () => 'job', cancel: () => false },
  };
  const domains: Record<string, object> = {
    app: appHandlers(ctx),
    projects: projectsHandlers(ctx),
    project: projectHandlers(ctx),
    documents: documentsHandlers(ctx),
    import: importHandlers(ctx),
    jobs: jobsHandlers(ctx),
    runs: runsHandlers(ctx),
    diagnostics: diagnosticsHandlers(ctx),
    map: mapHandlers(ctx),
    topics: topicsHandlers(ctx),
    taxonomy: taxonomyHandlers(ctx),
    history: historyHandlers(ctx),
    settings: settingsHandlers(),
    files: filesHandlers(),
  };

  it('gives every domain only its own channels', () => {
    for (const [domain, handlers] of Object.entries(domains))
      for (const channel of Object.keys(handlers)) expect(channel.split(':')[0], channel).toBe(domain);
  });

  it('covers every channel of the contract exactly once', () => {
    const all = Object.values(domains).flatMap((h) => Object.keys(h));
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual([...channels].sort());
    expect(Object.keys(contractHandlers(ctx)).sort()).toEqual([...channels].sort());
  });

  it('hands job requests to the queue it is given', async () => {
    const started: string[] = [];
    const handlers = jobsHandlers({
      ...ctx,
      jobs: { start: (kind) => (started.push(kind), 'j1'), cancel: (id) => id === 'j1' },
    });
    expect(await handlers['jobs:start']({ kind: 'build', params: {} })).toEqual({ jobId: 'j1' });
    expect(started).toEqual(['build']);
    expect(await handlers['jobs:cancel']({ jobId: 'j1' })).toEqual({ cancelled: true });
    expect(await handlers['jobs:cancel']({ jobId: 'other' })).toEqual({ cancelled: false });
  });
});
