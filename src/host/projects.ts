import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import type { RecentProject, Result } from '../shared/contract';
import { AppError } from '../shared/errors';
// Not the store's index: that loads SQLite at once, and the desktop shell's main process imports this module.
import { peekDocumentCount } from '../engine/store/peek';

/** The extension every project file carries. */
export const PROJECT_EXTENSION = '.taxonomist';
/** How many projects the recent list keeps. */
export const RECENT_MAX = 10;

/**
 * Where the command-line tool keeps its own settings (the recent list): `$TAXONOMIST_CONFIG_DIR`,
 * else `$XDG_CONFIG_HOME/taxonomist`, else `~/.config/taxonomist`.
 */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TAXONOMIST_CONFIG_DIR) return resolve(env.TAXONOMIST_CONFIG_DIR);
  const base =
    env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'taxonomist');
}

/** Most recent first, no duplicates, at most `max`. */
export function withRecent(list: readonly string[], path: string, max = RECENT_MAX): string[] {
  return [path, ...list.filter((p) => p !== path)].slice(0, max);
}

/**
 * The recent projects, as a JSON array of absolute paths in one small file. Missing files stay on
 * the list (the Home screen shows them greyed, to be removed by hand): a project on an unplugged
 * drive should not be forgotten. A missing or damaged file reads as an empty list.
 */
export class RecentProjects {
  constructor(
    readonly file: string,
    private readonly max = RECENT_MAX,
  ) {}

  paths(): string[] {
    try {
      const list = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      if (!Array.isArray(list)) return [];
      const paths = list.filter((p): p is string => typeof p === 'string' && isAbsolute(p));
      return [...new Set(paths)].slice(0, this.max);
    } catch {
      return [];
    }
  }

  push(path: string): string[] {
    return this.save(withRecent(this.paths(), path, this.max));
  }

  forget(path: string): string[] {
    return this.save(this.paths().filter((p) => p !== path));
  }

  /** Every entry with what the Home screen shows about it. */
  describe(): RecentProject[] {
    return this.paths().map(describeProject);
  }

  private save(list: string[]): string[] {
    // Written beside and renamed, so a crash mid-write never leaves half a list.
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(list, null, 2)}\n`);
    renameSync(tmp, this.file);
    return list;
  }
}

/** A project file's size, modification time and document count; the count is null when unreadable. */
export function describeProject(path: string): RecentProject {
  const name = basename(path, PROJECT_EXTENSION);
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return { path, name, exists: false, bytes: null, modifiedAt: null, documents: null };
  }
  if (!stat.isFile()) return { path, name, exists: false, bytes: null, modifiedAt: null, documents: null };
  return {
    path,
    name,
    exists: true,
    bytes: stat.size,
    modifiedAt: stat.mtime.toISOString(),
    documents: peekDocumentCount(path),
  };
}

/** A path typed by a person: `~` is the home folder, a relative path is taken from `cwd`. */
export function expandPath(input: string, cwd: string = process.cwd()): string {
  const text = input.trim();
  if (text === '~') return homedir();
  if (text.startsWith('~/')) return join(homedir(), text.slice(2));
  return resolve(cwd, text);
}

/** The file to open: it has to be there and be a file. */
export function projectToOpen(input: string, cwd?: string): string {
  const path = expandPath(input, cwd);
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new AppError('NOT_FOUND', `There is no project file at ${path}.`);
  }
  if (!stat.isFile()) throw new AppError('NOT_A_PROJECT', `${path} is a folder, not a project file.`);
  return path;
}

/**
 * The file to create: ".taxonomist" is added unless the name already ends with it, the folder has
 * to exist, and an existing file is never overwritten.
 */
export function projectToCreate(input: string, cwd?: string): string {
  const typed = expandPath(input, cwd);
  const path = extname(typed).toLowerCase() === PROJECT_EXTENSION ? typed : `${typed}${PROJECT_EXTENSION}`;
  if (existsSync(path))
    throw new AppError('ALREADY_EXISTS', `${path} already exists: open it, or choose another name.`);
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new AppError('NOT_FOUND', `The folder ${folder} does not exist.`);
  return path;
}

/**
 * Refuses to switch away from a project while one of its jobs is queued or running: the job would
 * be cut off mid-stage. Cancelling it first is the curator's choice, not the host's.
 */
export async function assertNoRunningJob(
  request: (channel: string, input: unknown) => Promise<Result<unknown>>,
  projectPath: string,
): Promise<void> {
  const answer = await request('jobs:list', {});
  if (!answer.ok) return;
  const jobs = (answer.value as { jobs: { kind: string; status: string }[] }).jobs;
  const busy = jobs.find((j) => j.status === 'running' || j.status === 'queued');
  if (busy) {
    throw new AppError(
      'PROJECT_BUSY',
      `A ${busy.kind} job is ${busy.status} in ${basename(projectPath)}: cancel it or let it finish before opening another project.`,
    );
  }
}
