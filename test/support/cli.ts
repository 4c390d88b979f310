import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot, SAMPLE_CORPUS } from './shared';

export const binPath = resolve(repoRoot, 'bin', 'taxonomist.js');

function assertBuilt(): void {
  if (!existsSync(resolve(repoRoot, 'out', 'cli', 'taxonomist.js'))) {
    throw new Error('the CLI bundle is missing: run `npm run build:cli` (npm test does it first)');
  }
}

export type CliResult = { code: number | null; stdout: string; stderr: string };

/** Runs `taxonomist ...args` as a user would, through the package's bin. */
export function runTaxonomist(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): CliResult {
  assertBuilt();
  const res = spawnSync(process.execPath, [binPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** Starts `taxonomist ...args` without waiting, for tests that interrupt it. */
export function startTaxonomist(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  assertBuilt();
  return spawn(process.execPath, [binPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Starts `taxonomist serve` on a project, or on its Home screen when `project` is null (the renderer
 * must be built), and resolves with its session URL. Its recent list goes to `configDir`, by default
 * a fresh temporary folder, never the user's own.
 */
export async function startServe(
  project: string | null,
  options: { configDir?: string } = {},
): Promise<{ server: ReturnType<typeof startTaxonomist>; url: string }> {
  if (!existsSync(resolve(repoRoot, 'out', 'renderer', 'index.html'))) {
    throw new Error('the renderer is not built: run `npm run build`');
  }
  const configDir = options.configDir ?? mkdtempSync(join(tmpdir(), 'taxonomist-config-'));
  const server = startTaxonomist(['serve', ...(project ? ['--project', project] : []), '--port', '0'], {
    env: { TAXONOMIST_CONFIG_DIR: configDir },
  });
  const url = await new Promise<string>((done, fail) => {
    let out = '';
    server.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=\w+/.exec(out);
      if (m) done(m[0]);
    });
    server.on('exit', (code) => fail(new Error(`serve exited (${code}): ${out}`)));
  });
  return { server, url };
}

/**
 * Builds a small project offline (300 papers of the bundled sample corpus, USE-Lite, 15 neighbours,
 * topics of at least 10) with `extra` build options; rejects with the output when the build fails.
 */
export function buildSmallProject(project: string, extra: string[] = []): Promise<string> {
  const child = startTaxonomist([
    'build',
    SAMPLE_CORPUS,
    '--project',
    project,
    '--limit',
    '300',
    '--model',
    'use-lite',
    '--offline',
    '--neighbors',
    '15',
    '--min-cluster-size',
    '10',
    ...extra,
  ]);
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`build exited ${code}: ${out}`)),
    ),
  );
}
