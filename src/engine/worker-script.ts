import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread on `bundled` (the script built beside the bundle: out/cli, out/main) when it exists,
 * else on the TypeScript `source` through tsx (tests, development). Worker threads do not inherit the
 * parent's loader hooks (Node 20 also ignores `--import tsx` in their execArgv), so tsx is registered
 * inside the worker before the source is imported.
 */
export function startScriptWorker(bundled: URL, source: URL, options: WorkerOptions = {}): Worker {
  if (existsSync(fileURLToPath(bundled))) return new Worker(bundled, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(source.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
