import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../shared/errors';

/**
 * Checks, before anything is created, that `path` names a corpus file that can be read; throws
 * NOT_FOUND or INVALID_INPUT saying so in words, with the absolute path looked for.
 */
export function assertReadableCorpus(path: string): string {
  const full = resolve(path);
  if (!existsSync(full)) throw new AppError('NOT_FOUND', `corpus file not found: ${full}`);
  if (statSync(full).isDirectory())
    throw new AppError('INVALID_INPUT', `${full} is a folder, not a corpus file`);
  try {
    accessSync(full, constants.R_OK);
  } catch {
    throw new AppError('INVALID_INPUT', `cannot read the corpus file ${full}: permission denied`);
  }
  return full;
}

/** Papers in the bundled sample corpus. */
export const SAMPLE_PAPERS = 2000;

/**
 * The sample corpus shipped in resources/sample (2,000 arXiv cs.CL papers, CC0): found from this
 * module's place in the source tree, the CLI bundle (out/cli) or the packaged app, and from the working
 * folder; null when none of them holds it.
 */
export function bundledSampleCorpus(from = dirname(fileURLToPath(import.meta.url))): string | null {
  const file = join('resources', 'sample', 'arxiv-cscl-sample.jsonl.gz');
  for (let dir = from, i = 0; i < 6; i++, dir = dirname(dir)) {
    const candidate = join(dir, file);
    if (existsSync(candidate)) return candidate;
  }
  const here = resolve(file);
  return existsSync(here) ? here : null;
}

/**
 * Where projects Taxonomist makes for the user go (the sample's build): `$TAXONOMIST_DATA_DIR`, else
 * `$XDG_DATA_HOME/taxonomist`, else `~/.local/share/taxonomist` (Application Support on macOS, AppData on
 * Windows).
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TAXONOMIST_DATA_DIR) return resolve(env.TAXONOMIST_DATA_DIR);
  if (env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME)) return join(env.XDG_DATA_HOME, 'taxonomist');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Taxonomist');
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'Taxonomist');
  return join(homedir(), '.local', 'share', 'taxonomist');
}

/** The project the sample is built into by default. */
export const sampleProjectPath = (env: NodeJS.ProcessEnv = process.env): string =>
  join(userDataDir(env), 'sample.taxonomist');
