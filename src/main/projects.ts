import type { Channel, CurrentProject, Result } from '../shared/contract';
import { AppError } from '../shared/errors';
import { assertNoRunningJob, projectToCreate, projectToOpen } from '../host/projects';
import type { RecentProjects } from '../host/projects';

const FILTERS = [{ name: 'Taxonomist project', extensions: ['taxonomist'] }];

/** The slice of Electron's `dialog` the Home screen's Browse buttons use (tests stand in for it). */
export type ProjectDialogs = {
  showOpenDialog(options: {
    title: string;
    properties: 'openFile'[];
    filters: typeof FILTERS;
  }): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(options: {
    title: string;
    defaultPath: string;
    filters: typeof FILTERS;
  }): Promise<{ canceled: boolean; filePath?: string }>;
};

/** The slice of EngineHost this uses. */
export type ProjectEngine = {
  open(projectPath: string): Promise<void>;
  close(): Promise<void>;
  request(channel: string, input: unknown): Promise<Result<unknown>>;
};

export type ProjectChange = { kind: 'opened'; path: string } | { kind: 'recent' };

/**
 * The desktop shell's project lifecycle: the Home screen's channels and the File menu go through
 * here, so both keep one recent list and the same rules as the web host (no switching while a job
 * runs, never overwrite on create). A file that fails to open leaves the previous project open.
 */
export class DesktopProjects {
  private path: string | null = null;
  private readonly listeners = new Set<(change: ProjectChange) => void>();

  constructor(
    private readonly engine: ProjectEngine,
    readonly recent: RecentProjects,
    private readonly dialogs: ProjectDialogs,
  ) {}

  current(): CurrentProject {
    return { path: this.path, nativePicker: true };
  }

  /** Listens for an opened project or a changed recent list (the menu rebuilds, the page is told). */
  subscribe(listener: (change: ProjectChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async open(input: string): Promise<CurrentProject> {
    return this.switchTo(projectToOpen(input));
  }

  async create(input: string): Promise<CurrentProject> {
    return this.switchTo(projectToCreate(input));
  }

  forget(path: string): void {
    this.recent.forget(path);
    this.notify({ kind: 'recent' });
  }

  /** A native dialog for the Home screen; null when the person cancels it. */
  async pick(purpose: 'open' | 'create'): Promise<string | null> {
    if (purpose === 'open') {
      const r = await this.dialogs.showOpenDialog({
        title: 'Open project',
        properties: ['openFile'],
        filters: FILTERS,
      });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    }
    const r = await this.dialogs.showSaveDialog({
      title: 'New project',
      defaultPath: 'papers.taxonomist',
      filters: FILTERS,
    });
    return r.canceled ? null : (r.filePath ?? null);
  }

  /** The shell's own answers to the `projects:*` channels (inputs arrive validated). */
  handlers(): Partial<Record<Channel, (input: unknown) => unknown>> {
    const path = (input: unknown) => (input as { path: string }).path;
    return {
      'projects:current': () => this.current(),
      'projects:recent': () => ({ projects: this.recent.describe() }),
      'projects:open': (input) => this.open(path(input)),
      'projects:create': (input) => this.create(path(input)),
      'projects:forget': (input) => {
        this.forget(path(input));
        return { projects: this.recent.describe() };
      },
      'projects:pick': async (input) => ({
        path: await this.pick((input as { purpose: 'open' | 'create' }).purpose),
      }),
    };
  }

  private async switchTo(path: string): Promise<CurrentProject> {
    if (this.path !== path) {
      if (this.path) await assertNoRunningJob((c, i) => this.engine.request(c, i), this.path);
      const previous = this.path;
      try {
        await this.engine.open(path);
      } catch (e) {
        this.path = null;
        await this.reopen(previous);
        throw new AppError('NOT_A_PROJECT', `Could not open ${path}: ${(e as Error).message}`, { cause: e });
      }
      this.path = path;
    }
    try {
      this.recent.push(path);
    } catch {
      // The recent list is a convenience: an unwritable profile folder must not stop the project opening.
    }
    this.notify({ kind: 'opened', path });
    return this.current();
  }

  private async reopen(previous: string | null): Promise<void> {
    if (previous) {
      try {
        await this.engine.open(previous);
        this.path = previous;
        return;
      } catch {
        // Fall through: no project stays open, and the page shows Home.
      }
    }
    await this.engine.close();
  }

  private notify(change: ProjectChange): void {
    for (const l of this.listeners) l(change);
  }
}

/** A project file named on the desktop app's command line (`electron . path/to/file.taxonomist`), if any. */
export function projectArgument(argv: readonly string[]): string | null {
  return argv.slice(1).find((a) => !a.startsWith('-') && a.endsWith('.taxonomist')) ?? null;
}
