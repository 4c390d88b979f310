import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** The repository root. */
export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** `../shared` beside the checkout (corpora and reference data). */
export const sharedDir = resolve(repoRoot, '..', 'shared');

/** The sample corpus bundled in resources/ (2,000 arXiv cs.CL papers): there in every checkout. */
export const SAMPLE_CORPUS = resolve(repoRoot, 'resources', 'sample', 'arxiv-cscl-sample.jsonl.gz');

/**
 * True where a test that needs ../shared is skipped: on a fresh clone without it, outside CI. Under
 * CI=true such tests run, and fail when it is missing, so a CI run without the data cannot pass silently.
 */
export const withoutShared = !existsSync(sharedDir) && !process.env.CI;
if (withoutShared)
  console.warn(
    `skipping the tests that read ${sharedDir} (real corpora, reference outputs): it is not beside this checkout`,
  );

/**
 * Path of a file under ../shared. Tests that need one fail, never skip, when it is missing under CI (or
 * whenever ../shared itself is there); mark them with `it.skipIf(withoutShared)` so a fresh clone skips them.
 */
export function sharedFile(relative: string): string {
  const path = resolve(sharedDir, relative);
  if (!existsSync(path)) {
    throw new Error(
      `missing ${path}: this test reads ../shared (laid beside the checkout); it cannot run without it`,
    );
  }
  return path;
}
