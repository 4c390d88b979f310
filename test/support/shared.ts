import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** The repository root. */
export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** `../shared` beside the checkout (corpora and reference data). */
export const sharedDir = resolve(repoRoot, '..', 'shared');

/**
 * Path of a file under ../shared. Tests that need one fail, never skip, when it is missing, so a CI
 * run without the data cannot pass silently.
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
