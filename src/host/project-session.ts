import { resolve } from 'node:path';
import type { Channel, CurrentProject, EventName, Result } from '../shared/contract';
import { requests } from '../shared/contract';
import { AppError } from '../shared/errors';
import { API_KEY_ENV } from '../engine/llm';
import type { EngineClient } from './engine-client';
import { startEngineWorker } from './engine-client';
import type { EngineStart } from './engine-protocol';
import { assertNoRunningJob, projectToCreate, projectToOpen } from './projects';
import { answerRequest } from '../engine/service/answer';
import type { RecentProjects } from './projects';
import { keysIn } from '../shared/params';

export type StartEngine = (options: Required<EngineStart>) => Promise<EngineClient>;

export type ProjectSessionOptions = {
  recent: RecentProjects;
  version?: string;
  /** Where relative paths typed on the Home screen start (default: the process's working folder). */
  cwd?: string;
  /** Starts an engine on a project (default: a worker thread). */
  startEngine?: StartEngine;
  /**
   * A native file dialog for the Home screen's Browse buttons, where the host has one (the desktop
   * shell); null when the person cancels it. Without it `projects:pick` answers UNSUPPORTED.
   */
  pick?: (purpose: 'open' | 'create') => Promise<string | null>;
  /**
   * Whether keys set through `settings:set-api-key` are kept in this process's environment too, so
   * the engine of the next project inherits them (default; worker threads do). The desktop shell
   * keeps its keys encrypted and hands each engine its own environment instead.
   */
  keysInEnvironment?: boolean;
};

/** A project opened (again), or the recent list changed otherwise. */
export type ProjectChange = { kind: 'opened'; path: string } | { kind: 'recent' };

/**
 * The open project of an app (the desktop shell or the web host) behind one engine client: answers
 * the `projects:*` channels itself and runs one engine for the open project, replacing it when
 * another project is opened, and keeps the recent list. Before any project is open, requests for
 * project data answer NO_PROJECT; app info and API keys work without one. Switching is refused with
 * PROJECT_BUSY while a job of the open project is queued or running (cancelling the curator's build
 * behind their back would lose work); requests that arrive mid-switch wait for the new engine. The
 * new engine opens before the old one closes, so a file that is not a project leaves the old one open.
 */
export class ProjectSession implements EngineClient {
  private engine: EngineClient | null = null;
  private path: string | null = null;
  private offEngine: (() => void) | null = null;
  private switching: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(name: EventName, payload: unknown) => void>();
  private readonly changeListeners = new Set<(change: ProjectChange) => void>();
  private readonly version: string;
  private readonly startEngine: StartEngine;

  constructor(private readonly options: ProjectSessionOptions) {
    this.version = options.version ?? '0.1.0';
    this.startEngine = options.startEngine ?? startEngineWorker;
  }

  /** The open project's path, or null. */
  get projectPath(): string | null {
    return this.path;
  }

  /** Opens `path` as given on the command line: created when missing, no extension added. */
  start(path: string): Promise<CurrentProject> {
    return this.serialised(() => this.switchTo(resolve(this.options.cwd ?? process.cwd(), path), true));
  }

  /** Opens an existing project file. */
  open(path: string): Promise<CurrentProject> {
    return this.serialised(() => this.switchTo(projectToOpen(path, this.options.cwd), false));
  }

  /** Creates a new project file and opens it. */
  create(path: string): Promise<CurrentProject> {
    return this.serialised(() => this.switchTo(projectToCreate(path, this.options.cwd), true));
  }

  current(): CurrentProject {
    return { path: this.path, nativePicker: !!this.options.pick };
  }

  /** The recent projects this session keeps. */
  get recent(): RecentProjects {
    return this.options.recent;
  }

  /** Takes `path` off the recent list. */
  forget(path: string): void {
    this.options.recent.forget(path);
    this.notify({ kind: 'recent' });
  }

  /** The host's file dialog; UNSUPPORTED where there is none. */
  async pick(purpose: 'open' | 'create'): Promise<string | null> {
    if (!this.options.pick)
      throw new AppError(
        'UNSUPPORTED',
        'This browser page cannot show file dialogs: type the path of the project instead.',
      );
    return this.options.pick(purpose);
  }

  /** Listens for an opened project or a changed recent list (a menu to rebuild, say). */
  subscribe(listener: (change: ProjectChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  async request(channel: string, input: unknown): Promise<Result<unknown>> {
    if (!Object.hasOwn(requests, channel))
      return { ok: false, error: { code: 'USAGE', message: `unknown request "${channel}"` } };
    if (channel.startsWith('projects:')) {
      return answerRequest(channel as Channel, input, (data) => this.project(channel as Channel, data));
    }
    if (channel === 'files:pick-corpus')
      return answerRequest(channel, input, () => {
        throw new AppError(
          'UNSUPPORTED',
          'This browser page cannot show file dialogs: upload the corpus file, or type its path on the computer that runs `taxonomist serve`.',
        );
      });
    await this.switching;
    if (channel === 'settings:set-api-key' && (this.options.keysInEnvironment ?? true)) {
      // Kept in the host's environment too, so the engine of the next project starts with the key.
      const answer = await answerRequest(channel, input, (data) => {
        const { provider, key } = data as { provider: keyof typeof API_KEY_ENV; key: string | null };
        if (key === null) delete process.env[API_KEY_ENV[provider]];
        else process.env[API_KEY_ENV[provider]] = key;
        return { stored: key !== null, persistent: false };
      });
      if (!answer.ok || !this.engine) return answer;
    }
    if (this.engine) return this.engine.request(channel, input);
    return answerRequest(channel as Channel, input, () => this.withoutProject(channel));
  }

  onEvent(listener: (name: EventName, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    await this.switching;
    this.offEngine?.();
    const engine = this.engine;
    this.engine = null;
    this.path = null;
    await engine?.close();
  }

  private emit(name: EventName, payload: unknown): void {
    for (const l of this.listeners) l(name, payload);
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.switching.then(work);
    this.switching = run.catch(() => {});
    return run;
  }

  private async switchTo(path: string, create: boolean): Promise<CurrentProject> {
    if (this.engine && this.path === path) {
      this.remember(path);
      this.notify({ kind: 'opened', path });
      return this.current();
    }
    if (this.engine && this.path) await assertNoRunningJob((c, i) => this.engine!.request(c, i), this.path);
    // The new engine opens first: a file that turns out not to be a project leaves the old one open.
    const next = await this.startEngine({ projectPath: path, create, version: this.version });
    const old = this.engine;
    this.offEngine?.();
    this.engine = next;
    this.path = path;
    this.offEngine = next.onEvent((name, payload) => this.emit(name, payload));
    await old?.close();
    this.remember(path);
    this.emit('projects:changed', { path });
    this.notify({ kind: 'opened', path });
    return this.current();
  }

  private remember(path: string): void {
    try {
      this.options.recent.push(path);
    } catch {
      // The recent list is a convenience: an unwritable config folder must not stop the project opening.
    }
  }

  private notify(change: ProjectChange): void {
    for (const l of this.changeListeners) l(change);
  }

  private project(channel: Channel, data: unknown): unknown {
    const { path } = data as { path: string };
    switch (channel) {
      case 'projects:current':
        return this.current();
      case 'projects:recent':
        return { projects: this.options.recent.describe() };
      case 'projects:open':
        return this.open(path);
      case 'projects:create':
        return this.create(path);
      case 'projects:forget':
        this.forget(path);
        return { projects: this.options.recent.describe() };
      case 'projects:pick':
        return this.pick((data as { purpose: 'open' | 'create' }).purpose).then((picked) => ({
          path: picked,
        }));
      default:
        throw new AppError('USAGE', `unknown request "${channel}"`);
    }
  }

  private withoutProject(channel: string): unknown {
    if (channel === 'app:info')
      return { name: 'Taxonomist', version: this.version, platform: process.platform };
    if (channel === 'settings:api-keys') return keysIn(process.env);
    throw new AppError('NO_PROJECT', 'No project is open: create or open one on the Home screen.');
  }
}
